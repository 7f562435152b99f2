// Everything a leaderboard needs to tell the truth about a phase, from per-image scores:
// each entry's score with its bootstrap interval, rank and rank stability, the pairwise
// tests, and who cannot be told apart from the leader. Pure: the same input and seed give
// the same output, key order included.
import { bootstrapRanking, medianKendallTau, rankFrequencies, rankSummary, scoreInterval, type ResampledMetric } from "./bootstrap";
import { meanMetric, type ScoreMatrix } from "./mean-metric";
import { pairwiseBootstrap, pairwiseWilcoxon, tiedWithLeader } from "./pairwise";

interface RankingStatisticsOptions {
  higherIsBetter: boolean;
  resamples: number;
  seed: number;
  alpha: number;
  /**
   * Pairs tested: every pair among the best `pairsTop` entries. The default, 20, is 190 tests;
   * all pairs of 1,000 entries would be 499,500 tests of 3,019 images each.
   */
  pairsTop?: number;
}

export interface RankingStatistics {
  /** Best first; tied entries by participant (in UTF-16 code unit order, as JavaScript compares strings). */
  entries: Array<{ participant: string; score: number; ci: [number, number]; rank: number; medianRank: number; rankInterval: [number, number] }>;
  /** Every pair (a ranked above b) among the tested top, in the order of `entries`. */
  pairs: Array<{ a: string; b: string; p: number; pHolm: number; significant: boolean }>;
  /** Median over resamples of Kendall's τ-b between the resample's ranking and the reported one. */
  kendallTau: number | null;
  /** The leader and the entries not distinguishable from it, best first. */
  tiedWithLeader: string[];
  /** For a blob plot of the top entries: counts[i][j] resamples ranked participants[i] at rank j + 1. */
  rankFrequencies: { participants: string[]; resamples: number; counts: number[][] };
}

const DEFAULT_PAIRS_TOP = 20;
/** challengeR's blob plots show every entry; beyond 20 rows nobody reads one. */
const BLOB_PLOT_TOP = 20;

/** Any other metric: its resampled scores, and the paired bootstrap test between entries. */
export interface ResampledEntries {
  participants: string[];
  metric: ResampledMetric;
}

/**
 * From per-image scores (the score is their mean: Wilcoxon signed-rank tests between entries),
 * or from any resampled metric (paired bootstrap tests instead: a signed-rank test on
 * per-image values would not test the metric itself).
 */
export function rankingStatistics(input: ScoreMatrix | ResampledEntries, options: RankingStatisticsOptions): RankingStatistics {
  const { participants } = input;
  const metric = "metric" in input ? input.metric : meanMetric(input);
  const boot = bootstrapRanking(metric, options);
  const order = participants
    .map((_, e) => e)
    .sort((x, y) => boot.observedRanks[x]! - boot.observedRanks[y]! || (participants[x]! < participants[y]! ? -1 : participants[x]! > participants[y]! ? 1 : 0));
  const top = options.pairsTop ?? DEFAULT_PAIRS_TOP;
  const pairs =
    "metric" in input
      ? pairwiseBootstrap(boot, order, { top, alpha: options.alpha })
      : pairwiseWilcoxon(input, order, { top, higherIsBetter: options.higherIsBetter, alpha: options.alpha });
  const name = (entry: number) => participants[entry]!;
  const blobRows = order.slice(0, BLOB_PLOT_TOP);
  return {
    entries: order.map((e) => {
      const { median, interval } = rankSummary(boot, e);
      return { participant: name(e), score: metric.observed[e]!, ci: scoreInterval(boot, e), rank: boot.observedRanks[e]!, medianRank: median, rankInterval: interval };
    }),
    pairs: pairs.map(({ a, b, p, pHolm, significant }) => ({ a: name(a), b: name(b), p, pHolm, significant })),
    kendallTau: medianKendallTau(boot),
    tiedWithLeader: tiedWithLeader(pairs, order).map(name),
    rankFrequencies: { participants: blobRows.map(name), resamples: boot.resamples, counts: rankFrequencies(boot, blobRows) },
  };
}
