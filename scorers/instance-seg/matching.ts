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
 * The matching StarDist computes: as many pairs with IoU >= t (`inclusive`, StarDist and
 * Cellpose) or IoU > t as possible, and among those the largest sum of IoU.
 *
 * From t = 0.5 up, a true object has at most one candidate partner that is not tied with
 * another at exactly 0.5 (and tied ones have no other partner), so greedy by descending IoU
 * is already optimal; below 0.5 each connected group of candidates is solved as an
 * assignment problem (Hungarian algorithm), as StarDist does with linear_sum_assignment.
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
  return 2 * steps >= THRESHOLD_SCALE ? greedy(candidates) : optimal(candidates, overlaps.nPred);
}

function greedy(candidates: readonly Match[]): Match[] {
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

/** Per connected group of candidate pairs: trivially when no object has two candidates, else Hungarian. */
function optimal(candidates: readonly Match[], nPred: number): Match[] {
  // Union-find over objects: predicted k is node k, true k is node nPred + k.
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let root = x;
    while ((parent.get(root) ?? root) !== root) root = parent.get(root) ?? root;
    parent.set(x, root);
    return root;
  };
  for (const c of candidates) {
    const a = find(c.pred);
    const b = find(nPred + c.truth);
    if (a !== b) parent.set(a, b);
  }
  const groups = new Map<number, Match[]>();
  for (const c of candidates) {
    const root = find(c.pred);
    const group = groups.get(root);
    if (group) group.push(c);
    else groups.set(root, [c]);
  }
  const matches: Match[] = [];
  for (const group of groups.values()) {
    if (group.length === 1) matches.push(group[0]!);
    else matches.push(...assign(group));
  }
  return matches.sort((a, b) => a.pred - b.pred);
}

/**
 * Maximum-weight assignment on one group. Weight 1 + IoU / (2·(k+1)) for k possible
 * matches: the IoU terms sum to less than 1/2, so the count of matches always wins and IoU
 * only breaks ties (StarDist's cost, -1 - IoU/(2·n), the same ordering).
 */
function assign(group: readonly Match[]): Match[] {
  const preds = [...new Set(group.map((m) => m.pred))];
  const truths = [...new Set(group.map((m) => m.truth))];
  // Rows are the smaller side, as the algorithm needs rows <= columns.
  const predRows = preds.length <= truths.length;
  const rows = predRows ? preds : truths;
  const cols = predRows ? truths : preds;
  const rowIndex = new Map(rows.map((id, i) => [id, i]));
  const colIndex = new Map(cols.map((id, j) => [id, j]));
  const n = rows.length;
  const m = cols.length;
  const tieScale = 1 / (2 * (n + 1));
  const cost = Array.from({ length: n }, () => new Float64Array(m)); // 0 = "not matched"
  const pairAt = Array.from({ length: n }, () => new Array<Match | undefined>(m));
  for (const match of group) {
    const i = rowIndex.get(predRows ? match.pred : match.truth) ?? 0;
    const j = colIndex.get(predRows ? match.truth : match.pred) ?? 0;
    cost[i]![j] = -(1 + (match.intersection / match.union) * tieScale);
    pairAt[i]![j] = match;
  }
  const assigned = hungarian(cost, n, m);
  const result: Match[] = [];
  assigned.forEach((j, i) => {
    const pair = pairAt[i]?.[j];
    if (pair) result.push(pair);
  });
  return result;
}

/** Minimum-cost assignment of every row to a distinct column (n <= m), O(n²·m); returns the column per row. */
export function hungarian(cost: readonly Float64Array[], n: number, m: number): Int32Array {
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const p = new Int32Array(m + 1); // p[j] = row (1-based) assigned to column j, 0 = none
  const way = new Int32Array(m + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Float64Array(m + 1).fill(Infinity);
    const used = new Uint8Array(m + 1);
    do {
      used[j0] = 1;
      const i0 = p[j0]!;
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const cur = cost[i0 - 1]![j - 1]! - u[i0]! - v[j]!;
        if (cur < minv[j]!) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j]! < delta) {
          delta = minv[j]!;
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[p[j]!] = u[p[j]!]! + delta;
          v[j] = v[j]! - delta;
        } else {
          minv[j] = minv[j]! - delta;
        }
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0]!;
      p[j0] = p[j1]!;
      j0 = j1;
    } while (j0 !== 0);
  }
  const assignment = new Int32Array(n).fill(-1);
  for (let j = 1; j <= m; j++) if (p[j]! > 0) assignment[p[j]! - 1] = j - 1;
  return assignment;
}
