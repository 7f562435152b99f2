import { Readable } from "node:stream";
import { getSessionUser } from "@/server/auth/session-user";
import { isAppError } from "@/server/errors";
import { getTrainingImage } from "@/server/services/challenge/get-challenge-data";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** A training image for the Data tab's gallery (`?overlay=1`: with object outlines). */
export async function GET(request: Request, context: { params: Promise<{ slug: string; imageId: string }> }) {
  const { slug, imageId } = await context.params;
  const overlay = new URL(request.url).searchParams.get("overlay") === "1";
  try {
    const image = await getTrainingImage({ slug, imageId, overlay, user: await getSessionUser() });
    return new Response(Readable.toWeb(image.stream) as ReadableStream<Uint8Array>, {
      headers: {
        "content-type": "image/png",
        "content-length": String(image.sizeBytes),
        // Training images never change under a given URL's dataset; an hour keeps paging cheap.
        "cache-control": "private, max-age=3600",
      },
    });
  } catch (error) {
    if (isAppError(error)) return Response.json({ error: error.message }, { status: 404 });
    throw error;
  }
}
