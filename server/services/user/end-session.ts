import type { SessionClaims } from "../../auth/session-claims";
import { revokedSessionRepository } from "../../repositories/revoked-session-repository";

/**
 * Signing out: the JWT stays validly signed until it expires, so its session id is refused
 * until then. A cookie is re-issued (with a later expiry) whenever the session is read, so
 * the latest copy can live `maxAgeSeconds` from now; the record is kept that long.
 */
export async function endSession(input: { claims: SessionClaims; maxAgeSeconds: number }): Promise<void> {
  const expiresAt = new Date(Date.now() + input.maxAgeSeconds * 1000);
  await revokedSessionRepository.revoke(input.claims.sessionId, input.claims.userId, expiresAt);
  await revokedSessionRepository.deleteExpired();
}
