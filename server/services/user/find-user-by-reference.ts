import type { SessionUser } from "../../contracts/common";
import { AppError, AppErrorCode } from "../../errors";
import { printable } from "../../printable";
import { userRepository } from "../../repositories/user-repository";

/**
 * The account an email address or a display name names. Names are not unique, so a name
 * that several accounts share is refused with a request for the email address instead.
 */
export async function findUserByReference(reference: string): Promise<SessionUser> {
  const text = reference.trim();
  if (text.includes("@")) {
    // Team accounts' addresses (…@teams.scopebench.invalid) name no person.
    const user = text.toLowerCase().endsWith("@teams.scopebench.invalid") ? null : await userRepository.findByEmail(text.toLowerCase());
    if (!user) throw new AppError(AppErrorCode.NOT_FOUND, { message: `No account with the email address "${printable(text)}".` });
    return user;
  }
  const matches = await userRepository.findManyByName(text, 2);
  if (matches.length === 0) throw new AppError(AppErrorCode.NOT_FOUND, { message: `No account called "${printable(text)}"; try the email address.` });
  if (matches.length > 1) {
    throw new AppError(AppErrorCode.CONFLICT, { message: `Several accounts are called "${printable(text)}"; give the email address instead.` });
  }
  return matches[0]!;
}
