import type { SessionUser } from "../../contracts/common";
import type { SubmissionListItemDto } from "../../contracts/submission";
import { submissionRepository } from "../../repositories/submission-repository";
import { canHostChallenge } from "../challenge/can-host-challenge";
import { findVisibleChallenge } from "../challenge/find-challenge";
import { toSubmissionListItemDto } from "./to-submission-dto";

export async function listMySubmissions(input: { slug: string; user: SessionUser }): Promise<SubmissionListItemDto[]> {
  const challenge = await findVisibleChallenge(input.slug, input.user);
  const isHost = await canHostChallenge(input.user, challenge.id);
  const records = await submissionRepository.listByUserAndChallenge(input.user.id, challenge.id);
  const now = new Date();
  return records.map((r) => toSubmissionListItemDto(r, { revealPrivate: isHost || r.phase.endsAt <= now }));
}
