import { challengeRepository } from "../../repositories/challenge-repository";
import { leaderboardRepository } from "../../repositories/leaderboard-repository";
import { VersionedCache } from "../leaderboard/versioned-cache";

type Activity = { participants: number; submissions: number } | undefined;

// The counts change only when the challenge's change counter does, so each process adds them
// up once per change.
const counts = new VersionedCache<Activity>(1024);

/** Participants and submissions of each challenge, recounted only after a change. */
export async function challengeActivity(challengeIds: string[]): Promise<Map<string, Activity>> {
  const versions = await leaderboardRepository.findVersions(challengeIds);
  const values = await Promise.all(
    challengeIds.map((id) =>
      counts.get(id, versions.get(id) ?? 0n, async () => (await challengeRepository.countActivity([id])).get(id)),
    ),
  );
  return new Map(challengeIds.map((id, i) => [id, values[i]]));
}
