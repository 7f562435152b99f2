// The bootstrap behind score intervals and rank stability (Efron & Tibshirani 1993;
// challengeR, Wiesenfarth et al. 2021): test images are resampled with replacement, every
// entry's metric is recomputed on each resample, and each resample's entries are ranked.
// Seeded (mulberry32): the same seed gives the same resamples, hence the same output.
import { createPrng } from "../../datasets/prng";
import { kendallTauAgainst } from "./kendall-tau";
import { quantileSorted } from "./quantile";
import { minRanks } from "./ranks";

/**
 * A metric as the bootstrap sees it: every entry's score on the whole test set, and on any
 * multiset of its images. The mean of per-image scores is one (mean-metric.ts, optimised);
 * any metric built from additive per-image states is another (additive-metric.ts).
 */
export interface ResampledMetric {
  readonly entries: number;
  readonly images: number;
  /** Each entry's score on the whole test set: what the leaderboard reports. */
  readonly observed: Float64Array;
  /**
   * Scores on `resamples` resamples at once, so that an implementation can keep one entry's
   * data in cache across them: image i was drawn counts[r * images + i] times in resample
   * r; entry e's score on it goes to out[r * entries + e]. Scores must not be NaN.
   */
  scoreResamples(counts: Int32Array, resamples: number, out: Float64Array): void;
}

export interface Bootstrap {
  readonly entries: number;
  readonly resamples: number;
  readonly higherIsBetter: boolean;
  /** The reported ranking: the ranks of the observed scores. */
  readonly observedRanks: Int32Array;
  /** Entry e's score on resample r at [r * entries + e]. */
  readonly scores: Float64Array;
  /** Entry e's rank on resample r at [r * entries + e]. */
  readonly ranks: Int32Array;
  /** Kendall's τ-b between each resample's ranking and the reported one (NaN where undefined). */
  readonly kendallTau: Float64Array;
}

/** Resamples handed to the metric at once; larger blocks gained nothing in the benchmark. */
const BLOCK = 16;
/** The scores and ranks of every resample are kept: 12 bytes per entry and resample. */
const MAX_CELLS = 2 ** 26;

/**
 * Resample r draws `images` image indices uniformly with replacement, floor(u · images) for
 * consecutive u of one mulberry32 stream seeded with `seed`, for r = 0, 1, … in order.
 */
export function bootstrapRanking(metric: ResampledMetric, options: { resamples: number; seed: number; higherIsBetter: boolean }): Bootstrap {
  const { entries, images } = metric;
  const { resamples, seed, higherIsBetter } = options;
  if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError(`bootstrap: resamples must be a positive integer, got ${resamples}`);
  if (entries * resamples > MAX_CELLS) throw new RangeError(`bootstrap: ${entries} entries × ${resamples} resamples is more than the ${MAX_CELLS} kept in memory`);
  if (images < 1) throw new RangeError("bootstrap: no images to resample");
  const prng = createPrng(seed);
  const scores = new Float64Array(entries * resamples);
  const ranks = new Int32Array(entries * resamples);
  const kendallTau = new Float64Array(resamples);
  const sortedScratch = new Float64Array(entries);
  const observedRanks = minRanks(metric.observed, higherIsBetter, new Int32Array(entries), sortedScratch);
  const tauAgainstReported = kendallTauAgainst(observedRanks);
  const counts = new Int32Array(BLOCK * images);
  for (let first = 0; first < resamples; first += BLOCK) {
    const block = Math.min(BLOCK, resamples - first);
    counts.fill(0);
    for (let r = 0; r < block; r++) {
      const offset = r * images;
      for (let k = 0; k < images; k++) counts[offset + Math.floor(prng.next() * images)]!++;
    }
    metric.scoreResamples(counts, block, scores.subarray(first * entries, (first + block) * entries));
    for (let r = first; r < first + block; r++) {
      const row = scores.subarray(r * entries, (r + 1) * entries);
      if (row.some(Number.isNaN)) throw new RangeError(`bootstrap: the metric gave NaN on resample ${r}`);
      const rankRow = minRanks(row, higherIsBetter, ranks.subarray(r * entries, (r + 1) * entries), sortedScratch);
      kendallTau[r] = tauAgainstReported(rankRow);
    }
  }
  return { entries, resamples, higherIsBetter, observedRanks, scores, ranks, kendallTau };
}

/** One entry's values over the resamples, sorted ascending. */
function sortedColumn(values: Float64Array | Int32Array, boot: Bootstrap, entry: number): Float64Array {
  const column = new Float64Array(boot.resamples);
  for (let r = 0; r < boot.resamples; r++) column[r] = values[r * boot.entries + entry]!;
  return column.sort();
}

// R's quantile(x, c(0.025, 0.975)) with these very literals: (1 − 0.95)/2 is not 0.025 in
// floating point, and the intervals are meant to match R's to the bit.
const LOWER = 0.025;
const UPPER = 0.975;

/** The 95 % bootstrap percentile interval of an entry's score. */
export function scoreInterval(boot: Bootstrap, entry: number): [number, number] {
  const sorted = sortedColumn(boot.scores, boot, entry);
  return [quantileSorted(sorted, LOWER), quantileSorted(sorted, UPPER)];
}

/** Median and 95 % interval of an entry's rank over the resamples (challengeR's blob plot). */
export function rankSummary(boot: Bootstrap, entry: number): { median: number; interval: [number, number] } {
  const sorted = sortedColumn(boot.ranks, boot, entry);
  return { median: quantileSorted(sorted, 0.5), interval: [quantileSorted(sorted, LOWER), quantileSorted(sorted, UPPER)] };
}

/**
 * How often each of `shown` (entry indices, e.g. the top 20 in reported order) took each rank:
 * counts[i][j] resamples put shown[i] at rank j + 1, for ranks 1 … the worst any of them took.
 * A blob plot draws a blob of area ∝ counts[i][j] / resamples.
 */
export function rankFrequencies(boot: Bootstrap, shown: readonly number[]): number[][] {
  const counts = shown.map(() => [] as number[]);
  let worst = 0;
  for (let r = 0; r < boot.resamples; r++) {
    shown.forEach((entry, i) => {
      const rank = boot.ranks[r * boot.entries + entry]!;
      const row = counts[i]!;
      row[rank - 1] = (row[rank - 1] ?? 0) + 1;
      worst = Math.max(worst, rank);
    });
  }
  return counts.map((row) => Array.from({ length: worst }, (_, j) => row[j] ?? 0));
}

/**
 * The paired bootstrap test of "a is better than b" for any metric (means included): the
 * fraction of the resamples, the same ones as the intervals, on which a is not better than b
 * (a tie counts against a). Its resolution is 1/resamples.
 */
export function pairedBootstrapP(boot: Bootstrap, a: number, b: number): number {
  let notBetter = 0;
  for (let r = 0; r < boot.resamples; r++) {
    const sa = boot.scores[r * boot.entries + a]!;
    const sb = boot.scores[r * boot.entries + b]!;
    if (boot.higherIsBetter ? sa <= sb : sa >= sb) notBetter++;
  }
  return notBetter / boot.resamples;
}

/** The median over resamples of Kendall's τ-b against the reported ranking; null where it is never defined. */
export function medianKendallTau(boot: Bootstrap): number | null {
  const defined = boot.kendallTau.filter((tau) => !Number.isNaN(tau)).sort();
  return defined.length === 0 ? null : quantileSorted(defined, 0.5);
}
