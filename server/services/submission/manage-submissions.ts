// Host actions on submissions: cancel one, re-score one, re-score a whole phase.
import type { SessionUser } from "../../contracts/common";
import { AppError, AppErrorCode } from "../../errors";
import { enqueueScoring } from "../../queue/scoring-queue";
import { challengeRepository } from "../../repositories/challenge-repository";
import { jobLeaseRepository } from "../../repositories/job-lease-repository";
import { boardStatisticsRepository } from "../../repositories/board-statistics-repository";
import { ladderRepository } from "../../repositories/ladder-repository";
import { submissionRepository } from "../../repositories/submission-repository";
import { canHostChallenge } from "../challenge/can-host-challenge";

async function assertHostOf(user: SessionUser, challengeId: string | undefined): Promise<void> {
  if (!challengeId || !(await canHostChallenge(user, challengeId))) {
    throw new AppError(AppErrorCode.NOT_FOUND, { message: "No such submission or phase among the challenges you host." });
  }
}

/**
 * A queued submission is cancelled at once; a running one stops at its worker's next
 * heartbeat (the sandbox is killed), and shows "cancelled" once it has.
 */
export async function cancelSubmission(input: { id: string; user: SessionUser }): Promise<void> {
  const record = await submissionRepository.findById(input.id);
  await assertHostOf(input.user, record?.challengeId);
  if (!(await jobLeaseRepository.requestCancel("scoring", input.id))) {
    throw new AppError(AppErrorCode.CONFLICT, { message: "Only queued or running submissions can be cancelled." });
  }
}

export async function rescoreSubmission(input: { id: string; user: SessionUser }): Promise<void> {
  const record = await submissionRepository.findById(input.id);
  await assertHostOf(input.user, record?.challengeId);
  const ids = await submissionRepository.resetForRescore({ id: input.id });
  if (ids.length === 0) throw new AppError(AppErrorCode.CONFLICT, { message: "Only finished submissions can be re-scored." });
  for (const id of ids) await enqueueScoring(id);
}

export async function rescorePhase(input: { phaseId: string; user: SessionUser }): Promise<{ requeued: number }> {
  const challengeId = await challengeRepository.findChallengeIdOfPhase(input.phaseId);
  await assertHostOf(input.user, challengeId ?? undefined);
  const ids = await submissionRepository.resetForRescore({ phaseId: input.phaseId });
  // The Ladder is replayed, and the statistics computed again, as the new scores come back;
  // until then the boards show none rather than intervals of the scores before.
  await ladderRepository.reset(input.phaseId);
  await boardStatisticsRepository.clear(input.phaseId);
  for (const id of ids) await enqueueScoring(id);
  return { requeued: ids.length };
}
