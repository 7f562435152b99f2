import { describeZodIssues } from "../../contracts/common";
import { ZCreateAdminRequestSchema, type UserDto } from "../../contracts/user";
import { AppError, AppErrorCode } from "../../errors";
import { userRepository } from "../../repositories/user-repository";
import { createPasswordAccount } from "./create-password-account";

/**
 * Creates the first administrator (or promotes an existing account). Once an admin exists,
 * further admins must be made by `--force`, so a stray run cannot take over an install.
 */
export async function createAdmin(input: { email: string; name: string; password?: string; force?: boolean }): Promise<UserDto> {
  if (!input.force && (await userRepository.countAdmins()) > 0) {
    throw new AppError(AppErrorCode.CONFLICT, {
      message: "An administrator already exists; pass --force to add another.",
    });
  }
  const existing = await userRepository.findByEmailWithPassword(input.email.toLowerCase());
  if (existing) return userRepository.setRole(existing.id, "admin");
  if (!input.password) {
    throw new AppError(AppErrorCode.INVALID_INPUT, { message: "A password is needed for a new account." });
  }
  // The same rules as sign-up (names, 72-byte passwords), except that "Admin" is allowed.
  const parsed = ZCreateAdminRequestSchema.safeParse({ email: input.email, name: input.name, password: input.password });
  if (!parsed.success) {
    throw new AppError(AppErrorCode.INVALID_INPUT, { message: describeZodIssues(parsed.error, "input", Infinity) });
  }
  const user = await createPasswordAccount(parsed.data);
  return userRepository.setRole(user.id, "admin");
}
