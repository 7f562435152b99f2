import { describe, expect, it } from "vitest";
import { stratifiedSplits } from "./assign-splits";
import { iterativeStratification, type LabelledKey } from "./iterative-stratification";
import { createPrng } from "./prng";
import type { Split } from "./types";

const FRACTIONS = { train: 0.6, public_test: 0.2, private_test: 0.2 };

/**
 * HPA-like labels: 28 classes with long-tailed frequencies (the rarest a handful of images),
 * one to three labels per image, the common classes co-occurring with the rare ones.
 */
function hpaLike(count: number, seed: number): LabelledKey[] {
  const prng = createPrng(seed);
  const weights = Array.from({ length: 28 }, (_, c) => 1 / (c + 1) ** 1.6);
  const sum = weights.reduce((a, b) => a + b, 0);
  const draw = () => {
    let u = prng.next() * sum;
    for (let c = 0; c < weights.length; c++) if ((u -= weights[c]!) < 0) return c;
    return weights.length - 1;
  };
  return Array.from({ length: count }, (_, i) => {
    const labels = new Set<number>();
    const n = prng.int(1, 3);
    while (labels.size < n) labels.add(draw());
    return { key: `img-${String(i).padStart(4, "0")}`, labels: [...labels] };
  });
}

/** Classes with at least `k` images that are missing from some test split. */
function classesMissingFromTest(items: readonly LabelledKey[], splits: Map<string, Split>, k: number): number[] {
  const missing: number[] = [];
  for (let c = 0; c < 28; c++) {
    const withC = items.filter((item) => item.labels.includes(c));
    if (withC.length < k) continue;
    const seen = new Set(withC.map((item) => splits.get(item.key)));
    if (!seen.has("public_test") || !seen.has("private_test")) missing.push(c);
  }
  return missing;
}

describe("iterativeStratification", () => {
  it("should put every class with at least 5 images into both the public and the private test split", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const items = hpaLike(300, seed);
      // The data has rare classes: some with 5 to 9 images.
      const counts = Array.from({ length: 28 }, (_, c) => items.filter((i) => i.labels.includes(c)).length);
      expect(counts.some((n) => n >= 5 && n < 10), `seed ${seed}`).toBe(true);
      const splits = iterativeStratification(items, { seed, fractions: FRACTIONS });
      expect(classesMissingFromTest(items, splits, 5), `seed ${seed}`).toEqual([]);
    }
  });

  it("should do what a plain seeded shuffle does not (a rare class missing from a test split)", () => {
    const missed = [1, 2, 3, 4, 5].map((seed) => {
      const items = hpaLike(300, seed);
      return classesMissingFromTest(items, stratifiedSplits(items.map((i) => ({ key: i.key, stratum: "" })), { seed, fractions: FRACTIONS }), 5).length;
    });
    expect(missed.some((n) => n > 0)).toBe(true);
  });

  it("should deal a class of five images three, one and one", () => {
    const items = Array.from({ length: 5 }, (_, i) => ({ key: `k${i}`, labels: ["rare"] }));
    const splits = [...iterativeStratification(items, { seed: 9, fractions: FRACTIONS }).values()];
    expect(splits.filter((s) => s === "train")).toHaveLength(3);
    expect(splits.filter((s) => s === "public_test")).toHaveLength(1);
    expect(splits.filter((s) => s === "private_test")).toHaveLength(1);
  });

  it("should keep the split sizes near the fractions, validation included, and give nothing to a zero fraction", () => {
    const items = hpaLike(500, 7);
    const splits = iterativeStratification(items, { seed: 7, fractions: { train: 0.5, public_test: 0.2, private_test: 0.2, validation: 0.1 } });
    const size = (s: Split) => [...splits.values()].filter((v) => v === s).length;
    expect(Math.abs(size("train") - 250)).toBeLessThanOrEqual(10);
    expect(Math.abs(size("public_test") - 100)).toBeLessThanOrEqual(10);
    expect(Math.abs(size("private_test") - 100)).toBeLessThanOrEqual(10);
    expect(Math.abs(size("validation") - 50)).toBeLessThanOrEqual(10);
    const none = iterativeStratification(items, { seed: 7, fractions: FRACTIONS });
    expect([...none.values()].includes("validation")).toBe(false);
  });

  it("should place images without labels and return a split for every key", () => {
    const items = [...hpaLike(40, 3), ...Array.from({ length: 10 }, (_, i) => ({ key: `empty-${i}`, labels: [] }))];
    const splits = iterativeStratification(items, { seed: 3, fractions: FRACTIONS });
    expect(splits.size).toBe(50);
    expect(new Set([...splits.entries()].filter(([k]) => k.startsWith("empty-")).map(([, s]) => s)).size).toBeGreaterThan(1);
  });

  it("should depend on the seed, not on the input order", () => {
    const items = hpaLike(120, 4);
    const a = iterativeStratification(items, { seed: 11, fractions: FRACTIONS });
    const b = iterativeStratification([...items].reverse(), { seed: 11, fractions: FRACTIONS });
    expect([...b.entries()].sort()).toEqual([...a.entries()].sort());
    const c = iterativeStratification(items, { seed: 12, fractions: FRACTIONS });
    expect([...c.entries()].sort()).not.toEqual([...a.entries()].sort());
  });

  it("should refuse fractions that are negative or all zero", () => {
    expect(() => iterativeStratification([], { seed: 0, fractions: { train: 0, public_test: 0, private_test: 0 } })).toThrow(RangeError);
    expect(() => iterativeStratification([], { seed: 0, fractions: { train: -1, public_test: 1, private_test: 1 } })).toThrow(RangeError);
  });
});
