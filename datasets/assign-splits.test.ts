import { describe, expect, it } from "vitest";
import { assignSplits } from "./assign-splits";
import type { Split } from "./types";

const counts = (splits: Iterable<Split>): Record<Split, number> => {
  const out: Record<Split, number> = { train: 0, public_test: 0, private_test: 0 };
  for (const split of splits) out[split]++;
  return out;
};

describe("assignSplits", () => {
  it("should hit the requested fractions exactly when they divide the count", () => {
    const order = Array.from({ length: 36 }, (_, i) => 35 - i);
    const splits = assignSplits(order, { train: 1 / 3, public_test: 1 / 3, private_test: 1 / 3 });
    expect(splits.size).toBe(36);
    expect(counts(splits.values())).toEqual({ train: 12, public_test: 12, private_test: 12 });
  });

  it("should spread every prefix (stratum) over the splits", () => {
    const order = Array.from({ length: 30 }, (_, i) => i);
    const splits = assignSplits(order, { train: 0.5, public_test: 0.25, private_test: 0.25 });
    const firstSix = order.slice(0, 6).map((i) => splits.get(i) ?? "train");
    expect(counts(firstSix)).toEqual({ train: 3, public_test: 2, private_test: 1 });
    expect(counts(splits.values())).toEqual({ train: 15, public_test: 8, private_test: 7 });
  });

  it("should never use a split whose fraction is zero", () => {
    const splits = assignSplits([0, 1, 2, 3], { train: 0, public_test: 1, private_test: 0 });
    expect(counts(splits.values())).toEqual({ train: 0, public_test: 4, private_test: 0 });
  });

  it("should reject fractions that are all zero or negative", () => {
    expect(() => assignSplits([0], { train: 0, public_test: 0, private_test: 0 })).toThrow(RangeError);
    expect(() => assignSplits([0], { train: -1, public_test: 1, private_test: 1 })).toThrow(RangeError);
  });
});
