// A participant commits one of their scored ONNX models for the next stage, which runs it on
// test images nobody has seen yet. Without a choice, their best public model is run.
import { teamRepository } from "../../repositories/team-repository";
import type { SessionUser } from "../../contracts/common";
import { AppError, AppErrorCode } from "../../errors";
import { challengeRepository } from "../../repositories/challenge-repository";
import { submissionRepository } from "../../repositories/submission-repository";
import { formatInstant } from "../challenge/phase-rules";
import { previousPhase } from "../challenge/stage-test-set";

export async function commitModel(input: { user: SessionUser; id: string; committed: boolean }): Promise<{ committed: boolean; stage: string }> {
  const submission = await submissionRepository.findById(input.id);
  // Another participant's submission answers like a missing one.
  // Any member of a team commits for the team.
  const entrant = submission ? await teamRepository.entrantOf(submission.challengeId, input.user.id) : null;
  if (!submission || submission.userId !== entrant) throw new AppError(AppErrorCode.NOT_FOUND, { message: "No such submission of yours." });
  const challenge = await challengeRepository.findByIdIncludePhases(submission.challengeId);
  const phase = challenge?.phases.find((p) => p.id === submission.phaseId);
  if (!challenge || !phase) throw new AppError(AppErrorCode.NOT_FOUND, { message: "No such submission of yours." });
  const stage = challenge.phases.find((p) => p.committedModels && previousPhase(challenge.phases, p)?.id === phase.id);
  if (!stage) throw new AppError(AppErrorCode.CONFLICT, { message: `No stage of this challenge runs models committed in ${phase.name}.` });
  if (phase.endsAt <= new Date()) {
    throw new AppError(AppErrorCode.CONFLICT, { message: `${phase.name} closed on ${formatInstant(phase.endsAt)}; the committed model can no longer be changed.` });
  }
  if (input.committed && (submission.kind !== "onnx_model" || submission.status !== "scored")) {
    throw new AppError(AppErrorCode.CONFLICT, { message: "Only a scored ONNX model can be committed." });
  }
  await submissionRepository.setCommittedModel({ id: submission.id, userId: entrant, phaseId: phase.id, challengeId: challenge.id, committed: input.committed });
  return { committed: input.committed, stage: stage.name };
}
