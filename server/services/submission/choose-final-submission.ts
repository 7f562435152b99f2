// A participant chooses up to the phase's finalChoices scored submissions for the private
// board (Kaggle's "select for final score"), or takes a choice back, until the phase ends.
// Without a choice, the private board takes the best public submission's private score.
import type { SessionUser } from "../../contracts/common";
import type { ChooseFinalResponse } from "../../contracts/submission";
import { AppError, AppErrorCode } from "../../errors";
import { submissionRepository } from "../../repositories/submission-repository";
import { formatInstant } from "../challenge/phase-rules";
import { findOwnSubmission } from "./find-own-submission";

export async function chooseFinalSubmission(input: { user: SessionUser; id: string; chosen: boolean }): Promise<ChooseFinalResponse> {
  const { submission, entrant, phase } = await findOwnSubmission(input.user, input.id);
  if (phase.endsAt <= new Date()) {
    throw new AppError(AppErrorCode.CONFLICT, { message: `${phase.name} closed on ${formatInstant(phase.endsAt)}; final submissions can no longer be changed.` });
  }
  if (input.chosen && submission.status !== "scored") {
    throw new AppError(AppErrorCode.CONFLICT, { message: "Only a scored submission can be chosen for the private board." });
  }
  const outcome = await submissionRepository.setFinalChoice({
    id: submission.id,
    userId: entrant,
    phaseId: phase.id,
    challengeId: submission.challengeId,
    chosen: input.chosen,
    limit: phase.finalChoices,
  });
  if (outcome === "full") {
    throw new AppError(AppErrorCode.CONFLICT, {
      message: `You have chosen ${phase.finalChoices} submission${phase.finalChoices === 1 ? "" : "s"} for the private board of ${phase.name} already (the most it allows); take one back first.`,
    });
  }
  return { chosen: await submissionRepository.countFinalChoices(entrant, phase.id), limit: phase.finalChoices, closesAt: phase.endsAt };
}
