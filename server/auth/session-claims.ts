import crypto from "node:crypto";
import type { JWT } from "next-auth/jwt";

/**
 * What our JWTs carry besides the user id: a session id (recorded as revoked at sign-out)
 * and the sign-in time in milliseconds (compared with User.sessionsValidFrom). next-auth's
 * own `iat` and `jti` cannot serve: both are renewed each time the cookie is re-issued.
 */
export interface SessionClaims {
  userId: string;
  sessionId: string;
  /** When the session began (ms since the epoch). */
  authTime: number;
}

export function newSessionFields(now = Date.now()): { sid: string; authTime: number } {
  return { sid: crypto.randomBytes(18).toString("base64url"), authTime: now };
}

/** The claims of a decoded token, or null when it lacks any (e.g. a cookie from before they existed). */
export function sessionClaimsOf(token: JWT | null | undefined): SessionClaims | null {
  if (!token) return null;
  const { sub, sid, authTime } = token as JWT & { sid?: unknown; authTime?: unknown };
  if (typeof sub !== "string" || typeof sid !== "string" || typeof authTime !== "number") return null;
  return { userId: sub, sessionId: sid, authTime };
}
