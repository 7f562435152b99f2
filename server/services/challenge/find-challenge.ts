import type { SessionUser } from "../../contracts/common";
import { AppError, AppErrorCode } from "../../errors";
import { challengeRepository, type ChallengeRecord } from "../../repositories/challenge-repository";
import { canHostChallenge } from "./can-host-challenge";

/** A challenge the user may see: drafts only for their hosts. */
export async function findVisibleChallenge(slug: string, user: SessionUser | null | undefined): Promise<ChallengeRecord> {
  const challenge = await challengeRepository.findBySlugIncludePhases(slug);
  if (!challenge || (challenge.status === "draft" && !(await canHostChallenge(user, challenge.id)))) {
    throw new AppError(AppErrorCode.NOT_FOUND, { message: `No challenge called "${slug}".` });
  }
  return challenge;
}
