// One-to-one matching of predicted to true objects at an IoU threshold, exactly.
import { unionOf, type ImageOverlaps, type OverlapPair } from "./overlaps";

/** A threshold t as the integer k of k/10000, so comparisons stay in integers. */
export const THRESHOLD_SCALE = 10_000;

export function thresholdSteps(threshold: number): number {
  return Math.round(threshold * THRESHOLD_SCALE);
}

export interface Match extends OverlapPair {
  union: number;
}

/**
 * Greedy matching by descending IoU (ties: lower predicted, then lower true index), keeping
 * pairs with IoU >= t (`inclusive`, StarDist/Cellpose) or IoU > t. Above t = 0.5 every
 * candidate pair is already unique, so greedy equals optimal assignment there.
 */
export function matchObjects(overlaps: ImageOverlaps, steps: number, inclusive: boolean): Match[] {
  const candidates: Match[] = [];
  for (const pair of overlaps.pairs) {
    const union = unionOf(overlaps, pair);
    const lhs = THRESHOLD_SCALE * pair.intersection;
    const rhs = steps * union;
    if (inclusive ? lhs >= rhs : lhs > rhs) candidates.push({ ...pair, union });
  }
  // IoU a > IoU b  <=>  Ia·Ub > Ib·Ua (integers below 2^53: exact).
  candidates.sort(
    (a, b) => b.intersection * a.union - a.intersection * b.union || a.pred - b.pred || a.truth - b.truth,
  );
  const usedPred = new Set<number>();
  const usedTrue = new Set<number>();
  const matches: Match[] = [];
  for (const c of candidates) {
    if (usedPred.has(c.pred) || usedTrue.has(c.truth)) continue;
    usedPred.add(c.pred);
    usedTrue.add(c.truth);
    matches.push(c);
  }
  return matches;
}
