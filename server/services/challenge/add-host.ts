import type { ChallengeHostDto } from "../../contracts/challenge";
import type { SessionUser } from "../../contracts/common";
import { AppError, AppErrorCode } from "../../errors";
import { challengeRepository } from "../../repositories/challenge-repository";
import { findUserByReference } from "../user/find-user-by-reference";
import { findHostedChallenge } from "./find-hosted-challenge";
import { listHosts } from "./list-hosts";

/**
 * A host of the challenge makes another account a co-host of it. The account must hold the
 * host role already: that role (granted by an administrator) is what lets anyone import
 * data and open challenges, so a host cannot hand it out through a challenge.
 */
export async function addHost(input: { user: SessionUser; slug: string; reference: string }): Promise<ChallengeHostDto[]> {
  const challenge = await findHostedChallenge(input.slug, input.user);
  const invitee = await findUserByReference(input.reference);
  if (invitee.role === "participant") {
    throw new AppError(AppErrorCode.INVALID_INPUT, {
      message: `${invitee.name} (${invitee.email}) is a participant; an administrator must grant them the host role first (Admin page, or npm run cli -- grant-host "${invitee.email}").`,
    });
  }
  await challengeRepository.addHost(challenge.id, invitee.id);
  return listHosts({ user: input.user, slug: input.slug });
}
