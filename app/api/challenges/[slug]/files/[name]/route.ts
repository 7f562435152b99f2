import { challengeFileResponse } from "@/server/api/challenge-file-responses";
import { getRequestUser } from "@/server/auth/request-user";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(req: Request, context: { params: Promise<{ slug: string; name: string }> }) {
  return challengeFileResponse(await context.params, () => getRequestUser(req.headers));
}
