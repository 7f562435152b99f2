// Kendall's τ-b (Kendall 1945), which handles ties, in O(n log n) by Knight's method (Knight
// 1966): sort by x (ties by y), then count the swaps a merge sort by y makes; those are the
// discordant pairs. The bootstrap compares 1,000 rankings with the reported one, so x is
// sorted once and each τ costs one merge sort.

/** Pairs (i < j) of tied values among ascending sorted values: Σ t(t − 1)/2 over runs of t. */
function tiedPairs(sorted: ArrayLike<number>): number {
  const n = sorted.length;
  let pairs = 0;
  for (let i = 0; i < n; ) {
    let j = i + 1;
    while (j < n && sorted[j] === sorted[i]) j++;
    pairs += ((j - i) * (j - i - 1)) / 2;
    i = j;
  }
  return pairs;
}

/**
 * Sorts `values` ascending by a bottom-up merge sort and counts inversions (pairs out of
 * order; equal values are not inversions). Returns whichever of the two buffers ends up
 * holding the sorted values.
 */
function mergeSortCountingInversions(values: Float64Array, spare: Float64Array): { sorted: Float64Array; inversions: number } {
  const n = values.length;
  let from = values;
  let to = spare;
  let inversions = 0;
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        if (from[j]! < from[i]!) {
          // from[j] jumps over everything left in the first half.
          inversions += mid - i;
          to[k++] = from[j++]!;
        } else {
          to[k++] = from[i++]!;
        }
      }
      while (i < mid) to[k++] = from[i++]!;
      while (j < hi) to[k++] = from[j++]!;
    }
    [from, to] = [to, from];
  }
  return { sorted: from, inversions };
}

/**
 * τ-b between `x` and each `y` given to the returned function: both in the same orientation
 * (two rankings, or two score vectors), no NaN. NaN when τ-b is undefined: fewer than two
 * entries, or all of x or all of y tied.
 */
export function kendallTauAgainst(x: ArrayLike<number>): (y: ArrayLike<number>) => number {
  const n = x.length;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => (x[a]! < x[b]! ? -1 : x[a]! > x[b]! ? 1 : 0));
  const sortedX = Float64Array.from(order, (i) => x[i]!);
  // Runs of tied x, as [start, end) pairs: within them the y values are sorted each time.
  const tiedRuns: number[] = [];
  for (let i = 0; i < n; ) {
    let j = i + 1;
    while (j < n && sortedX[j] === sortedX[i]) j++;
    if (j - i > 1) tiedRuns.push(i, j);
    i = j;
  }
  const pairs = (n * (n - 1)) / 2;
  const xTies = tiedPairs(sortedX);
  const ys = new Float64Array(n);
  const spare = new Float64Array(n);
  return (y) => {
    if (y.length !== n) throw new RangeError(`kendallTau: ${y.length} values against ${n}`);
    for (let k = 0; k < n; k++) ys[k] = y[order[k]!]!;
    let jointTies = 0;
    for (let r = 0; r < tiedRuns.length; r += 2) {
      const run = ys.subarray(tiedRuns[r], tiedRuns[r + 1]);
      run.sort();
      jointTies += tiedPairs(run);
    }
    const { sorted, inversions } = mergeSortCountingInversions(ys, spare);
    const yTies = tiedPairs(sorted);
    const denominator = Math.sqrt((pairs - xTies) * (pairs - yTies));
    if (denominator === 0) return NaN;
    // Concordant − discordant = pairs − xTies − yTies + jointTies − 2·discordant.
    return (pairs - xTies - yTies + jointTies - 2 * inversions) / denominator;
  };
}

/** τ-b between two rankings (or score vectors) of the same entries; see kendallTauAgainst. */
export function kendallTauB(x: ArrayLike<number>, y: ArrayLike<number>): number {
  return kendallTauAgainst(x)(y);
}
