import type { SessionUser } from "../../contracts/common";
import { AppError, AppErrorCode } from "../../errors";
import { challengeRepository } from "../../repositories/challenge-repository";
import { submissionRepository } from "../../repositories/submission-repository";
import { teamRepository } from "../../repositories/team-repository";

/**
 * A submission of the viewer's entrant (themselves, or their team: any member acts for it),
 * with its challenge and phase. Anyone else's submission answers like a missing one.
 */
export async function findOwnSubmission(user: SessionUser, id: string) {
  const submission = await submissionRepository.findById(id);
  const entrant = submission ? await teamRepository.entrantOf(submission.challengeId, user.id) : null;
  const challenge = submission && submission.userId === entrant ? await challengeRepository.findByIdIncludePhases(submission.challengeId) : null;
  const phase = challenge?.phases.find((p) => p.id === submission?.phaseId);
  if (!submission || !entrant || !challenge || !phase) throw new AppError(AppErrorCode.NOT_FOUND, { message: "No such submission of yours." });
  return { submission, entrant, challenge, phase };
}
