import type { SessionUser } from "../../contracts/common";
import type { CustomScorerVersionDto } from "../../contracts/custom-scorer";
import { customScorerRepository } from "../../repositories/custom-scorer-repository";
import { findHostedChallengeForScorer } from "./find-hosted-challenge-for-scorer";
import { toCustomScorerVersionDto } from "./to-custom-scorer-dto";

/** The custom scorer versions stored for a challenge the user hosts, newest first. */
export async function listCustomScorers(input: { user: SessionUser; challengeSlug: string }): Promise<CustomScorerVersionDto[]> {
  const challenge = await findHostedChallengeForScorer(input.user, input.challengeSlug);
  const rows = await customScorerRepository.listByChallenge(challenge.id);
  return rows.map((row) => toCustomScorerVersionDto(row, challenge.metricId));
}
