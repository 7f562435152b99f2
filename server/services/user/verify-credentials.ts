import type { SessionUser } from "../../contracts/common";
import { userRepository } from "../../repositories/user-repository";
import { verifyPassword } from "./password";

/** Returns the user for a correct email and password, otherwise null (never says which was wrong). */
export async function verifyCredentials(email: string, password: string): Promise<SessionUser | null> {
  const user = await userRepository.findByEmailWithPassword(email.trim().toLowerCase());
  if (!user?.passwordHash) return null;
  if (!(await verifyPassword(password, user.passwordHash))) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
