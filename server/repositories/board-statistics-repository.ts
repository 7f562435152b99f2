import { getPrisma, Prisma } from "../db/client";
import { chosenFinal } from "./leaderboard-repository";

export type Board = "public" | "private";

/** One entry a board's statistics are computed for: a participant and the submission that holds their score. */
export interface StatisticsEntryRow {
  userId: string;
  submissionId: string;
  imageStatesKey: string | null;
}

export const boardStatisticsRepository = {
  /** What the statistics of a phase depend on besides its submissions. */
  async findPhase(phaseId: string) {
    const phase = await getPrisma().phase.findUnique({
      where: { id: phaseId },
      select: { id: true, ladder: true, testDatasetId: true, challenge: { select: { id: true, metricId: true, metricParams: true, scoringRule: true, datasetId: true } } },
    });
    if (!phase) return null;
    const version = await getPrisma().challengeVersion.findUnique({ where: { challengeId: phase.challenge.id }, select: { version: true } });
    return { ...phase, version: version?.version ?? 0n };
  },

  /**
   * The submissions a board ranks, one per participant, as leaderboard-repository.ts ranks
   * them: the best public one; on the private board the chosen final submission with the best
   * private score when there is a choice; under the Ladder, for the public board, the one
   * whose score it shows.
   */
  entries(phaseId: string, options: { higherIsBetter: boolean; ladder: boolean; board: Board }): Promise<StatisticsEntryRow[]> {
    const best = Prisma.raw(options.higherIsBetter ? `e."highSubmissionId"` : `e."lowSubmissionId"`);
    if (options.board === "private") {
      return getPrisma().$queryRaw<StatisticsEntryRow[]>`
        SELECT e."userId", s.id AS "submissionId", s."imageStatesKey"
          FROM "LeaderboardEntry" e
          ${chosenFinal(options.higherIsBetter)}
          JOIN "Submission" s ON s.id = COALESCE(c.id, ${best})
         WHERE e."phaseId" = ${phaseId} AND s.status = 'scored'
         ORDER BY e."userId"`;
    }
    if (options.ladder) {
      return getPrisma().$queryRaw<StatisticsEntryRow[]>`
        SELECT l."userId", l."submissionId", s."imageStatesKey"
          FROM "LadderState" l JOIN "Submission" s ON s.id = l."submissionId"
         WHERE l."phaseId" = ${phaseId} AND s.status = 'scored'
         ORDER BY l."userId"`;
    }
    return getPrisma().$queryRaw<StatisticsEntryRow[]>`
      SELECT e."userId", s.id AS "submissionId", s."imageStatesKey"
        FROM "LeaderboardEntry" e JOIN "Submission" s ON s.id = ${best}
       WHERE e."phaseId" = ${phaseId} AND s.status = 'scored'
       ORDER BY e."userId"`;
  },

  /**
   * Stores a board's statistics unless newer ones (computed from a later version of the
   * challenge's data) are already there: two workers may compute the same board at once.
   */
  /** Both boards' statistics gone (a re-score of the phase: they described the scores before). */
  async clear(phaseId: string): Promise<void> {
    await getPrisma().boardStatistics.deleteMany({ where: { phaseId } });
  },

  async save(phaseId: string, board: Board, basedOn: bigint, computeMs: number, statistics: object | null): Promise<void> {
    if (statistics === null) {
      await getPrisma().boardStatistics.deleteMany({ where: { phaseId, board, basedOn: { lte: basedOn } } });
      return;
    }
    const json = JSON.stringify(statistics);
    await getPrisma().$executeRaw`
      INSERT INTO "BoardStatistics" ("phaseId", board, "basedOn", "computedAt", "computeMs", statistics)
      VALUES (${phaseId}, ${board}, ${basedOn}, CURRENT_TIMESTAMP, ${computeMs}, ${json}::jsonb)
      ON CONFLICT ("phaseId", board) DO UPDATE
        SET "basedOn" = EXCLUDED."basedOn", "computedAt" = EXCLUDED."computedAt", "computeMs" = EXCLUDED."computeMs", statistics = EXCLUDED.statistics
        WHERE "BoardStatistics"."basedOn" <= EXCLUDED."basedOn"`;
  },

  find(phaseId: string, board: Board) {
    return getPrisma().boardStatistics.findUnique({ where: { phaseId_board: { phaseId, board } }, select: { computedAt: true, computeMs: true, statistics: true } });
  },
};
