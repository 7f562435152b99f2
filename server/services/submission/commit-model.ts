// A participant commits one of their scored ONNX models for the next stage, which runs it on
// test images nobody has seen yet. Without a choice, their best public model is run.
import type { SessionUser } from "../../contracts/common";
import { AppError, AppErrorCode } from "../../errors";
import { submissionRepository } from "../../repositories/submission-repository";
import { formatInstant } from "../challenge/phase-rules";
import { stageTakingModelsFrom } from "../challenge/stage-test-set";
import { findOwnSubmission } from "./find-own-submission";

export async function commitModel(input: { user: SessionUser; id: string; committed: boolean }): Promise<{ committed: boolean; stage: string }> {
  const { submission, entrant, challenge, phase } = await findOwnSubmission(input.user, input.id);
  const stage = stageTakingModelsFrom(challenge.phases, phase.id);
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
