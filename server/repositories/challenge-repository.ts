import { getPrisma } from "../db/client";
import type { Prisma } from "../db/client";

const phaseSelect = {
  id: true,
  name: true,
  position: true,
  startsAt: true,
  endsAt: true,
  dailyQuota: true,
  totalQuota: true,
  failedCountTowardsQuota: true,
  ladder: true,
  finalChoices: true,
  testDatasetId: true,
  isFinal: true,
  committedModels: true,
  committedRunsAt: true,
  // A stage's own test set: only its public downloads (never its truth key) are read here.
  testDataset: { select: { slug: true, name: true, testImagesZipKey: true, sampleSubmissionKey: true } },
} as const;

const challengeSelect = {
  id: true,
  slug: true,
  title: true,
  summary: true,
  overviewMd: true,
  dataMd: true,
  evaluationMd: true,
  rulesMd: true,
  taskType: true,
  metricId: true,
  metricParams: true,
  scoringRule: true,
  scoringRuleVersion: true,
  submissionKinds: true,
  status: true,
  datasetId: true,
  sampleSubmissionKey: true,
  trainingZipKey: true,
  testImagesZipKey: true,
  modelContract: true,
  exampleModelKey: true,
  teamMergeDeadline: true,
  createdAt: true,
  phases: { select: phaseSelect, orderBy: { position: "asc" } },
} as const;

export type ChallengeRecord = Prisma.ChallengeGetPayload<{ select: typeof challengeSelect }>;
export type PhaseRecord = ChallengeRecord["phases"][number];

export const challengeRepository = {
  findManyVisibleIncludePhases() {
    return getPrisma().challenge.findMany({
      where: { status: { in: ["active", "archived"] } },
      orderBy: { createdAt: "asc" },
      select: challengeSelect,
    });
  },
  findBySlugIncludePhases(slug: string) {
    return getPrisma().challenge.findUnique({ where: { slug }, select: challengeSelect });
  },
  findByIdIncludePhases(id: string) {
    return getPrisma().challenge.findUnique({ where: { id }, select: challengeSelect });
  },
  async isHost(challengeId: string, userId: string) {
    const row = await getPrisma().challengeHost.findUnique({
      where: { challengeId_userId: { challengeId, userId } },
      select: { userId: true },
    });
    return row !== null;
  },
  async findChallengeIdOfPhase(phaseId: string) {
    const phase = await getPrisma().phase.findUnique({ where: { id: phaseId }, select: { challengeId: true } });
    return phase?.challengeId ?? null;
  },
  count() {
    return getPrisma().challenge.count();
  },
  /**
   * Every challenge scored on this dataset's hidden test set, with the end dates of the phases
   * scored on it: its own phases without a test set of their own, and any challenge's stage
   * that names this dataset.
   */
  listByDatasetIncludePhaseEnds(datasetId: string) {
    const scoredHere = { OR: [{ testDatasetId: datasetId }, { testDatasetId: null, challenge: { datasetId } }] };
    return getPrisma().challenge.findMany({
      where: { phases: { some: scoredHere } },
      orderBy: { createdAt: "asc" },
      select: { id: true, slug: true, title: true, phases: { where: scoredHere, select: { endsAt: true } } },
    });
  },
  /** Stages taking committed models that have opened and whose runs were not created yet. */
  listDueCommittedStages(now: Date) {
    return getPrisma().phase.findMany({
      where: { committedModels: true, committedRunsAt: null, startsAt: { lte: now } },
      select: { id: true, name: true, startsAt: true, challenge: { select: { id: true, slug: true, scoringRule: true, metricId: true, phases: { select: { id: true, startsAt: true, endsAt: true } } } } },
    });
  },
  async listSlugs(): Promise<string[]> {
    return (await getPrisma().challenge.findMany({ select: { slug: true } })).map((c) => c.slug);
  },
  /**
   * Participants and their submissions per challenge (baselines are the platform's, not
   * participants'), counted in the database: one row per challenge comes back, not one per participant.
   */
  async countActivity(challengeIds: string[]) {
    const activity = new Map<string, { participants: number; submissions: number }>();
    if (challengeIds.length === 0) return activity;
    // Submissions that are not cancelled and not baselines, and the users who made them: added
    // up from the rows the database keeps per participant and phase (see rankPhase), not
    // counted over every submission.
    const rows = await getPrisma().$queryRaw<Array<{ challengeId: string; participants: number; submissions: number }>>`
      SELECT p."challengeId", count(DISTINCT e."userId")::int AS participants, sum(e."nonBaselineSubmissions")::int AS submissions
        FROM "LeaderboardEntry" e
        JOIN "Phase" p ON p.id = e."phaseId"
       WHERE p."challengeId" = ANY(${challengeIds}) AND e."nonBaselineSubmissions" > 0
       GROUP BY p."challengeId"`;
    for (const row of rows) activity.set(row.challengeId, { participants: row.participants, submissions: row.submissions });
    return activity;
  },
  create(data: Prisma.ChallengeUncheckedCreateInput) {
    return getPrisma().challenge.create({ data, select: { id: true, slug: true } });
  },
  /** Phases and hosts go with it (cascade); used to undo a challenge created moments before. */
  async deleteById(id: string) {
    await getPrisma().challenge.delete({ where: { id }, select: { id: true } });
  },
  addHost(challengeId: string, userId: string) {
    return getPrisma().challengeHost.upsert({
      where: { challengeId_userId: { challengeId, userId } },
      create: { challengeId, userId },
      update: {},
    });
  },
  updatePhase(id: string, data: Prisma.PhaseUncheckedUpdateInput) {
    return getPrisma().phase.update({ where: { id }, data, select: phaseSelect });
  },
  updateDetails(id: string, data: Pick<Prisma.ChallengeUpdateInput, "title" | "summary" | "overviewMd" | "dataMd" | "evaluationMd" | "rulesMd" | "teamMergeDeadline">) {
    return getPrisma().challenge.update({ where: { id }, data, select: { id: true, slug: true } });
  },
  /** A phase after the challenge's others (position one past the largest). */
  async createPhaseLast(challengeId: string, data: Omit<Prisma.PhaseUncheckedCreateInput, "challengeId" | "position">) {
    return getPrisma().$transaction(async (tx) => {
      const last = await tx.phase.aggregate({ where: { challengeId }, _max: { position: true } });
      return tx.phase.create({ data: { ...data, challengeId, position: (last._max.position ?? -1) + 1 }, select: phaseSelect });
    });
  },
  /** Positions 0, 1, … in the order given; all in one transaction, so readers never see a half-done order. */
  async setPhaseOrder(challengeId: string, phaseIds: readonly string[]) {
    await getPrisma().$transaction(
      phaseIds.map((id, position) => getPrisma().phase.update({ where: { id, challengeId }, data: { position }, select: { id: true } })),
    );
  },
  listHosts(challengeId: string) {
    return getPrisma().user.findMany({
      where: { hosting: { some: { challengeId } } },
      orderBy: { name: "asc" },
      select: { id: true, name: true, email: true, role: true },
    });
  },
  async removeHost(challengeId: string, userId: string) {
    const { count } = await getPrisma().challengeHost.deleteMany({ where: { challengeId, userId } });
    return count > 0;
  },
};
