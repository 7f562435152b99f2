/**
 * Same-origin redirects only: an open redirect through callbackUrl would be a phishing aid.
 * The value is judged after URL parsing, as the browser will parse it: parsers drop tabs and
 * newlines and read backslashes as slashes, so "/\t/evil.example" (sent as "/%09/evil.example")
 * becomes "//evil.example", another site. Checking the string's prefix is not enough.
 * Pure: used by the sign-in/up forms (app/_components/safe-callback.ts) and by next-auth's
 * redirect callback (auth-options.ts).
 */
export function sameOriginUrl(value: string | null | undefined, origin: string): URL | null {
  if (!value) return null;
  try {
    const base = new URL(origin);
    const resolved = new URL(value, base);
    // `origin` is "null" for javascript:, data: and the like, so they never match.
    return resolved.origin === base.origin ? resolved : null;
  } catch {
    return null;
  }
}

/** A same-origin value as a path ("/" when it points anywhere else). */
export function sameOriginPath(value: string | null | undefined, origin: string): string {
  const resolved = sameOriginUrl(value, origin);
  if (!resolved) return "/";
  // A same-origin URL can still have a path like "//evil.example" ("/.//evil.example"
  // resolves to it); as a relative link that would be protocol-relative, so one slash.
  return `/${resolved.pathname.replace(/^\/+/, "")}${resolved.search}${resolved.hash}`;
}
