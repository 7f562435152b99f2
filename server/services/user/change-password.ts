import { ZChangePasswordRequestSchema, type ChangePasswordRequest } from "../../contracts/user";
import { AppError, AppErrorCode } from "../../errors";
import { userRepository } from "../../repositories/user-repository";
import { hashPassword, verifyPassword } from "./password";
import { withSignInThrottle } from "./sign-in-throttle";

/**
 * Sets a new password after checking the current one, and ends every session that began
 * before now (User.sessionsValidFrom): a stolen cookie stops working. The caller's own
 * browser signs in again with the new password (the Settings page does it at once).
 * The current password is checked under the account's sign-in throttle, so a stolen
 * session cannot be used to guess it.
 */
export async function changePassword(input: { userId: string } & ChangePasswordRequest): Promise<void> {
  const request = ZChangePasswordRequestSchema.parse(input);
  const user = await userRepository.findByIdWithPassword(input.userId);
  if (!user) throw new AppError(AppErrorCode.UNAUTHORIZED, { message: "Sign in first." });
  const hash = user.passwordHash;
  if (!hash) {
    throw new AppError(AppErrorCode.INVALID_INPUT, {
      message: "Your account signs in with GitHub and has no password to change.",
    });
  }
  const verified = await withSignInThrottle({ email: user.email, address: null }, async () =>
    (await verifyPassword(request.currentPassword, hash)) ? true : null,
  );
  if (!verified) throw new AppError(AppErrorCode.INVALID_INPUT, { message: "Your current password is not correct." });
  if (request.newPassword === request.currentPassword) {
    throw new AppError(AppErrorCode.INVALID_INPUT, { message: "Choose a new password different from the current one." });
  }
  await userRepository.setPassword(user.id, await hashPassword(request.newPassword), new Date());
}
