// Quantiles as R's quantile() computes them by default (type 7, Hyndman & Fan 1996), so that
// intervals can be checked against R and numpy (method "linear") to the last bit.

/** The p-quantile of ascending sorted values (at least one). */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError("quantileSorted needs at least one value");
  // 1-based position h = 1 + (n − 1)p; written as R writes it so the rounding is the same.
  const index = 1 + (n - 1) * p;
  const lo = Math.floor(index);
  const hi = Math.ceil(index);
  const low = sorted[lo - 1]!;
  const high = sorted[hi - 1]!;
  if (index <= lo || high === low) return low;
  const h = index - lo;
  return (1 - h) * low + h * high;
}
