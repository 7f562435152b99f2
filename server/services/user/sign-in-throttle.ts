import { AppError, AppErrorCode } from "../../errors";
import { signInThrottleRepository, type ThrottleLimits } from "../../repositories/sign-in-throttle-repository";

/**
 * Per account: 5 attempts in 15 minutes, then 15 minutes locked. Per client address: more,
 * since a lab or a campus may share one address behind NAT. Counted whether or not the
 * account exists, so the lock message does not tell which emails have accounts.
 */
export const SIGN_IN_LIMITS = {
  account: { maxAttempts: 5, windowSeconds: 15 * 60, lockSeconds: 15 * 60 },
  address: { maxAttempts: 30, windowSeconds: 15 * 60, lockSeconds: 15 * 60 },
} as const satisfies Record<string, ThrottleLimits>;

export function accountThrottleKey(email: string): string {
  return `account:${email}`;
}

function addressThrottleKey(address: string): string {
  return `address:${address}`;
}

function minutes(seconds: number): string {
  // Whole seconds first: the stored lock time is rounded to milliseconds, and 900.0004 s
  // must read "15 minutes", not 16.
  const n = Math.max(1, Math.ceil(Math.floor(seconds) / 60));
  return n === 1 ? "1 minute" : `${n} minutes`;
}

/**
 * Runs one password check under the throttle. Every attempt is counted *before* the check
 * (so parallel guesses cannot all pass a read-then-write test), and a successful one is
 * then taken back: the account's counter is reset, the address's decremented (not reset,
 * or one good account would let an address guess at every other).
 */
export async function withSignInThrottle<T>(
  target: { email: string; address: string | null },
  check: () => Promise<T | null>,
): Promise<T | null> {
  if (target.address) {
    const byAddress = await signInThrottleRepository.countAttempt(addressThrottleKey(target.address), SIGN_IN_LIMITS.address);
    if (byAddress.lockedForSeconds !== null) {
      throw new AppError(AppErrorCode.QUOTA_EXCEEDED, {
        message: `Too many sign-in attempts from your network; try again in ${minutes(byAddress.lockedForSeconds)}.`,
      });
    }
  }
  const byAccount = await signInThrottleRepository.countAttempt(accountThrottleKey(target.email), SIGN_IN_LIMITS.account);
  if (byAccount.lockedForSeconds !== null) {
    throw new AppError(AppErrorCode.QUOTA_EXCEEDED, {
      message: `Too many sign-in attempts for this account; try again in ${minutes(byAccount.lockedForSeconds)}.`,
    });
  }
  const result = await check();
  if (result !== null) {
    await signInThrottleRepository.deleteByKey(accountThrottleKey(target.email));
    if (target.address) await signInThrottleRepository.uncountAttempt(addressThrottleKey(target.address));
    // Rows of sprayed emails and addresses would otherwise pile up; an hour is past any window and lock.
    await signInThrottleRepository.deleteStale(3600);
  }
  return result;
}
