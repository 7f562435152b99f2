import { describe, expect, it } from "vitest";
import { assignSplits, splitFromUsage, stratifiedSplits } from "./assign-splits";
import type { Split } from "./types";

const counts = (splits: Iterable<Split>): Record<Split, number> => {
  const out: Record<Split, number> = { train: 0, public_test: 0, private_test: 0, validation: 0 };
  for (const split of splits) out[split]++;
  return out;
};

describe("assignSplits", () => {
  it("should hit the requested fractions exactly when they divide the count", () => {
    const order = Array.from({ length: 36 }, (_, i) => 35 - i);
    const splits = assignSplits(order, { train: 1 / 3, public_test: 1 / 3, private_test: 1 / 3 });
    expect(splits.size).toBe(36);
    expect(counts(splits.values())).toEqual({ train: 12, public_test: 12, private_test: 12, validation: 0 });
  });

  it("should spread every prefix (stratum) over the splits", () => {
    const order = Array.from({ length: 30 }, (_, i) => i);
    const splits = assignSplits(order, { train: 0.5, public_test: 0.25, private_test: 0.25 });
    const firstSix = order.slice(0, 6).map((i) => splits.get(i) ?? "train");
    expect(counts(firstSix)).toEqual({ train: 3, public_test: 2, private_test: 1, validation: 0 });
    expect(counts(splits.values())).toEqual({ train: 15, public_test: 8, private_test: 7, validation: 0 });
  });

  it("should never use a split whose fraction is zero", () => {
    const splits = assignSplits([0, 1, 2, 3], { train: 0, public_test: 1, private_test: 0 });
    expect(counts(splits.values())).toEqual({ train: 0, public_test: 4, private_test: 0, validation: 0 });
  });

  it("should reject fractions that are all zero or negative", () => {
    expect(() => assignSplits([0], { train: 0, public_test: 0, private_test: 0 })).toThrow(RangeError);
    expect(() => assignSplits([0], { train: -1, public_test: 1, private_test: 1 })).toThrow(RangeError);
  });
});

describe("stratifiedSplits", () => {
  const items = Array.from({ length: 90 }, (_, i) => ({ key: `img${i}`, stratum: ["fluorescence", "brightfield", "histology"][i % 3]! }));
  const fractions = { train: 0.6, public_test: 0.2, private_test: 0.2 };

  it("should spread every stratum over the splits in the requested proportions", () => {
    const splits = stratifiedSplits(items, { seed: 1, fractions });
    for (const stratum of ["fluorescence", "brightfield", "histology"]) {
      const counts = { train: 0, public_test: 0, private_test: 0, validation: 0 };
      for (const item of items.filter((i) => i.stratum === stratum)) counts[splits.get(item.key)!]++;
      expect(counts).toEqual({ train: 18, public_test: 6, private_test: 6, validation: 0 });
    }
  });

  it("should depend on the seed and not on the order the items come in", () => {
    const a = stratifiedSplits(items, { seed: 1, fractions });
    expect(stratifiedSplits([...items].reverse(), { seed: 1, fractions })).toEqual(a);
    expect(stratifiedSplits(items, { seed: 2, fractions })).not.toEqual(a);
  });

  it("should map Kaggle's Usage to splits", () => {
    expect([splitFromUsage("Public"), splitFromUsage("Private"), splitFromUsage("Ignored"), splitFromUsage(null)]).toEqual(["public_test", "private_test", "private_test", "train"]);
  });

  it("should map Usage Validation to the validation split", () => {
    expect(splitFromUsage("Validation")).toBe("validation");
  });

  it("should deal validation images into every stratum when given a validation fraction", () => {
    const splits = stratifiedSplits(items, { seed: 1, fractions: { train: 0.5, public_test: 0.2, private_test: 0.2, validation: 0.1 } });
    for (const stratum of ["fluorescence", "brightfield", "histology"]) {
      expect(counts(items.filter((i) => i.stratum === stratum).map((item) => splits.get(item.key)!))).toEqual({ train: 15, public_test: 6, private_test: 6, validation: 3 });
    }
  });

  it("should split exactly as before when the validation fraction is 0 or left out", () => {
    expect(stratifiedSplits(items, { seed: 1, fractions: { ...fractions, validation: 0 } })).toEqual(stratifiedSplits(items, { seed: 1, fractions }));
    expect(counts(stratifiedSplits(items, { seed: 1, fractions }).values()).validation).toBe(0);
  });
});
