import type { ChallengeSummaryDto } from "../../contracts/challenge";
import { challengeRepository } from "../../repositories/challenge-repository";
import { challengeActivity } from "./challenge-activity";
import { toChallengeSummaryDto } from "./to-challenge-dto";

export async function listChallenges(): Promise<ChallengeSummaryDto[]> {
  const challenges = await challengeRepository.findManyVisibleIncludePhases();
  const activity = await challengeActivity(challenges.map((c) => c.id));
  const now = new Date();
  return challenges.map((c) => toChallengeSummaryDto(c, activity.get(c.id), now));
}
