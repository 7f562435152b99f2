import type { SessionUser } from "../../contracts/common";
import type { SubmissionListItemDto } from "../../contracts/submission";
import { submissionRepository } from "../../repositories/submission-repository";
import { findVisibleChallenge } from "../challenge/find-challenge";
import { audienceFor } from "../disclosure/audience";
import { toSubmissionListItemDto } from "./to-submission-dto";

export async function listMySubmissions(input: { slug: string; user: SessionUser }): Promise<SubmissionListItemDto[]> {
  const challenge = await findVisibleChallenge(input.slug, input.user);
  const { audience } = await audienceFor(input.user, challenge);
  const records = await submissionRepository.listByUserAndChallenge(input.user.id, challenge.id);
  return records.map((r) => toSubmissionListItemDto(r, { audience }));
}
