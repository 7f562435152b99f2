import type { SessionClaims } from "../../auth/session-claims";
import type { SessionUser } from "../../contracts/common";
import { revokedSessionRepository } from "../../repositories/revoked-session-repository";
import { userRepository } from "../../repositories/user-repository";

/**
 * The user of a signed session cookie, or null when the session has ended: signed out
 * (its id is recorded as revoked), begun before the user's last password change, or the
 * user is gone. Run on every request; the signature alone only says the cookie is ours.
 */
export async function resolveSessionUser(claims: SessionClaims): Promise<SessionUser | null> {
  const [user, revoked] = await Promise.all([
    userRepository.findByIdWithSessionState(claims.userId),
    revokedSessionRepository.isRevoked(claims.sessionId),
  ]);
  if (!user || revoked) return null;
  if (user.sessionsValidFrom && claims.authTime < user.sessionsValidFrom.getTime()) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
