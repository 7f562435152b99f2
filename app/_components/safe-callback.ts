import { sameOriginPath } from "@/server/auth/same-origin";

/**
 * The callbackUrl of the sign-in/up pages as a path on this site, resolved with
 * `new URL(value, origin)` and refused unless same-origin (see server/auth/same-origin.ts).
 */
export function safeCallback(value: string | null | undefined, origin: string = currentOrigin()): string {
  return sameOriginPath(value, origin);
}

function currentOrigin(): string {
  // While rendering on the server there is no window; any fixed origin gives the same path.
  return typeof window === "undefined" ? "http://localhost" : window.location.origin;
}

export function signInHref(callbackUrl: string): string {
  return `/auth/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`;
}
