import type { SessionUser } from "../../contracts/common";
import { userRepository } from "../../repositories/user-repository";
import { verifyAgainstDummyHash, verifyPassword } from "./password";

/**
 * Returns the user for a correct email and password, otherwise null (never says which was
 * wrong). Unknown emails and accounts without a password still run one bcrypt comparison,
 * so they take as long as a wrong password. No throttling here: see sign-in-with-password.ts.
 */
export async function verifyCredentials(email: string, password: string): Promise<SessionUser | null> {
  const user = await userRepository.findByEmailWithPassword(normaliseEmail(email));
  if (!user?.passwordHash) return verifyAgainstDummyHash(password).then(() => null);
  if (!(await verifyPassword(password, user.passwordHash))) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
