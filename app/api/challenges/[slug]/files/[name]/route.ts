import { Readable } from "node:stream";
import { getChallengeDownload } from "@/server/services/challenge/get-challenge-download";
import { getSessionUser } from "@/server/auth/session-user";
import { isAppError } from "@/server/errors";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(_req: Request, context: { params: Promise<{ slug: string; name: string }> }) {
  const { slug, name } = await context.params;
  try {
    const download = await getChallengeDownload({ slug, name, user: await getSessionUser() });
    return new Response(Readable.toWeb(download.stream) as ReadableStream<Uint8Array>, {
      headers: {
        "content-type": download.contentType,
        "content-length": String(download.sizeBytes),
        "content-disposition": `attachment; filename="${download.filename}"`,
      },
    });
  } catch (error) {
    if (isAppError(error)) return Response.json({ error: error.message }, { status: 404 });
    throw error;
  }
}
