import type { UpdateChallengeRequest } from "../../contracts/challenge";
import { ZUpdateChallengeRequestSchema } from "../../contracts/challenge";
import type { SessionUser } from "../../contracts/common";
import { challengeRepository } from "../../repositories/challenge-repository";
import { findHostedChallenge } from "./find-hosted-challenge";

/** Hosts edit the title, the summary, the markdown pages and the team merge deadline; what is left out stays. */
export async function updateChallenge(input: { user: SessionUser; request: UpdateChallengeRequest }): Promise<{ slug: string }> {
  const { slug, title, summary, pages, teamMergeDeadline } = ZUpdateChallengeRequestSchema.parse(input.request);
  const challenge = await findHostedChallenge(slug, input.user);
  await challengeRepository.updateDetails(challenge.id, {
    title,
    summary,
    overviewMd: pages.overview,
    dataMd: pages.data,
    evaluationMd: pages.evaluation,
    rulesMd: pages.rules,
    teamMergeDeadline,
  });
  return { slug: challenge.slug };
}
