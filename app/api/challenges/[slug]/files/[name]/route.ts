import { challengeFileResponse } from "@/server/api/challenge-file-responses";
import { getSessionUser } from "@/server/auth/next-session-user";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(_req: Request, context: { params: Promise<{ slug: string; name: string }> }) {
  return challengeFileResponse(await context.params, getSessionUser);
}
