// The leaderboard rules (best score, ties, private selection, lead history) as plain code over
// a phase's whole history: the reference that tests/integration/leaderboard-scale.test.ts holds
// the site's SQL ranking (server/repositories/leaderboard-repository.ts) to, row for row.
import type { RankedRow } from "../../server/repositories/leaderboard-repository";

export interface LeaderboardRow {
  id: string;
  userId: string;
  participant: string;
  status: "queued" | "running" | "scored" | "failed" | "cancelled";
  publicScore: number | null;
  privateScore: number | null;
  createdAt: Date;
  isBaseline: boolean;
}

/** A participant's best submission on a board, with its place (the SQL ranking returns the same rows). */
export interface RankedEntry extends RankedRow {
  rank: number;
}

const better = (a: number, b: number, higherIsBetter: boolean) => (higherIsBetter ? a > b : a < b);

/**
 * Each participant's best public score (ties: the earlier submission). The private board
 * ranks the private score of that same submission, as Kaggle does when a participant does
 * not pick submissions: choosing the best private score would itself overfit the private set.
 */
export function rankLeaderboard(
  rows: readonly LeaderboardRow[],
  options: { higherIsBetter: boolean; board: "public" | "private" },
): RankedEntry[] {
  const byUser = new Map<string, { best?: LeaderboardRow; count: number; last: Date; participant: string; isBaseline: boolean }>();
  const ordered = [...rows].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  for (const row of ordered) {
    if (row.status === "cancelled") continue;
    const entry = byUser.get(row.userId) ?? { count: 0, last: row.createdAt, participant: row.participant, isBaseline: row.isBaseline };
    entry.count += 1;
    entry.last = row.createdAt;
    if (row.status === "scored" && row.publicScore !== null && Number.isFinite(row.publicScore)) {
      if (!entry.best || better(row.publicScore, entry.best.publicScore ?? 0, options.higherIsBetter)) entry.best = row;
    }
    byUser.set(row.userId, entry);
  }
  const entries: Omit<RankedEntry, "rank">[] = [];
  for (const [userId, entry] of byUser) {
    const best = entry.best;
    if (!best) continue;
    const score = options.board === "public" ? best.publicScore : best.privateScore;
    if (score === null) continue;
    entries.push({
      userId,
      participant: entry.participant,
      score,
      submissionId: best.id,
      scoredSubmissionAt: best.createdAt,
      submissions: entry.count,
      lastSubmissionAt: entry.last,
      isBaseline: entry.isBaseline,
    });
  }
  entries.sort((a, b) => {
    if (a.score !== b.score) return better(a.score, b.score, options.higherIsBetter) ? -1 : 1;
    return a.scoredSubmissionAt.getTime() - b.scoredSubmissionAt.getTime();
  });
  return entries.map((e, i) => ({ ...e, rank: i + 1 }));
}

/** The leading public score over time: one point each time the lead improves. */
export function leadHistory(
  rows: readonly LeaderboardRow[],
  higherIsBetter: boolean,
): Array<{ at: Date; score: number; participant: string }> {
  const points: Array<{ at: Date; score: number; participant: string }> = [];
  let lead: number | undefined;
  const ordered = [...rows].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  for (const row of ordered) {
    if (row.status !== "scored" || row.publicScore === null) continue;
    if (lead === undefined || better(row.publicScore, lead, higherIsBetter)) {
      lead = row.publicScore;
      points.push({ at: row.createdAt, score: row.publicScore, participant: row.participant });
    }
  }
  return points;
}
