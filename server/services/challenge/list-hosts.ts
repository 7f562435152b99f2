import type { ChallengeHostDto } from "../../contracts/challenge";
import type { SessionUser } from "../../contracts/common";
import { challengeRepository } from "../../repositories/challenge-repository";
import { findHostedChallenge } from "./find-hosted-challenge";

/** The challenge's hosts, for its other hosts (administrators host everything and are not listed). */
export async function listHosts(input: { user: SessionUser; slug: string }): Promise<ChallengeHostDto[]> {
  const challenge = await findHostedChallenge(input.slug, input.user);
  return (await challengeRepository.listHosts(challenge.id)).map(({ id, name, email }) => ({ id, name, email }));
}
