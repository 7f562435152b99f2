import { leaderboardRepository } from "../../repositories/leaderboard-repository";

/**
 * The change counter of a challenge: bumped in the database, in the same transaction, by
 * every write a leaderboard or challenge page shows (see migration 20261202120000).
 * 0 for a challenge whose counter row has not been created yet.
 */
export async function challengeVersion(challengeId: string): Promise<bigint> {
  return (await leaderboardRepository.findVersions([challengeId])).get(challengeId) ?? 0n;
}
