/**
 * bcrypt reads only the first 72 bytes of a password (UTF-8) and ignores the rest, so a
 * longer one would be silently cut. New passwords are limited honestly instead; existing
 * hashes of longer passwords keep working (the same first 72 bytes still match).
 */
const MAX_PASSWORD_BYTES = 72;
const MIN_PASSWORD_LENGTH = 8;

export function passwordBytes(password: string): number {
  return new TextEncoder().encode(password).length;
}

/** The message for a new password that is too long, or null. */
export function passwordLengthProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters`;
  const bytes = passwordBytes(password);
  if (bytes > MAX_PASSWORD_BYTES) {
    return `Use at most ${MAX_PASSWORD_BYTES} bytes for your password (this one has ${bytes}; letters with accents take 2, emoji 4): longer passwords would be cut without notice`;
  }
  return null;
}
