import type { SessionUser } from "../../contracts/common";
import { AppError, AppErrorCode } from "../../errors";
import { printable } from "../../printable";
import { customScorerRepository } from "../../repositories/custom-scorer-repository";
import { canHostChallenge } from "../challenge/can-host-challenge";

/** The challenge by slug, if `user` hosts it; otherwise the same "not found" as for no challenge at all. */
export async function findHostedChallengeForScorer(user: SessionUser, slug: string) {
  const challenge = await customScorerRepository.findChallengeForTrial(slug);
  if (!challenge || !(await canHostChallenge(user, challenge.id))) {
    throw new AppError(AppErrorCode.NOT_FOUND, { message: `No challenge called "${printable(slug)}" among the challenges you host.` });
  }
  return challenge;
}
