// What the challenge list and a challenge's page show, read from the database once per
// change of the site's data (siteVersionRepository: one small query per request) instead of
// in five queries per request. The counts among it add up the kept per-participant rows
// (challengeRepository.countActivity), so they need no cache of their own. Who may see what, and everything that depends on the clock
// (phase states, the test set's reveal), is still decided per request by the callers.
import { ZSlug } from "../../contracts/common";
import { challengeRepository, type ChallengeRecord } from "../../repositories/challenge-repository";
import { datasetRepository } from "../../repositories/dataset-repository";
import { siteVersionRepository } from "../../repositories/site-version-repository";
import { VersionedCache } from "../leaderboard/versioned-cache";

/** Participants and submissions (not cancelled, not baselines); undefined for a challenge with none. */
type Activity = { participants: number; submissions: number } | undefined;

export interface ChallengeSnapshot {
  /** The challenge's, here too so visibleOrNotFound can judge the snapshot itself. */
  id: string;
  status: ChallengeRecord["status"];
  challenge: ChallengeRecord;
  activity: Activity;
  imageCounts: { train: number; public_test: number; private_test: number; validation: number };
  datasetName: string;
  /** Every challenge scored on this challenge's test set, with its phases' ends (for the reveal). */
  testSetChallenges: Awaited<ReturnType<typeof challengeRepository.listByDatasetIncludePhaseEnds>>;
}

const snapshots = new VersionedCache<ChallengeSnapshot | null>(1024);
const lists = new VersionedCache<Array<{ challenge: ChallengeRecord; activity: Activity }>>(1);

/** The challenge called `slug` as of now, whoever asks (drafts included), or null. */
export async function challengeSnapshot(slug: string): Promise<ChallengeSnapshot | null> {
  // A slug that cannot exist never reaches the database (see findVisibleChallenge).
  if (!ZSlug.safeParse(slug).success) return null;
  const version = await siteVersionRepository.current();
  return snapshots.get(slug, version, async () => {
    const challenge = await challengeRepository.findBySlugIncludePhases(slug);
    if (!challenge) return null;
    const [activity, imageCounts, dataset, testSetChallenges] = await Promise.all([
      challengeRepository.countActivity([challenge.id]),
      datasetRepository.countItemsBySplit(challenge.datasetId),
      datasetRepository.findById(challenge.datasetId),
      challengeRepository.listByDatasetIncludePhaseEnds(challenge.datasetId),
    ]);
    return { id: challenge.id, status: challenge.status, challenge, activity: activity.get(challenge.id), imageCounts, datasetName: dataset?.name ?? "", testSetChallenges };
  });
}

/** Active and archived challenges with their activity, as of now. */
export async function visibleChallengesSnapshot(): Promise<Array<{ challenge: ChallengeRecord; activity: Activity }>> {
  const version = await siteVersionRepository.current();
  return lists.get("visible", version, async () => {
    const challenges = await challengeRepository.findManyVisibleIncludePhases();
    const activity = await challengeRepository.countActivity(challenges.map((c) => c.id));
    return challenges.map((challenge) => ({ challenge, activity: activity.get(challenge.id) }));
  });
}
