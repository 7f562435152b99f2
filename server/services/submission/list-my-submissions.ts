import type { SessionUser } from "../../contracts/common";
import { teamRepository } from "../../repositories/team-repository";
import type { SubmissionListItemDto } from "../../contracts/submission";
import { submissionRepository } from "../../repositories/submission-repository";
import { findVisibleChallenge } from "../challenge/find-challenge";
import { testDatasetIdOf } from "../challenge/stage-test-set";
import { audienceFor } from "../disclosure/audience";
import type { Audience } from "../disclosure/disclose-report";
import { toSubmissionListItemDto } from "./to-submission-dto";

export async function listMySubmissions(input: { slug: string; user: SessionUser }): Promise<SubmissionListItemDto[]> {
  const challenge = await findVisibleChallenge(input.slug, input.user);
  // A team member sees the team's submissions.
  const records = await submissionRepository.listByUserAndChallenge(await teamRepository.entrantOf(challenge.id, input.user.id), challenge.id);
  // Each test set has its own reveal: stage 1's closing must not disclose stage 2's private scores.
  const audiences = new Map<string, Audience>();
  for (const datasetId of new Set(records.map((r) => testDatasetIdOf(r.phase, challenge)))) {
    audiences.set(datasetId, (await audienceFor(input.user, { id: challenge.id, datasetId })).audience);
  }
  return records.map((r) => toSubmissionListItemDto(r, { audience: audiences.get(testDatasetIdOf(r.phase, challenge))! }));
}
