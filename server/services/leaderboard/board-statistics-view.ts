// What a leaderboard request shows of the stored statistics (computed by the worker, see
// server/services/statistics) and of the public-to-private comparison, joined to the board's
// current rows: names are read now, and an entry whose best submission changed after the
// computation shows no numbers until the next one.
import type { BoardStatisticsDto, LeaderboardDto, RankShiftDto } from "../../contracts/leaderboard";
import { kendallTauB } from "../../ranking/kendall-tau";
import type { RankedRow } from "../../repositories/leaderboard-repository";
import type { StoredBoardStatistics } from "../statistics/stored-statistics";

type Stored = StoredBoardStatistics & { computedAt: Date };
type EntryStats = LeaderboardDto["entries"][number]["stats"];
type EntryShift = LeaderboardDto["entries"][number]["shift"];

/** Rows of the bump chart. */
const SHIFT_TOP = 20;

const byUserCache = new WeakMap<Stored, Map<string, Stored["entries"][number]>>();

function storedByUser(stored: Stored) {
  let map = byUserCache.get(stored);
  if (!map) {
    map = new Map(stored.entries.map((entry) => [entry.userId, entry]));
    byUserCache.set(stored, map);
  }
  return map;
}

export function entryStatistics(stored: Stored | null, row: RankedRow): EntryStats {
  const entry = stored ? storedByUser(stored).get(row.userId) : undefined;
  if (!entry || entry.submissionId !== row.submissionId) return null;
  return { ci: entry.ci, medianRank: entry.medianRank, rankInterval: entry.rankInterval, conditions: entry.conditions };
}

export function boardStatisticsDto(stored: Stored, rows: readonly RankedRow[], options: { groupSizes: boolean }): BoardStatisticsDto {
  const current = new Map(rows.map((row) => [row.userId, row]));
  // Entries whose participant left the board since the computation are left out of the charts.
  const name = (userId: string) => current.get(userId)?.participant;
  const top = stored.entries.slice(0, stored.rankFrequencies.userIds.length).filter((entry) => current.has(entry.userId));
  const blobRows = stored.rankFrequencies.userIds.flatMap((userId, i) => (current.has(userId) ? [{ participant: name(userId)!, counts: stored.rankFrequencies.counts[i]! }] : []));
  return {
    computedAt: stored.computedAt,
    images: stored.images,
    resamples: stored.resamples,
    seed: stored.seed,
    alpha: stored.alpha,
    test: stored.test,
    kendallTau: stored.kendallTau,
    tiedWithLeader: stored.tiedWithLeader.flatMap((userId) => (current.has(userId) ? [name(userId)!] : [])),
    top: top.map((entry) => ({ participant: name(entry.userId)!, score: entry.score, ci: entry.ci, isBaseline: current.get(entry.userId)!.isBaseline, conditions: entry.conditions })),
    rankFrequencies: { participants: blobRows.map((row) => row.participant), resamples: stored.rankFrequencies.resamples, counts: blobRows.map((row) => row.counts) },
    pairs: stored.pairs.flatMap((pair) => (current.has(pair.a) && current.has(pair.b) ? [{ ...pair, a: name(pair.a)!, b: name(pair.b)! }] : [])),
    conditions: stored.conditions ? { column: stored.conditions.column, values: stored.conditions.values.map((v) => ({ value: v.value, images: options.groupSizes ? v.images : null })) } : null,
  };
}

export interface ShiftTable {
  byUser: Map<string, NonNullable<EntryShift>>;
  dto: RankShiftDto;
}

/**
 * Public against private ranking of the same entries (the private board ranks each entry's
 * best public submission): rank shift, Kendall's τ-b between the two rankings, and the
 * public − private gap — the overtraining signal.
 */
export function rankShift(publicRows: readonly RankedRow[], privateRows: readonly RankedRow[]): ShiftTable {
  const publicOf = new Map(publicRows.map((row, i) => [row.userId, { rank: i + 1, score: row.score }]));
  const byUser = new Map<string, NonNullable<EntryShift>>();
  const pairs: Array<{ participant: string; publicRank: number; privateRank: number; gap: number }> = [];
  privateRows.forEach((row, i) => {
    const pub = publicOf.get(row.userId);
    if (!pub) return;
    const gap = pub.score - row.score;
    byUser.set(row.userId, { publicRank: pub.rank, publicScore: pub.score, gap });
    pairs.push({ participant: row.participant, publicRank: pub.rank, privateRank: i + 1, gap });
  });
  const tau = pairs.length < 2 ? Number.NaN : kendallTauB(pairs.map((p) => p.publicRank), pairs.map((p) => p.privateRank));
  return {
    byUser,
    dto: {
      kendallTau: Number.isNaN(tau) ? null : tau,
      entries: pairs.slice(0, SHIFT_TOP),
      meanGap: pairs.length === 0 ? 0 : pairs.reduce((sum, p) => sum + p.gap, 0) / pairs.length,
    },
  };
}
