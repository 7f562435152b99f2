import { decode } from "next-auth/jwt";
import type { SessionUser } from "../contracts/common";
import { env } from "../env";
import { resolveSessionUser } from "../services/user/resolve-session-user";
import { sessionClaimsOf } from "./session-claims";

// Apart from auth-options.ts (next-auth's providers and callbacks), so the site server's own
// fast path reads sessions without loading them.
/** next-auth's own rule (NEXTAUTH_URL on https), made explicit so both read the same cookie. */
export const secureSessionCookies = (env.NEXTAUTH_URL ?? "").startsWith("https://");
const SESSION_COOKIE_NAME = `${secureSessionCookies ? "__Secure-" : ""}next-auth.session-token`;

interface Cookie {
  name: string;
  value: string;
}

/** The cookies of a `Cookie` request header (RFC 6265 pairs; undecodable values are kept as sent). */
export function parseCookieHeader(header: string | null | undefined): Cookie[] {
  if (!header) return [];
  return header.split(";").flatMap((pair) => {
    const eq = pair.indexOf("=");
    if (eq < 0) return [];
    const name = pair.slice(0, eq).trim();
    let value = pair.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    try {
      value = decodeURIComponent(value);
    } catch {
      // a stray % is not ours to reject: the token check below fails it
    }
    return name ? [{ name, value }] : [];
  });
}

/** Whether the request carries a session cookie at all (whole or split): its pages are the viewer's own. */
export function hasSessionCookie(cookies: readonly Cookie[]): boolean {
  return cookies.some((c) => c.name === SESSION_COOKIE_NAME || c.name.startsWith(`${SESSION_COOKIE_NAME}.`));
}

/**
 * The signed-in user from the next-auth cookie, checked on every request: a valid signature
 * is not enough, the session must not have been signed out (revoked) or begun before the
 * user's last password change; the user is re-read from the database (roles can change).
 * Takes the cookies rather than reading Next's request scope, so the site server's own fast
 * path (server/http/site-handler.ts) resolves sessions exactly as the pages do.
 */
export async function sessionUserFromCookies(cookies: readonly Cookie[]): Promise<SessionUser | null> {
  // next-auth splits a large token into "<name>.0", "<name>.1" …; ours are small, but read both forms.
  const whole = cookies.find((c) => c.name === SESSION_COOKIE_NAME)?.value;
  const chunks = cookies
    .filter((c) => c.name.startsWith(`${SESSION_COOKIE_NAME}.`))
    .sort((a, b) => Number(a.name.split(".").pop()) - Number(b.name.split(".").pop()))
    .map((c) => c.value)
    .join("");
  const raw = whole ?? (chunks || undefined);
  if (!raw || !env.NEXTAUTH_SECRET) return null;
  const token = await decode({ token: raw, secret: env.NEXTAUTH_SECRET }).catch(() => null);
  const claims = sessionClaimsOf(token);
  return claims ? resolveSessionUser(claims) : null;
}
