import type { Split } from "./types";
import { SPLITS } from "./types";

export type SplitFractions = Record<Split, number>;

/**
 * Assigns a split to each position of `order` so that every prefix stays as close as possible
 * to the requested fractions (largest deficit first, ties in SPLITS order).
 *
 * Callers pass indices grouped by stratum (e.g. all brightfield images first): because every
 * prefix is proportional, each stratum is spread over the splits instead of landing in one.
 * Returns split by index.
 */
export function assignSplits(order: readonly number[], fractions: SplitFractions): Map<number, Split> {
  const total = SPLITS.reduce((sum, split) => sum + fractions[split], 0);
  if (!(total > 0) || SPLITS.some((split) => !(fractions[split] >= 0))) {
    throw new RangeError("split fractions must be non-negative and not all zero");
  }
  const assigned: Record<Split, number> = { train: 0, public_test: 0, private_test: 0 };
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
