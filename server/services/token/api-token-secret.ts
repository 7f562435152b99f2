import crypto from "node:crypto";

export const API_TOKEN_PREFIX = "sbk_";

export function generateApiTokenSecret(): string {
  return API_TOKEN_PREFIX + crypto.randomBytes(24).toString("base64url");
}

/** Tokens are random and long, so a fast hash is enough (no password stretching needed). */
export function hashApiToken(secret: string): string {
  return crypto.createHash("sha256").update(secret).digest("hex");
}
