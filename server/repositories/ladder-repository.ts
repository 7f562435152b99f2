import { getPrisma, type Prisma } from "../db/client";

type Tx = Prisma.TransactionClient;

const ladderSubmissionSelect = { id: true, userId: true, publicScore: true, imageStatesKey: true, createdAt: true, status: true } as const;

export const ladderRepository = {
  /**
   * Runs `fn` holding the participant's Ladder lock for the phase: two of their submissions
   * finishing at once are compared one after the other, each against what the other left.
   */
  async withParticipant<T>(phaseId: string, submissionId: string, fn: (tx: Tx, submission: { id: string; userId: string; publicScore: number | null; imageStatesKey: string | null; createdAt: Date; status: string }) => Promise<T>): Promise<T | null> {
    return getPrisma().$transaction(async (tx) => {
      const submission = await tx.submission.findUnique({ where: { id: submissionId }, select: ladderSubmissionSelect });
      if (!submission) return null;
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`ladder:${phaseId}:${submission.userId}`}, 0))`;
      return fn(tx, submission);
    }, { maxWait: 60_000, timeout: 120_000 });
  },

  findState(tx: Tx, phaseId: string, userId: string) {
    return tx.ladderState.findUnique({
      where: { phaseId_userId: { phaseId, userId } },
      select: { shownScore: true, submission: { select: ladderSubmissionSelect } },
    });
  },

  async show(tx: Tx, phaseId: string, userId: string, submissionId: string, shownScore: number, shownAt: Date) {
    await tx.ladderState.upsert({
      where: { phaseId_userId: { phaseId, userId } },
      create: { phaseId, userId, submissionId, shownScore, shownAt },
      update: { submissionId, shownScore, shownAt },
    });
  },

  async recordShown(tx: Tx, submissionId: string, ladderScore: number) {
    await tx.submission.update({ where: { id: submissionId }, data: { ladderScore } });
  },

  /**
   * Starts the phase's Ladder over (turned on or off, or the phase re-scored): every scored
   * submission is replayed by the next statistics job (pendingSubmissions).
   */
  async reset(phaseId: string) {
    await getPrisma().$transaction([
      getPrisma().ladderState.deleteMany({ where: { phaseId } }),
      getPrisma().submission.updateMany({ where: { phaseId, ladderScore: { not: null } }, data: { ladderScore: null } }),
    ]);
  },

  /** Scored submissions the Ladder has not seen yet, in the order they were made. */
  async pendingSubmissions(phaseId: string): Promise<string[]> {
    const rows = await getPrisma().submission.findMany({
      where: { phaseId, status: "scored", ladderScore: null, publicScore: { not: null } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true },
    });
    return rows.map((row) => row.id);
  },
};
