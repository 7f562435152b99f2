import type { SessionUser } from "../../contracts/common";
import { normaliseEmail, verifyCredentials } from "./verify-credentials";
import { withSignInThrottle } from "./sign-in-throttle";

/**
 * The credentials sign-in: throttled per account and per client address (`address` is null
 * when the request did not say). Null for a wrong email or password; throws an AppError
 * (QUOTA_EXCEEDED) with a message for the user when throttled.
 */
export async function signInWithPassword(input: { email: string; password: string; address: string | null }): Promise<SessionUser | null> {
  const email = normaliseEmail(input.email);
  // Nothing this long is an account; refusing it keeps oversized keys out of the throttle table.
  if (email.length > 254 || input.password.length > 1024) return null;
  return withSignInThrottle({ email, address: input.address }, () => verifyCredentials(email, input.password));
}
