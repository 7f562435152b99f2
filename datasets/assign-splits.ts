import type { ItemUsage, Split } from "./types";
import { SPLITS } from "./types";
import { createPrng, hashHex, seedFromHex } from "./prng";

/** Validation may be left out: it defaults to 0 (no validation images). */
export type SplitFractions = Record<Exclude<Split, "validation">, number> & { validation?: number };

/**
 * Assigns a split to each position of `order` so that every prefix stays as close as possible
 * to the requested fractions (largest deficit first, ties in SPLITS order).
 *
 * Callers pass indices grouped by stratum (e.g. all brightfield images first): because every
 * prefix is proportional, each stratum is spread over the splits instead of landing in one.
 * Returns split by index.
 */
export function assignSplits(order: readonly number[], given: SplitFractions): Map<number, Split> {
  const fractions: Record<Split, number> = { ...given, validation: given.validation ?? 0 };
  const total = SPLITS.reduce((sum, split) => sum + fractions[split], 0);
  if (!(total > 0) || SPLITS.some((split) => !(fractions[split] >= 0))) {
    throw new RangeError("split fractions must be non-negative and not all zero");
  }
  const assigned: Record<Split, number> = { train: 0, public_test: 0, private_test: 0, validation: 0 };
  const out = new Map<number, Split>();
  order.forEach((index, position) => {
    let best: Split = "train";
    let bestDeficit = -Infinity;
    for (const split of SPLITS) {
      if (fractions[split] === 0) continue;
      const deficit = ((position + 1) * fractions[split]) / total - assigned[split];
      if (deficit > bestDeficit + 1e-9) {
        best = split;
        bestDeficit = deficit;
      }
    }
    assigned[best]++;
    out.set(index, best);
  });
  return out;
}

/**
 * A seeded split stratified over one metadata value: items are shuffled within each stratum
 * (strata in sorted order), then dealt with `assignSplits`, so every stratum is spread over
 * the splits in the requested proportions. Same keys, strata and seed → same splits.
 */
export function stratifiedSplits(
  items: ReadonlyArray<{ key: string; stratum: string }>,
  options: { seed: number; fractions: SplitFractions },
): Map<string, Split> {
  const strata = new Map<string, string[]>();
  for (const { key, stratum } of [...items].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
    const list = strata.get(stratum);
    if (list) list.push(key);
    else strata.set(stratum, [key]);
  }
  const keys: string[] = [];
  for (const stratum of [...strata.keys()].sort()) {
    const prng = createPrng(seedFromHex(hashHex("stratified-splits", options.seed, stratum)));
    keys.push(...prng.shuffle(strata.get(stratum) ?? []));
  }
  const byIndex = assignSplits(keys.map((_, i) => i), options.fractions);
  return new Map(keys.map((key, i) => [key, byIndex.get(i) ?? "train"]));
}

/**
 * Kaggle's convention: rows with Usage Public / Private (or Ignored) are test rows; the rest
 * train. Ours adds Validation: predicted and scored per image, outside the test set.
 */
export function splitFromUsage(usage: ItemUsage | null | undefined): Split {
  switch (usage) {
    case "Public":
      return "public_test";
    case "Private":
    case "Ignored":
      return "private_test";
    case "Validation":
      return "validation";
    default:
      return "train";
  }
}
