import { getServerSession } from "next-auth";
import type { SessionUser } from "../contracts/common";
import { userRepository } from "../repositories/user-repository";
import { authOptions } from "./auth-options";

/** The signed-in user from the next-auth cookie, re-read from the database (roles can change). */
export async function getSessionUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions);
  const id = (session?.user as { id?: unknown } | undefined)?.id;
  if (typeof id !== "string") return null;
  return userRepository.findById(id);
}
