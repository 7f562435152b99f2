import { getPrisma, Prisma } from "../db/client";

export interface RankedRow {
  userId: string;
  participant: string;
  score: number;
  submissionId: string;
  scoredSubmissionAt: Date;
  submissions: number;
  lastSubmissionAt: Date;
  isBaseline: boolean;
}

export interface LeadPoint {
  at: Date;
  score: number;
  participant: string;
}

// Fixed SQL fragments for a metric's direction (never user input).
const direction = (higherIsBetter: boolean) => (higherIsBetter ? Prisma.raw("DESC") : Prisma.raw("ASC"));
const runningRecord = (higherIsBetter: boolean) => (higherIsBetter ? Prisma.raw("max") : Prisma.raw("min"));
const improves = (higherIsBetter: boolean) => (higherIsBetter ? Prisma.raw(">") : Prisma.raw("<"));

export const leaderboardRepository = {
  /**
   * Each participant's best public score in the phase (ties: the earlier submission), ranked,
   * with their count of submissions that were not cancelled and the last one's date: the
   * rules of services/leaderboard/rank-leaderboard.ts, in one query. The private board
   * ranks the private score of that same best public submission.
   */
  rankPhase(phaseId: string, options: { higherIsBetter: boolean; board: "public" | "private" }): Promise<RankedRow[]> {
    const dir = direction(options.higherIsBetter);
    const score = options.board === "public" ? Prisma.raw(`b."publicScore"`) : Prisma.raw(`b."privateScore"`);
    return getPrisma().$queryRaw<RankedRow[]>`
      WITH best AS (
        SELECT DISTINCT ON ("userId") "userId", id, "publicScore", "privateScore", "createdAt"
          FROM "Submission"
         WHERE "phaseId" = ${phaseId} AND status = 'scored' AND "publicScore" IS NOT NULL
           AND "publicScore" NOT IN ('NaN'::float8, 'Infinity'::float8, '-Infinity'::float8)
         ORDER BY "userId", "publicScore" ${dir}, "createdAt" ASC, id ASC
      ), activity AS (
        SELECT "userId", count(*)::int AS submissions, max("createdAt") AS "lastSubmissionAt",
               (array_agg("isBaseline" ORDER BY "createdAt" ASC, id ASC))[1] AS "isBaseline"
          FROM "Submission"
         WHERE "phaseId" = ${phaseId} AND status <> 'cancelled'
           AND "userId" IN (SELECT "userId" FROM best)
         GROUP BY "userId"
      )
      SELECT b."userId", u.name AS participant, ${score} AS score, b.id AS "submissionId",
             b."createdAt" AS "scoredSubmissionAt", a.submissions, a."lastSubmissionAt", a."isBaseline"
        FROM best b
        JOIN activity a ON a."userId" = b."userId"
        JOIN "User" u ON u.id = b."userId"
       WHERE ${score} IS NOT NULL
       ORDER BY ${score} ${dir}, b."createdAt" ASC, b."userId" ASC`;
  },

  /** The leading public score over time: one point each time a scored submission beats the record so far. */
  leadHistory(phaseId: string, higherIsBetter: boolean): Promise<LeadPoint[]> {
    return getPrisma().$queryRaw<LeadPoint[]>`
      SELECT s."createdAt" AS at, s."publicScore" AS score, u.name AS participant
        FROM (
          SELECT id, "userId", "createdAt", "publicScore",
                 ${runningRecord(higherIsBetter)}("publicScore") OVER (
                   ORDER BY "createdAt" ASC, id ASC ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
                 ) AS record
            FROM "Submission"
           WHERE "phaseId" = ${phaseId} AND status = 'scored' AND "publicScore" IS NOT NULL
        ) s
        JOIN "User" u ON u.id = s."userId"
       WHERE s.record IS NULL OR s."publicScore" ${improves(higherIsBetter)} s.record
       ORDER BY s."createdAt" ASC, s.id ASC`;
  },

  /** The change counters of the given challenges (bumped by triggers; see the migration). */
  async findVersions(challengeIds: readonly string[]): Promise<Map<string, bigint>> {
    if (challengeIds.length === 0) return new Map();
    const rows = await getPrisma().challengeVersion.findMany({
      where: { challengeId: { in: [...challengeIds] } },
      select: { challengeId: true, version: true },
    });
    return new Map(rows.map((r) => [r.challengeId, r.version]));
  },
};
