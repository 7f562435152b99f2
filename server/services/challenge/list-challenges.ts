import type { ChallengeSummaryDto } from "../../contracts/challenge";
import { challengeRepository } from "../../repositories/challenge-repository";
import { toChallengeSummaryDto } from "./to-challenge-dto";

export async function listChallenges(): Promise<ChallengeSummaryDto[]> {
  const challenges = await challengeRepository.findManyVisibleIncludePhases();
  const activity = await challengeRepository.countActivity(challenges.map((c) => c.id));
  const now = new Date();
  return challenges.map((c) => toChallengeSummaryDto(c, activity.get(c.id), now));
}
