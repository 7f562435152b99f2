import { describe, expect, it } from "vitest";
import { assignSplits } from "./read-split-dataset";

describe("assignSplits", () => {
  // Classes of 5 to 20 images, ids interleaved so key order alone cannot group a class.
  const sizes = [5, 5, 6, 10, 20];
  const items = sizes.flatMap((size, label) =>
    Array.from({ length: size }, (_, i) => ({ imageId: `img-${String(i).padStart(2, "0")}-${label}`, metadata: { site: i % 2 === 0 ? "a" : "b" }, usage: null, classes: [label] })),
  );
  const countsOf = (splits: Map<string, string>) =>
    sizes.map((_, label) => {
      const counts = { train: 0, public_test: 0, private_test: 0, validation: 0 };
      for (const item of items) if (item.classes[0] === label) counts[splits.get(item.imageId) as keyof typeof counts]++;
      return counts;
    });

  it("should stratify a single-label dataset by class: every class in both test splits, in proportion", () => {
    const assigned = assignSplits({ kind: "singlelabel_classification", items }, { split: { kind: "stratified", seed: 1, fractions: { train: 0.6, public_test: 0.2, private_test: 0.2, validation: 0 } } });
    if (!("splits" in assigned)) throw new Error(JSON.stringify(assigned.problems));
    expect(countsOf(assigned.splits)).toEqual([
      { train: 3, public_test: 1, private_test: 1, validation: 0 },
      { train: 3, public_test: 1, private_test: 1, validation: 0 },
      { train: expect.any(Number), public_test: expect.any(Number), private_test: expect.any(Number), validation: 0 },
      { train: 6, public_test: 2, private_test: 2, validation: 0 },
      { train: 12, public_test: 4, private_test: 4, validation: 0 },
    ]);
    for (const counts of countsOf(assigned.splits)) {
      expect(counts.public_test).toBeGreaterThan(0);
      expect(counts.private_test).toBeGreaterThan(0);
    }
  });

  it("should keep every class in both test splits when a metadata column is balanced too", () => {
    const assigned = assignSplits({ kind: "singlelabel_classification", items }, { split: { kind: "stratified", by: "site", seed: 2, fractions: { train: 0.6, public_test: 0.2, private_test: 0.2, validation: 0 } } });
    if (!("splits" in assigned)) throw new Error(JSON.stringify(assigned.problems));
    for (const counts of countsOf(assigned.splits)) {
      expect(counts.public_test).toBeGreaterThan(0);
      expect(counts.private_test).toBeGreaterThan(0);
    }
  });
});
