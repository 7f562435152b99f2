import type { ChallengeSummaryDto } from "../../contracts/challenge";
import { visibleChallengesSnapshot } from "./challenge-snapshots";
import { toChallengeSummaryDto } from "./to-challenge-dto";

export async function listChallenges(): Promise<ChallengeSummaryDto[]> {
  const now = new Date();
  return (await visibleChallengesSnapshot()).map(({ challenge, activity }) => toChallengeSummaryDto(challenge, activity, now));
}
