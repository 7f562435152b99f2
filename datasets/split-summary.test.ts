import { describe, expect, it } from "vitest";
import { summarizeSplits } from "./split-summary";

describe("summarizeSplits", () => {
  it("should count images per split, per column value (missing last) and per label", () => {
    const summary = summarizeSplits([
      { split: "train", value: "histology", labels: [0, 3] },
      { split: "train", value: "fluorescence", labels: [0] },
      { split: "public_test", value: null, labels: [3, 3] },
      { split: "private_test", value: "histology", labels: [] },
      { split: "validation", value: "fluorescence", labels: [7] },
    ]);
    expect(summary.splits).toEqual({ train: 2, public_test: 1, private_test: 1, validation: 1 });
    expect(summary.byValue).toEqual([
      { value: "fluorescence", counts: { train: 1, public_test: 0, private_test: 0, validation: 1 } },
      { value: "histology", counts: { train: 1, public_test: 0, private_test: 1, validation: 0 } },
      { value: null, counts: { train: 0, public_test: 1, private_test: 0, validation: 0 } },
    ]);
    // A repeated label counts its image once.
    expect(summary.byLabel).toEqual([
      { label: 0, counts: { train: 2, public_test: 0, private_test: 0, validation: 0 } },
      { label: 3, counts: { train: 1, public_test: 1, private_test: 0, validation: 0 } },
      { label: 7, counts: { train: 0, public_test: 0, private_test: 0, validation: 1 } },
    ]);
  });

  it("should leave out the per-value rows when no column is counted", () => {
    expect(summarizeSplits([{ split: "train" }]).byValue).toEqual([]);
  });
});
