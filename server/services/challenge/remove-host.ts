import type { ChallengeHostDto } from "../../contracts/challenge";
import type { SessionUser } from "../../contracts/common";
import { AppError, AppErrorCode } from "../../errors";
import { challengeRepository } from "../../repositories/challenge-repository";
import { findHostedChallenge } from "./find-hosted-challenge";
import { listHosts } from "./list-hosts";

/** A host removes a co-host (or themselves); the last host stays, so someone can still run the challenge. */
export async function removeHost(input: { user: SessionUser; slug: string; userId: string }): Promise<ChallengeHostDto[]> {
  const challenge = await findHostedChallenge(input.slug, input.user);
  const hosts = await challengeRepository.listHosts(challenge.id);
  const leaving = hosts.find((h) => h.id === input.userId);
  if (!leaving) throw new AppError(AppErrorCode.NOT_FOUND, { message: "That account does not host this challenge." });
  if (hosts.length === 1) {
    throw new AppError(AppErrorCode.CONFLICT, { message: `${leaving.name} is the challenge's only host; add another host before removing them.` });
  }
  await challengeRepository.removeHost(challenge.id, input.userId);
  // A host who removed themselves no longer sees the list.
  return input.userId === input.user.id && input.user.role !== "admin" ? [] : listHosts({ user: input.user, slug: input.slug });
}
