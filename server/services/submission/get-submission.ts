import type { SessionUser } from "../../contracts/common";
import type { SubmissionDto } from "../../contracts/submission";
import { AppError, AppErrorCode } from "../../errors";
import { submissionRepository } from "../../repositories/submission-repository";
import { audienceFor, testConditions } from "../disclosure/audience";
import { toSubmissionDto } from "./to-submission-dto";

/** Owner or host only; anyone else is told it does not exist. */
export async function getSubmission(input: { id: string; user: SessionUser }): Promise<SubmissionDto> {
  const record = await submissionRepository.findById(input.id);
  const viewer = record ? await audienceFor(input.user, record.challenge) : null;
  if (!record || !viewer || (record.userId !== input.user.id && viewer.audience !== "host")) {
    throw new AppError(AppErrorCode.NOT_FOUND, { message: "No such submission." });
  }
  return toSubmissionDto(record, { audience: viewer.audience, revealAt: viewer.reveal.revealAt, conditions: await testConditions(record.challenge.datasetId) });
}
