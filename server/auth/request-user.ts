import type { SessionUser } from "../contracts/common";
import { resolveApiToken } from "../services/token/resolve-api-token";
import { getSessionUser } from "./next-session-user";

/**
 * The user of a route request: an `Authorization: Bearer <api token>` (the CLI's file
 * downloads) wins over the browser's session cookie, as for tRPC (server/api/trpc.ts). A
 * token that is not valid is nobody, never the cookie's user.
 */
export async function getRequestUser(headers: Headers): Promise<SessionUser | null> {
  const authorization = headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    return match?.[1] ? resolveApiToken(match[1]) : null;
  }
  return getSessionUser();
}
