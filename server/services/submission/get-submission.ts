import type { SessionUser } from "../../contracts/common";
import { teamRepository } from "../../repositories/team-repository";
import type { SubmissionDto } from "../../contracts/submission";
import { AppError, AppErrorCode } from "../../errors";
import { submissionRepository } from "../../repositories/submission-repository";
import { audienceFor, testConditions } from "../disclosure/audience";
import { testDatasetIdOf } from "../challenge/stage-test-set";
import { toSubmissionDto } from "./to-submission-dto";

/** Owner or host only; anyone else is told it does not exist. */
export async function getSubmission(input: { id: string; user: SessionUser }): Promise<SubmissionDto> {
  const record = await submissionRepository.findById(input.id);
  // The audience of the test set this submission was scored on (a stage may have its own).
  const testSet = record ? { id: record.challenge.id, datasetId: testDatasetIdOf(record.phase, record.challenge) } : null;
  const viewer = record && testSet ? await audienceFor(input.user, testSet) : null;
  const isOwner = record ? record.userId === (await teamRepository.entrantOf(record.challengeId, input.user.id)) : false;
  if (!record || !viewer || (!isOwner && viewer.audience !== "host")) {
    throw new AppError(AppErrorCode.NOT_FOUND, { message: "No such submission." });
  }
  return toSubmissionDto(record, { audience: viewer.audience, revealAt: viewer.reveal.revealAt, conditions: await testConditions(testDatasetIdOf(record.phase, record.challenge)) });
}
