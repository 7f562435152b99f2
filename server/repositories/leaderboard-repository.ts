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

/**
 * Each entry's (`e`) chosen final submission with the best private score, as `c` (all null
 * without a choice): joined by the private board and its statistics.
 */
export const chosenFinal = (higherIsBetter: boolean) => Prisma.sql`
  LEFT JOIN LATERAL (
    SELECT s.id, s."privateScore", s."createdAt"
      FROM "Submission" s
     WHERE s."phaseId" = e."phaseId" AND s."userId" = e."userId" AND s."chosenAt" IS NOT NULL
       AND s.status = 'scored' AND s."privateScore" IS NOT NULL
     ORDER BY s."privateScore" ${direction(higherIsBetter)}, s."createdAt" ASC, s.id ASC
     LIMIT 1
  ) c ON TRUE`;

export interface LeaderboardViewRecord {
  id: string;
  datasetId: string;
  status: "draft" | "active" | "archived";
  metricId: string;
  /** The scoring rule as stored (read with readStoredRule). */
  scoringRule: unknown;
  version: bigint;
  /**
   * Each phase with the dataset it is scored on (a stage's own, else the challenge's) and the
   * last end of a phase of any challenge scored on that test set (see test-set-reveal.ts).
   */
  phases: Array<{ id: string; name: string; startsAt: Date; endsAt: Date; ladder: boolean; isFinal: boolean; committedModels: boolean; testDatasetId: string; revealAt: Date | null }>;
}

export const leaderboardRepository = {
  /**
   * Everything a leaderboard request needs before any ranking, whoever asks, in one round
   * trip: the challenge, its phases in display order, its change counter and when its test
   * set is revealed.
   */
  async findView(slug: string): Promise<LeaderboardViewRecord | null> {
    const rows = await getPrisma().$queryRaw<Array<Omit<LeaderboardViewRecord, "phases"> & {
      phases: Array<{ id: string; name: string; startsAt: number; endsAt: number; ladder: boolean; isFinal: boolean; committedModels: boolean; testDatasetId: string; revealAt: number | null }> | null;
    }>>`
      SELECT c.id, c."datasetId", c.status::text AS status, c."metricId", c."scoringRule", COALESCE(v.version, 0) AS version,
             (SELECT json_agg(json_build_object(
                       'id', p.id, 'name', p.name,
                       'startsAt', extract(epoch FROM p."startsAt") * 1000,
                       'endsAt', extract(epoch FROM p."endsAt") * 1000, 'ladder', p.ladder,
                       'isFinal', p."isFinal", 'committedModels', p."committedModels",
                       'testDatasetId', COALESCE(p."testDatasetId", c."datasetId"),
                       'revealAt', (SELECT extract(epoch FROM max(q."endsAt")) * 1000
                                      FROM "Phase" q JOIN "Challenge" o ON o.id = q."challengeId"
                                     WHERE COALESCE(q."testDatasetId", o."datasetId") = COALESCE(p."testDatasetId", c."datasetId")))
                       ORDER BY p.position ASC)
                FROM "Phase" p WHERE p."challengeId" = c.id) AS phases
        FROM "Challenge" c
        LEFT JOIN "ChallengeVersion" v ON v."challengeId" = c.id
       WHERE c.slug = ${slug}`;
    const row = rows[0];
    if (!row) return null;
    return {
      ...row,
      version: BigInt(row.version),
      phases: (row.phases ?? []).map((p) => ({
        id: p.id,
        name: p.name,
        startsAt: new Date(p.startsAt),
        endsAt: new Date(p.endsAt),
        ladder: p.ladder,
        isFinal: p.isFinal,
        committedModels: p.committedModels,
        testDatasetId: p.testDatasetId,
        revealAt: p.revealAt === null ? null : new Date(p.revealAt),
      })),
    };
  },

  /** These runs of committed models (a stage of committed models) with the submissions they run. */
  committedRuns(submissionIds: readonly string[]) {
    return getPrisma().submission.findMany({
      where: { id: { in: [...submissionIds] }, committedFromId: { not: null } },
      select: { id: true, sha256: true, committedFrom: { select: { committedAt: true, createdAt: true } } },
    });
  },

  /**
   * Each participant's best public score in the phase (ties: the earlier submission), ranked,
   * with their count of submissions that were not cancelled and the last one's date: the
   * rules of tests/support/leaderboard-reference.ts, kept per participant by triggers in
   * "LeaderboardEntry" (migration 20261202170000_leaderboard_entries), so this reads one row
   * per participant. The private board ranks the best private score among the participant's
   * chosen final submissions, or without a choice the private score of that same best public
   * submission.
   */
  rankPhase(phaseId: string, options: { higherIsBetter: boolean; board: "public" | "private" }): Promise<RankedRow[]> {
    const best = options.higherIsBetter ? "high" : "low";
    if (options.board === "private") {
      // The best private score among the participant's chosen final submissions; without a
      // choice, the private score of the best public one.
      const score = Prisma.raw(`COALESCE(c."privateScore", e."${best}PrivateScore")`);
      const submissionId = Prisma.raw(`COALESCE(c.id, e."${best}SubmissionId")`);
      const createdAt = Prisma.raw(`COALESCE(c."createdAt", e."${best}CreatedAt")`);
      return getPrisma().$queryRaw<RankedRow[]>`
        SELECT e."userId", u.name AS participant, ${score} AS score, ${submissionId} AS "submissionId",
               ${createdAt} AS "scoredSubmissionAt", e.submissions, e."lastSubmissionAt", e."isBaseline"
          FROM "LeaderboardEntry" e
          JOIN "User" u ON u.id = e."userId"
          ${chosenFinal(options.higherIsBetter)}
         WHERE e."phaseId" = ${phaseId} AND ${score} IS NOT NULL
         ORDER BY ${score} ${direction(options.higherIsBetter)}, ${createdAt} ASC, e."userId" ASC`;
    }
    const score = Prisma.raw(`e."${best}${options.board === "public" ? "Public" : "Private"}Score"`);
    const submissionId = Prisma.raw(`e."${best}SubmissionId"`);
    const createdAt = Prisma.raw(`e."${best}CreatedAt"`);
    return getPrisma().$queryRaw<RankedRow[]>`
      SELECT e."userId", u.name AS participant, ${score} AS score, ${submissionId} AS "submissionId",
             ${createdAt} AS "scoredSubmissionAt", e.submissions, e."lastSubmissionAt", e."isBaseline"
        FROM "LeaderboardEntry" e
        JOIN "User" u ON u.id = e."userId"
       WHERE e."phaseId" = ${phaseId} AND ${score} IS NOT NULL
       ORDER BY ${score} ${direction(options.higherIsBetter)}, ${createdAt} ASC, e."userId" ASC`;
  },

  /**
   * Under the Ladder: each participant's shown public score (LadderState), ranked like
   * rankPhase, ties to the earlier shown submission.
   */
  rankLadder(phaseId: string, higherIsBetter: boolean): Promise<RankedRow[]> {
    return getPrisma().$queryRaw<RankedRow[]>`
      SELECT l."userId", u.name AS participant, l."shownScore" AS score, l."submissionId",
             l."shownAt" AS "scoredSubmissionAt", e.submissions, e."lastSubmissionAt", e."isBaseline"
        FROM "LadderState" l
        JOIN "User" u ON u.id = l."userId"
        JOIN "LeaderboardEntry" e ON e."phaseId" = l."phaseId" AND e."userId" = l."userId"
       WHERE l."phaseId" = ${phaseId}
       ORDER BY l."shownScore" ${direction(higherIsBetter)}, l."shownAt" ASC, l."userId" ASC`;
  },

  /**
   * The leading public score over time: one point each time a scored submission beats the
   * record so far. Under the Ladder, of the scores it showed (exact ones would leak).
   */
  leadHistory(phaseId: string, higherIsBetter: boolean, ladder = false): Promise<LeadPoint[]> {
    const score = Prisma.raw(ladder ? `"ladderScore"` : `"publicScore"`);
    return getPrisma().$queryRaw<LeadPoint[]>`
      SELECT s."createdAt" AS at, s.score, u.name AS participant
        FROM (
          SELECT id, "userId", "createdAt", ${score} AS score,
                 ${runningRecord(higherIsBetter)}(${score}) OVER (
                   ORDER BY "createdAt" ASC, id ASC ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
                 ) AS record
            FROM "Submission"
           WHERE "phaseId" = ${phaseId} AND status = 'scored' AND ${score} IS NOT NULL
        ) s
        JOIN "User" u ON u.id = s."userId"
       WHERE s.record IS NULL OR s.score ${improves(higherIsBetter)} s.record
       ORDER BY s."createdAt" ASC, s.id ASC`;
  },
};
