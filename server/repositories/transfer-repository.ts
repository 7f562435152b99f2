import { getPrisma } from "../db/client";
import type { JobLease } from "../jobs/job-kind";
import { fencedWhere } from "./job-lease-repository";
import { asJsonResult, type JsonReport } from "./submission-repository";

export const transferRepository = {
  /** One evaluation per model and target; asking again returns the existing one. */
  async createOrGet(data: { submissionId: string; targetChallengeId: string; requestedById: string }) {
    return getPrisma().transferEvaluation.upsert({
      where: { submissionId_targetChallengeId: { submissionId: data.submissionId, targetChallengeId: data.targetChallengeId } },
      create: data,
      update: {},
      select: { id: true, status: true, createdAt: true },
    });
  },
  findForRun(id: string) {
    return getPrisma().transferEvaluation.findUnique({
      where: { id },
      select: {
        id: true,
        submission: { select: { blobKey: true, challenge: { select: { modelContract: true } } } },
        targetChallenge: { select: { metricId: true, metricParams: true, dataset: { select: { id: true, truthKey: true } } } },
      },
    });
  },
  /** The result, written only by the holder of the current attempt (see job-lease-repository). */
  async finish(lease: JobLease, data: { status: "scored"; score: number; result: JsonReport } | { status: "failed"; errorMessage: string }): Promise<boolean> {
    const { count } = await getPrisma().transferEvaluation.updateMany({ where: fencedWhere(lease), data: { ...asJsonResult(data), leaseOwner: null, finishedAt: new Date() } });
    return count === 1;
  },
  findById(id: string) {
    return getPrisma().transferEvaluation.findUnique({
      where: { id },
      select: { id: true, status: true, requestedById: true, submission: { select: { userId: true, challengeId: true } } },
    });
  },
  /** Every transfer evaluation of models submitted to a challenge. */
  listForSourceChallenge(challengeId: string) {
    return getPrisma().transferEvaluation.findMany({
      where: { submission: { challengeId } },
      orderBy: { createdAt: "asc" },
      select: {
        id: true,
        status: true,
        score: true,
        result: true,
        errorMessage: true,
        submission: { select: { id: true, filename: true, isBaseline: true, publicScore: true, ladderScore: true, phase: { select: { ladder: true } }, user: { select: { name: true } } } },
        targetChallenge: { select: { id: true, datasetId: true, slug: true, title: true } },
      },
    });
  },
};
