// A phase's boards with their uncertainty (server/ranking): computed by a worker after a
// submission is scored, stored, and only read by leaderboard requests. Every number comes
// from the submissions' stored per-image states and the challenge's own metric
// (scoreOfStates), so subsets and resamples are scored exactly as the scorer would.
import { getScorer } from "../../../scorers";
import { env } from "../../env";
import { additiveMetric, subsetScores, type AdditiveStates } from "../../ranking/additive-metric";
import { rankingStatistics } from "../../ranking/ranking-statistics";
import { boardStatisticsRepository, type Board, type StatisticsEntryRow } from "../../repositories/board-statistics-repository";
import { MIN_PUBLIC_IMAGES_PER_GROUP } from "../disclosure/disclose-report";
import { testConditions } from "../disclosure/audience";
import { ladderRepository } from "../../repositories/ladder-repository";
import { ladderAfterScoring } from "./ladder-step";
import { loadImageIndex, loadImageStates } from "./store-image-states";
import type { DecodedStates, ImageIndex } from "./image-states-codec";
import type { StoredBoardStatistics } from "./stored-statistics";
import type { ScoringRule } from "../../contracts/scoring-rule";
import { higherIsBetter as ruleHigherIsBetter, readStoredRule } from "../scoring-rule/rule-document";

export const STATISTICS_ALPHA = 0.05;
/** Pairs tested and blob-plot rows: the top of the board. */
const TOP = 20;

/**
 * The bootstrap's seed, the same for every phase and `npm run rank`'s default: a board's
 * numbers are reproducible from its per-image scores alone, and depend on nothing else
 * (not even on which phase they belong to).
 */
export const STATISTICS_SEED = 1;

export interface LoadedEntry {
  row: Pick<StatisticsEntryRow, "userId" | "submissionId">;
  states: DecodedStates;
}

interface BoardContext {
  scoreOf: (sums: Float64Array, images: number) => number;
  higherIsBetter: boolean;
  seed: number;
  conditions: { column: string | null; valueOf: ReadonlyMap<string, string> };
  /** The scoring rule's private board: the private images (the default) or every test image. */
  privateBoard?: ScoringRule["privateBoard"];
}

/**
 * The entries' decoded states. `decoded` is shared by both boards of one job: without the
 * Ladder they rank the same submissions, whose blobs are then read and decoded once.
 */
async function loadEntries(rows: readonly StatisticsEntryRow[], decoded: Map<string, DecodedStates>): Promise<LoadedEntry[]> {
  const loaded: LoadedEntry[] = [];
  // Sequential on purpose: a worker holds one phase's states at a time, and the blob store's
  // reads are what bounds this anyway.
  for (const row of rows) {
    const key = row.imageStatesKey;
    if (!key) continue;
    let states = decoded.get(key);
    if (!states) {
      states = await loadImageStates(key);
      decoded.set(key, states);
    }
    loaded.push({ row, states });
  }
  return loaded;
}

/**
 * The entries all scored on the current test images: states on another image list (scored
 * before the dataset changed) or with other fields (another scorer version) wait for a re-score.
 */
function consistent(entries: LoadedEntry[]): LoadedEntry[] {
  const counts = new Map<string, number>();
  const signature = (e: LoadedEntry) => `${e.states.indexDigest}:${e.states.fields.join(",")}`;
  for (const entry of entries) counts.set(signature(entry), (counts.get(signature(entry)) ?? 0) + 1);
  const common = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  return entries.filter((entry) => signature(entry) === common);
}

/**
 * One board's statistics from its entries' decoded states (the worker's whole computation
 * after the reads; `npm run bench -- ranking` times it at the issue's scale).
 */
export function boardStatistics(board: Board, entries: LoadedEntry[], index: ImageIndex, context: BoardContext): StoredBoardStatistics | null {
  const onBoard = (usage: (typeof index.usages)[number]) =>
    board === "public" ? usage === "Public" || usage === null : usage === "Private" || (context.privateBoard === "all-test-images" && usage === "Public");
  const images = index.usages.flatMap((usage, i) => (onBoard(usage) ? [i] : []));
  if (entries.length === 0 || images.length === 0) return null;
  const fields = entries[0]!.states.fields;
  const width = fields.length;
  // Entry × board image × field, for the bootstrap.
  const states = new Float64Array(entries.length * images.length * width);
  entries.forEach((entry, e) => {
    images.forEach((image, i) => {
      for (let f = 0; f < width; f++) states[(e * images.length + i) * width + f] = entry.states.values[image * width + f]!;
    });
  });
  const participants = entries.map((entry) => entry.row.userId);
  const options = { higherIsBetter: context.higherIsBetter, resamples: env.STATISTICS_RESAMPLES, seed: context.seed, alpha: STATISTICS_ALPHA, pairsTop: TOP };
  // A mean of per-image scores: the fast mean and the signed-rank test. Anything else: its own metric and the paired bootstrap.
  const isMean = width === 1 && fields[0] === "score";
  const additive: AdditiveStates = { entries: entries.length, images: images.length, fields: width, states, scoreOf: context.scoreOf };
  const stats = isMean
    ? rankingStatistics({ participants, images: images.map((i) => index.ids[i]!), scores: states }, options)
    : rankingStatistics({ participants, metric: additiveMetric(additive) }, options);

  // Per condition: the public images during the phase (groups of enough of them), all test images on the private board.
  const conditionImages = board === "public" ? images : index.usages.flatMap((usage, i) => (usage === "Public" || usage === "Private" ? [i] : []));
  const minImages = board === "public" ? MIN_PUBLIC_IMAGES_PER_GROUP : 1;
  const groups = new Map<string, number[]>();
  if (context.conditions.column) {
    for (const image of conditionImages) {
      const value = context.conditions.valueOf.get(index.ids[image]!) ?? "(none)";
      groups.set(value, [...(groups.get(value) ?? []), image]);
    }
  }
  const shownGroups = [...groups.entries()].filter(([, members]) => members.length >= minImages).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const everyImage: AdditiveStates = { entries: entries.length, images: index.ids.length, fields: width, states: concatStates(entries), scoreOf: context.scoreOf };
  const byCondition = shownGroups.map(([, members]) => subsetScores(everyImage, members));
  const entryIndex = new Map(participants.map((userId, e) => [userId, e]));
  return {
    images: images.length,
    resamples: options.resamples,
    seed: context.seed,
    alpha: STATISTICS_ALPHA,
    test: isMean ? "wilcoxon" : "paired-bootstrap",
    kendallTau: stats.kendallTau,
    tiedWithLeader: stats.tiedWithLeader,
    entries: stats.entries.map((s) => {
      const e = entryIndex.get(s.participant)!;
      return {
        userId: s.participant,
        submissionId: entries[e]!.row.submissionId,
        score: s.score,
        ci: s.ci,
        rank: s.rank,
        medianRank: s.medianRank,
        rankInterval: s.rankInterval,
        conditions: Object.fromEntries(shownGroups.map(([value], g) => [value, byCondition[g]![e]!])),
      };
    }),
    rankFrequencies: { userIds: stats.rankFrequencies.participants, resamples: stats.rankFrequencies.resamples, counts: stats.rankFrequencies.counts },
    pairs: stats.pairs,
    conditions: context.conditions.column && shownGroups.length > 0 ? { column: context.conditions.column, values: shownGroups.map(([value, members]) => ({ value, images: members.length })) } : null,
  };
}

/** Every entry's states over all images of the list, one after another (entry × image × field). */
function concatStates(entries: LoadedEntry[]): Float64Array {
  const width = entries[0]!.states.fields.length;
  const images = entries[0]!.states.images;
  const all = new Float64Array(entries.length * images * width);
  entries.forEach((entry, e) => all.set(entry.states.values, e * images * width));
  return all;
}

/**
 * Recomputes and stores both boards' statistics of a phase from what is committed now.
 * Returns what happened, for the worker's log.
 */
export async function computeBoardStatistics(phaseId: string): Promise<string> {
  const started = Date.now();
  const phase = await boardStatisticsRepository.findPhase(phaseId);
  if (!phase) return "no such phase";
  // The Ladder first: submissions it has not seen (turned on, re-scored, or a step that failed) in order.
  if (phase.ladder) for (const id of await ladderRepository.pendingSubmissions(phaseId)) await ladderAfterScoring(id, phaseId);
  const scorer = getScorer(phase.challenge.metricId);
  const scoreOfStates = scorer?.scoreOfStates;
  const rule = readStoredRule(phase.challenge);
  // The states give the metric's score; a board ranked by another output, or scored by a
  // metric without states (a custom scorer), has no intervals: statistics of the rule before
  // (a metric made live since) must not stay next to the new scores.
  const noStates = !scorer || !scoreOfStates;
  if (noStates || rule.ranking.output !== "score") {
    for (const board of ["public", "private"] as const) await boardStatisticsRepository.save(phaseId, board, phase.version, 0, null);
    return noStates ? `no per-image states for ${phase.challenge.metricId}` : `the boards rank output "${rule.ranking.output}", which has no per-image states`;
  }
  const params: unknown = scorer.paramsSchema.parse(phase.challenge.metricParams ?? {});
  const higherIsBetter = ruleHigherIsBetter(rule);
  const scoreOf = (sums: Float64Array, images: number) => scoreOfStates(sums, images, params);
  const conditions = await testConditions(phase.testDatasetId ?? phase.challenge.datasetId);
  const seed = STATISTICS_SEED;
  const results: string[] = [];
  const decoded = new Map<string, DecodedStates>();
  for (const board of ["public", "private"] as const) {
    const rows = await boardStatisticsRepository.entries(phaseId, { higherIsBetter, ladder: board === "public" && phase.ladder, board });
    const entries = consistent(await loadEntries(rows, decoded));
    const index = entries[0] ? await loadImageIndex(entries[0].states.indexDigest) : null;
    const boardStarted = Date.now();
    const stats = index ? boardStatistics(board, entries, index, { scoreOf, higherIsBetter, seed, conditions, privateBoard: rule.privateBoard }) : null;
    await boardStatisticsRepository.save(phaseId, board, phase.version, Date.now() - boardStarted, stats);
    results.push(`${board} ${stats ? `${stats.entries.length} entries × ${stats.images} images` : "none"}`);
  }
  return `statistics ${results.join(", ")} in ${Date.now() - started} ms`;
}
