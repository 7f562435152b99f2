import type { SessionUser } from "../../contracts/common";
import { challengeRepository } from "../../repositories/challenge-repository";

/** Admins host everything; anyone else only the challenges they were added to. */
export async function canHostChallenge(user: SessionUser | null | undefined, challengeId: string): Promise<boolean> {
  if (!user) return false;
  if (user.role === "admin") return true;
  return challengeRepository.isHost(challengeId, user.id);
}
