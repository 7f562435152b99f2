import { trainingImageResponse } from "@/server/api/challenge-file-responses";
import { getSessionUser } from "@/server/auth/next-session-user";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** A training image for the Data tab's gallery (`?overlay=1`: with object outlines). */
export async function GET(request: Request, context: { params: Promise<{ slug: string; imageId: string }> }) {
  return trainingImageResponse(await context.params, new URL(request.url), getSessionUser);
}
