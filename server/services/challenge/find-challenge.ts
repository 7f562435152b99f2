import { ZSlug, type SessionUser } from "../../contracts/common";
import { AppError, AppErrorCode } from "../../errors";
import { printable } from "../../printable";
import { challengeRepository, type ChallengeRecord } from "../../repositories/challenge-repository";
import { canHostChallenge } from "./can-host-challenge";

/** A challenge the user may see: drafts only for their hosts. */
export async function findVisibleChallenge(slug: string, user: SessionUser | null | undefined): Promise<ChallengeRecord> {
  // Every caller (tRPC, route handlers, services) comes through here: a slug that cannot
  // exist never reaches the database, whose text columns refuse NUL with an internal error.
  const challenge = ZSlug.safeParse(slug).success ? await challengeRepository.findBySlugIncludePhases(slug) : null;
  return visibleOrNotFound(challenge, slug, user);
}

/** The challenge found for `slug` if the user may see it, else the same NOT_FOUND as for no challenge at all. */
export async function visibleOrNotFound<C extends { id: string; status: string }>(challenge: C | null, slug: string, user: SessionUser | null | undefined): Promise<C> {
  if (!challenge || (challenge.status === "draft" && !(await canHostChallenge(user, challenge.id)))) {
    throw new AppError(AppErrorCode.NOT_FOUND, { message: `No challenge called "${printable(slug)}".` });
  }
  return challenge;
}
