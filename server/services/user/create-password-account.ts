import type { UserDto } from "../../contracts/user";
import { AppError, AppErrorCode } from "../../errors";
import { userRepository } from "../../repositories/user-repository";
import { BASELINE_EMAIL_SUFFIX, DISPLAY_NAME_MESSAGES, displayNameProblem } from "./display-name";
import { hashPassword } from "./password";

/**
 * Creates an email + password account from an already parsed request (sign-up,
 * create-admin): the checks that need the database happen here.
 */
const emailTaken = (email: string) =>
  new AppError(AppErrorCode.CONFLICT, { message: `An account with ${email} already exists. Sign in instead.` });

export async function createPasswordAccount(input: { email: string; name: string; password: string }): Promise<UserDto> {
  if (input.email.endsWith(BASELINE_EMAIL_SUFFIX)) {
    throw new AppError(AppErrorCode.INVALID_INPUT, {
      message: `Addresses ending in ${BASELINE_EMAIL_SUFFIX} belong to the platform's baselines; use your own email address.`,
    });
  }
  const baselineNames = await userRepository.findNamesByEmailSuffix(BASELINE_EMAIL_SUFFIX);
  if (displayNameProblem(input.name, { baselineNames, allowReserved: true }) === "baseline") {
    throw new AppError(AppErrorCode.INVALID_INPUT, { message: DISPLAY_NAME_MESSAGES.baseline });
  }
  const existing = await userRepository.findByEmailWithPassword(input.email);
  if (existing) throw emailTaken(input.email);
  try {
    return await userRepository.create({
      email: input.email,
      name: input.name,
      passwordHash: await hashPassword(input.password),
    });
  } catch (error) {
    // Two sign-ups with one email at the same moment: the unique index decides.
    if ((error as { code?: string }).code === "P2002") throw emailTaken(input.email);
    throw error;
  }
}
