// Scoring rules: a challenge's current rule, its versions, and what a rule change touches.
import { getPrisma, Prisma } from "../db/client";

export const scoringRuleRepository = {
  /** What editing or previewing a challenge's rule reads. */
  findChallenge(slug: string) {
    return getPrisma().challenge.findUnique({
      where: { slug },
      select: {
        id: true,
        slug: true,
        metricId: true,
        scoringRule: true,
        scoringRuleVersion: true,
        sampleSubmissionKey: true,
        dataset: { select: { slug: true, taskType: true, classNames: true, truthKey: true } },
        phases: { orderBy: { position: "asc" }, select: { id: true, name: true, ladder: true } },
      },
    });
  },

  history(challengeId: string) {
    return getPrisma().scoringRuleVersion.findMany({
      where: { challengeId },
      orderBy: { version: "desc" },
      select: { version: true, rule: true, changes: true, createdAt: true, createdBy: { select: { name: true } } },
    });
  },

  /**
   * The rule's next version, if the challenge is still at `expectedVersion` (another host's
   * save in between makes this one a conflict, not a silent overwrite). Null on conflict.
   */
  async saveVersion(input: { challengeId: string; expectedVersion: number; rule: object; metricId: string; metricParams: object; changes: string[]; userId: string | null }) {
    return getPrisma().$transaction(async (tx) => {
      const version = input.expectedVersion + 1;
      const { count } = await tx.challenge.updateMany({
        where: { id: input.challengeId, scoringRuleVersion: input.expectedVersion },
        data: {
          scoringRule: input.rule as Prisma.InputJsonValue,
          scoringRuleVersion: version,
          metricId: input.metricId,
          metricParams: input.metricParams as Prisma.InputJsonValue,
        },
      });
      if (count === 0) return null;
      await tx.scoringRuleVersion.create({
        data: { challengeId: input.challengeId, version, rule: input.rule as Prisma.InputJsonValue, changes: input.changes, createdById: input.userId },
        select: { id: true },
      });
      return version;
    });
  },

  /** A new challenge's first version (its row already holds the rule). */
  async createFirstVersion(challengeId: string, rule: object, userId: string | null) {
    await getPrisma().scoringRuleVersion.create({
      data: { challengeId, version: 1, rule: rule as Prisma.InputJsonValue, changes: ["the first rule"], createdById: userId },
      select: { id: true },
    });
  },

  /** Per phase: scored submissions, and those scored under a rule version before `version`. */
  async rescoreOffers(challengeId: string, version: number) {
    return getPrisma().$queryRaw<Array<{ phaseId: string; phaseName: string; scored: number; outdated: number }>>`
      SELECT p.id AS "phaseId", p.name AS "phaseName",
             count(s.id)::int AS scored,
             count(s.id) FILTER (WHERE s."scoringRuleVersion" IS NULL OR s."scoringRuleVersion" < ${version})::int AS outdated
        FROM "Phase" p
        LEFT JOIN "Submission" s ON s."phaseId" = p.id AND s.status = 'scored'
       WHERE p."challengeId" = ${challengeId}
       GROUP BY p.id, p.name, p.position
       ORDER BY p.position ASC`;
  },

  /** The baselines' prediction files and their stored scores: what a preview compares against. */
  listBaselines(challengeId: string) {
    return getPrisma().submission.findMany({
      where: { challengeId, isBaseline: true, kind: "prediction_csv", status: { not: "cancelled" } },
      orderBy: { createdAt: "asc" },
      select: { filename: true, blobKey: true, status: true, publicScore: true, privateScore: true },
    });
  },

  /** Each submission's outputs on the boards (for the rule's columns), by id. */
  async boardOutputs(submissionIds: readonly string[]) {
    if (submissionIds.length === 0) return new Map<string, unknown>();
    const rows = await getPrisma().submission.findMany({ where: { id: { in: [...submissionIds] } }, select: { id: true, boardOutputs: true } });
    return new Map(rows.map((r) => [r.id, r.boardOutputs as unknown]));
  },
};
