import type { SessionUser } from "../../contracts/common";
import { AppError, AppErrorCode } from "../../errors";
import { printable } from "../../printable";
import { challengeRepository, type ChallengeRecord } from "../../repositories/challenge-repository";
import { canHostChallenge } from "./can-host-challenge";

/**
 * The challenge called `slug` if the user hosts it. Another host's challenge answers like a
 * missing one, so a host cannot learn which drafts exist.
 */
export async function findHostedChallenge(slug: string, user: SessionUser): Promise<ChallengeRecord> {
  const challenge = await challengeRepository.findBySlugIncludePhases(slug);
  if (!challenge || !(await canHostChallenge(user, challenge.id))) {
    throw new AppError(AppErrorCode.NOT_FOUND, { message: `No challenge called "${printable(slug)}" among the challenges you host.` });
  }
  return challenge;
}
