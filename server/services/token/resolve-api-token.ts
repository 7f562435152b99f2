import type { SessionUser } from "../../contracts/common";
import { apiTokenRepository } from "../../repositories/api-token-repository";
import { API_TOKEN_PREFIX, hashApiToken } from "./api-token-secret";

/** The user behind `Authorization: Bearer <token>`, or null for an unknown or revoked token. */
export async function resolveApiToken(secret: string): Promise<SessionUser | null> {
  if (!secret.startsWith(API_TOKEN_PREFIX)) return null;
  const token = await apiTokenRepository.findActiveByHashIncludeUser(hashApiToken(secret));
  if (!token) return null;
  // Best effort: a failed "last used" update must not fail the request.
  void apiTokenRepository.touch(token.id).catch(() => undefined);
  return token.user;
}
