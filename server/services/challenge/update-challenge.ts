import type { UpdateChallengeRequest } from "../../contracts/challenge";
import { ZUpdateChallengeRequestSchema } from "../../contracts/challenge";
import type { SessionUser } from "../../contracts/common";
import { challengeRepository } from "../../repositories/challenge-repository";
import { findHostedChallenge } from "./find-hosted-challenge";

/** Hosts edit the title, the summary and the markdown pages; what is left out stays. */
export async function updateChallenge(input: { user: SessionUser; request: UpdateChallengeRequest }): Promise<{ slug: string }> {
  const { slug, title, summary, pages } = ZUpdateChallengeRequestSchema.parse(input.request);
  const challenge = await findHostedChallenge(slug, input.user);
  await challengeRepository.updateDetails(challenge.id, {
    title,
    summary,
    overviewMd: pages.overview,
    dataMd: pages.data,
    evaluationMd: pages.evaluation,
    rulesMd: pages.rules,
  });
  return { slug: challenge.slug };
}
