import { cookies } from "next/headers";
import { decode } from "next-auth/jwt";
import type { SessionUser } from "../contracts/common";
import { resolveSessionUser } from "../services/user/resolve-session-user";
import { authOptions, SESSION_COOKIE_NAME } from "./auth-options";
import { sessionClaimsOf } from "./session-claims";

/**
 * The signed-in user from the next-auth cookie, checked on every request: a valid signature
 * is not enough, the session must not have been signed out (revoked) or begun before the
 * user's last password change; the user is re-read from the database (roles can change).
 */
export async function getSessionUser(): Promise<SessionUser | null> {
  const jar = await cookies();
  // next-auth splits a large token into "<name>.0", "<name>.1" …; ours are small, but read both forms.
  const whole = jar.get(SESSION_COOKIE_NAME)?.value;
  const chunks = jar
    .getAll()
    .filter((c) => c.name.startsWith(`${SESSION_COOKIE_NAME}.`))
    .sort((a, b) => Number(a.name.split(".").pop()) - Number(b.name.split(".").pop()))
    .map((c) => c.value)
    .join("");
  const raw = whole ?? (chunks || undefined);
  if (!raw || !authOptions.secret) return null;
  const token = await decode({ token: raw, secret: authOptions.secret }).catch(() => null);
  const claims = sessionClaimsOf(token);
  return claims ? resolveSessionUser(claims) : null;
}
