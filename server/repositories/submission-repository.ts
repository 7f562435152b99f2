import { getPrisma, Prisma } from "../db/client";
import type { JobLease } from "../jobs/job-kind";
import { fencedWhere } from "./job-lease-repository";

const submissionSelect = {
  id: true,
  userId: true,
  challengeId: true,
  phaseId: true,
  kind: true,
  filename: true,
  blobKey: true,
  sizeBytes: true,
  sha256: true,
  status: true,
  failureKind: true,
  errorMessage: true,
  publicScore: true,
  privateScore: true,
  result: true,
  scorerId: true,
  scorerVersion: true,
  isBaseline: true,
  attempt: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  scoringMs: true,
  ladderScore: true,
  scoringRuleVersion: true,
  chosenAt: true,
  message: true,
  user: { select: { name: true } },
  committedAt: true,
  committedFrom: { select: { committedAt: true, createdAt: true } },
  submittedBy: { select: { name: true } },
  phase: { select: { name: true, endsAt: true, ladder: true, testDatasetId: true } },
  challenge: { select: { id: true, datasetId: true, slug: true, title: true, metricId: true, scoringRule: true, scoringRuleVersion: true } },
} as const;

/** A scoring report as stored (JSON; the sandbox's reply was parsed from JSON). */
export type JsonReport = Record<string, unknown>;

/** A report is JSON by construction (it came out of the sandbox as JSON); Prisma's type says so. */
type WithJsonResult<T> = T extends { result: JsonReport } ? Omit<T, "result"> & { result: Prisma.InputJsonValue } : T;
export function asJsonResult<T extends object>(data: T): WithJsonResult<T> {
  return data as WithJsonResult<T>;
}

export type SubmissionRecord = Prisma.SubmissionGetPayload<{ select: typeof submissionSelect }>;

/** Statuses that always use up quota; `failed` does too when the phase says so. */
const COUNTED_STATUSES = ["queued", "running", "scored"] as const;

export interface QuotaUsage {
  usedToday: number;
  usedTotal: number;
}

export class QuotaExhaustedError extends Error {
  constructor(readonly usage: QuotaUsage) {
    super("quota exhausted");
  }
}

export class PhaseNotOpenError extends Error {}

/** The user already has a model queued or running in the phase (one model at a time each). */
export class ModelInFlightError extends Error {}
/** The submitter joined, left or merged a team while uploading: the upload counted for whom it no longer should. */
export class TeamChangedError extends Error {}

/** A user's model submissions in a phase that still hold (or wait for) a worker. */
const modelsInFlightWhere = (userId: string, phaseId: string): Prisma.SubmissionWhereInput => ({
  userId,
  phaseId,
  kind: "onnx_model",
  status: { in: ["queued", "running"] },
});

function countedWhere(failedCounts: boolean): Prisma.SubmissionWhereInput {
  return failedCounts
    ? { status: { in: [...COUNTED_STATUSES, "failed"] } }
    : { status: { in: [...COUNTED_STATUSES] } };
}

function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

type Db = Prisma.TransactionClient;

/**
 * The per-(entrant, phase) lock every quota-bound write takes: uploads, final choices,
 * committed models, and team changes moving an entrant's submissions (team-repository.ts).
 */
export async function lockEntrantPhase(tx: Db, entrantId: string, phaseId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`${entrantId}:${phaseId}`}, 0))`;
}

/** Submissions that count towards a phase's quota, in total and today (UTC), of these entrants together. */
export async function usageOf(db: Db, entrantIds: readonly string[], phase: { id: string; failedCountTowardsQuota: boolean }, now: Date): Promise<QuotaUsage> {
  const where = { userId: { in: [...entrantIds] }, phaseId: phase.id, ...countedWhere(phase.failedCountTowardsQuota) };
  const [usedTotal, usedToday] = await Promise.all([db.submission.count({ where }), db.submission.count({ where: { ...where, createdAt: { gte: startOfUtcDay(now) } } })]);
  return { usedToday, usedTotal };
}

export const submissionRepository = {
  findById(id: string) {
    return getPrisma().submission.findUnique({ where: { id }, select: submissionSelect });
  },

  /** The submission with its challenge's model contract (for evaluating it elsewhere). */
  findByIdIncludeModelContract(id: string) {
    return getPrisma().submission.findUnique({
      where: { id },
      select: { id: true, userId: true, kind: true, status: true, challengeId: true, challenge: { select: { modelContract: true } } },
    });
  },

  findForScoring(id: string) {
    return getPrisma().submission.findUnique({
      where: { id },
      select: {
        id: true,
        kind: true,
        blobKey: true,
        status: true,
        attempt: true,
        phaseId: true,
        imageStatesKey: true,
        // A stage with test images of its own is scored on them (else on the challenge's).
        phase: { select: { testDataset: { select: { id: true, truthKey: true } } } },
        challenge: {
          select: { metricId: true, metricParams: true, scoringRule: true, scoringRuleVersion: true, modelContract: true, dataset: { select: { id: true, truthKey: true } } },
        },
      },
    });
  },

  listByUserAndChallenge(userId: string, challengeId: string) {
    return getPrisma().submission.findMany({
      where: { userId, challengeId },
      orderBy: { createdAt: "desc" },
      select: submissionSelect,
    });
  },

  /** A phase's whole history, for the reference ranking in tests (the site ranks in SQL). */
  listScoredByPhase(phaseId: string) {
    return getPrisma().submission.findMany({
      where: { phaseId, status: { in: ["queued", "running", "scored", "failed"] } },
      orderBy: { createdAt: "asc" },
      select: {
        id: true,
        userId: true,
        status: true,
        publicScore: true,
        privateScore: true,
        createdAt: true,
        isBaseline: true,
        user: { select: { name: true } },
      },
    });
  },

  /** Model submissions of the user in the phase that are queued or running. */
  countModelsInFlight(userId: string, phaseId: string) {
    return getPrisma().submission.count({ where: modelsInFlightWhere(userId, phaseId) });
  },

  quotaUsage(userId: string, phaseId: string, failedCounts: boolean, now: Date): Promise<QuotaUsage> {
    return usageOf(getPrisma(), [userId], { id: phaseId, failedCountTowardsQuota: failedCounts }, now);
  },

  /**
   * Inserts the submission only if the phase is open and the user's quota allows it, both
   * checked under a per-(user, phase) advisory lock, so concurrent uploads cannot overshoot.
   */
  async createWithinQuota(data: {
    id: string;
    userId: string;
    challengeId: string;
    phaseId: string;
    kind: "prediction_csv" | "onnx_model";
    filename: string;
    message?: string | null;
    blobKey: string;
    sizeBytes: number;
    sha256: string;
    isBaseline?: boolean;
    /** A team's submission: the member who made it (userId is the team's account). */
    submittedById?: string | null;
  }, options: { oneModelInFlight?: boolean; submitter?: string } = {}) {
    return getPrisma().$transaction(async (tx) => {
      await lockEntrantPhase(tx, data.userId, data.phaseId);
      const phase = await tx.phase.findUniqueOrThrow({
        where: { id: data.phaseId },
        select: { startsAt: true, endsAt: true, dailyQuota: true, totalQuota: true, failedCountTowardsQuota: true },
      });
      // The database clock decides, so every app server agrees on when a phase closes.
      const [{ now }] = await tx.$queryRaw<[{ now: Date }]>`SELECT now() AS now`;
      if (now < phase.startsAt || now >= phase.endsAt) throw new PhaseNotOpenError();
      if (options.submitter) {
        // Under the lock a team change also takes (team-repository.ts): the entrant read before it still holds.
        const member = await tx.teamMember.findUnique({ where: { challengeId_userId: { challengeId: data.challengeId, userId: options.submitter } }, select: { team: { select: { accountId: true } } } });
        if ((member?.team.accountId ?? options.submitter) !== data.userId) throw new TeamChangedError();
      }
      const { usedTotal, usedToday } = await usageOf(tx, [data.userId], { id: data.phaseId, failedCountTowardsQuota: phase.failedCountTowardsQuota }, now);
      if (usedTotal >= phase.totalQuota || usedToday >= phase.dailyQuota) {
        throw new QuotaExhaustedError({ usedToday, usedTotal });
      }
      if (options.oneModelInFlight) {
        const inFlight = await tx.submission.count({ where: modelsInFlightWhere(data.userId, data.phaseId) });
        if (inFlight > 0) throw new ModelInFlightError();
      }
      return tx.submission.create({
        data: { ...data, createdAt: now },
        select: { id: true, status: true, sizeBytes: true, sha256: true },
      });
    // Bursts of uploads queue for the lock; the defaults (2 s wait, 5 s run) would fail them.
    }, { maxWait: 60_000, timeout: 60_000 });
  },

  /** Writes the outcome once: only the holder of the current attempt can, and only while running. */
  async finish(
    lease: JobLease,
    outcome:
      | {
          status: "scored";
          publicScore: number | null;
          privateScore: number | null;
          result: JsonReport;
          scorerId: string;
          scorerVersion: string;
          scoringMs: number;
          imageStatesKey: string | null;
          scoringRuleVersion: number;
          boardOutputs: { public: Record<string, number>; private: Record<string, number> };
        }
      | { status: "failed"; failureKind: "rejected" | "error"; errorMessage: string; scoringMs: number },
  ): Promise<boolean> {
    const { count } = await getPrisma().submission.updateMany({
      where: fencedWhere(lease),
      data: { ...asJsonResult(outcome), finishedAt: new Date(), leaseOwner: null },
    });
    return count === 1;
  },

  /**
   * Chooses a submission for the private board, or takes the choice back. Under the same
   * per-(participant, phase) lock as uploads, so two choices at once cannot exceed `limit`:
   * "full" when `limit` others are chosen already. Bumps the challenge's version (the
   * private board changes; the change triggers do not watch this column).
   */
  async setFinalChoice(input: { id: string; userId: string; phaseId: string; challengeId: string; chosen: boolean; limit: number }): Promise<"ok" | "full"> {
    return getPrisma().$transaction(async (tx) => {
      await lockEntrantPhase(tx, input.userId, input.phaseId);
      if (input.chosen) {
        const others = await tx.submission.count({ where: { phaseId: input.phaseId, userId: input.userId, chosenAt: { not: null }, id: { not: input.id } } });
        if (others >= input.limit) return "full";
      }
      await tx.submission.update({ where: { id: input.id }, data: { chosenAt: input.chosen ? new Date() : null }, select: { id: true } });
      await tx.$executeRaw`SELECT "scopebench_bump_challenge_version"(${input.challengeId})`;
      return "ok";
    });
  },

  /** Commits a model for the next stage (at most one per participant and phase: choosing one drops another), or withdraws it. */
  async setCommittedModel(input: { id: string; userId: string; phaseId: string; challengeId: string; committed: boolean }): Promise<void> {
    await getPrisma().$transaction(async (tx) => {
      await lockEntrantPhase(tx, input.userId, input.phaseId);
      if (input.committed) {
        await tx.submission.updateMany({ where: { phaseId: input.phaseId, userId: input.userId, committedAt: { not: null }, id: { not: input.id } }, data: { committedAt: null } });
      }
      await tx.submission.update({ where: { id: input.id }, data: { committedAt: input.committed ? new Date() : null }, select: { id: true } });
      await tx.$executeRaw`SELECT "scopebench_bump_challenge_version"(${input.challengeId})`;
    });
  },

  /**
   * Once per stage (Phase.committedRunsAt claims it, so two workers never both do it): one run
   * per participant of the model they committed in the phase before, or without a choice their
   * best public scored model there (ties: the earlier). Each run is a queued submission of the
   * stage with the same blob and sha256. Returns the runs' ids, to be sent to the queue, or
   * null when another worker has claimed the stage.
   */
  async createCommittedRuns(input: { phaseId: string; fromPhaseId: string | null; challengeId: string; higherIsBetter: boolean }): Promise<string[] | null> {
    const fromPhaseId = input.fromPhaseId;
    return getPrisma().$transaction(async (tx) => {
      const claimed = await tx.phase.updateMany({ where: { id: input.phaseId, committedRunsAt: null }, data: { committedRunsAt: new Date() } });
      if (claimed.count === 0) return null;
      // No earlier phase (moved since): the stage is done, with no runs.
      if (fromPhaseId === null) return [];
      const order = Prisma.raw(input.higherIsBetter ? "DESC NULLS LAST" : "ASC NULLS LAST");
      const models = await tx.$queryRaw<Array<{ id: string; userId: string; filename: string; blobKey: string; sizeBytes: number; sha256: string; isBaseline: boolean }>>`
        SELECT DISTINCT ON (s."userId") s.id, s."userId", s.filename, s."blobKey", s."sizeBytes", s.sha256, s."isBaseline"
          FROM "Submission" s
         WHERE s."phaseId" = ${fromPhaseId} AND s.kind = 'onnx_model' AND s.status = 'scored'
         ORDER BY s."userId", (s."committedAt" IS NULL), s."publicScore" ${order}, s."createdAt" ASC, s.id ASC`;
      const runs = models.map((model) => ({
        id: crypto.randomUUID(),
        userId: model.userId,
        challengeId: input.challengeId,
        phaseId: input.phaseId,
        kind: "onnx_model" as const,
        filename: model.filename,
        blobKey: model.blobKey,
        sizeBytes: model.sizeBytes,
        sha256: model.sha256,
        isBaseline: model.isBaseline,
        committedFromId: model.id,
      }));
      if (runs.length > 0) await tx.submission.createMany({ data: runs });
      await tx.$executeRaw`SELECT "scopebench_bump_challenge_version"(${input.challengeId})`;
      return runs.map((run) => run.id);
    });
  },

  countFinalChoices(userId: string, phaseId: string) {
    return getPrisma().submission.count({ where: { userId, phaseId, chosenAt: { not: null } } });
  },

  /** Puts finished submissions back in the queue with their results cleared. */
  async resetForRescore(where: { id?: string; phaseId?: string }) {
    const rows = await getPrisma().submission.findMany({
      where: { ...where, status: { in: ["scored", "failed"] } },
      select: { id: true },
    });
    const ids = rows.map((r) => r.id);
    if (ids.length === 0) return [];
    await getPrisma().submission.updateMany({
      where: { id: { in: ids }, status: { in: ["scored", "failed"] } },
      data: {
        status: "queued",
        failureKind: null,
        errorMessage: null,
        publicScore: null,
        privateScore: null,
        result: Prisma.DbNull,
        boardOutputs: Prisma.DbNull,
        scoringRuleVersion: null,
        ladderScore: null,
        takeovers: 0,
        cancelRequestedAt: null,
        startedAt: null,
        finishedAt: null,
        scoringMs: null,
      },
    });
    return ids;
  },
};
