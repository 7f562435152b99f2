import type { SessionUser } from "../../contracts/common";
import type { SubmissionDto } from "../../contracts/submission";
import { AppError, AppErrorCode } from "../../errors";
import { submissionRepository } from "../../repositories/submission-repository";
import { canHostChallenge } from "../challenge/can-host-challenge";
import { toSubmissionDto } from "./to-submission-dto";

/** Owner or host only; anyone else is told it does not exist. */
export async function getSubmission(input: { id: string; user: SessionUser }): Promise<SubmissionDto> {
  const record = await submissionRepository.findById(input.id);
  const isHost = record ? await canHostChallenge(input.user, record.challengeId) : false;
  if (!record || (record.userId !== input.user.id && !isHost)) {
    throw new AppError(AppErrorCode.NOT_FOUND, { message: "No such submission." });
  }
  const phaseEnded = record.phase.endsAt <= new Date();
  return toSubmissionDto(record, { revealPrivate: isHost || phaseEnded });
}
