import { cookies } from "next/headers";
import type { SessionUser } from "../contracts/common";
import { sessionUserFromCookies } from "./session-user";

/** The signed-in user of the request Next is rendering or routing (see sessionUserFromCookies). */
export async function getSessionUser(): Promise<SessionUser | null> {
  return sessionUserFromCookies((await cookies()).getAll());
}
