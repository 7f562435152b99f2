// What the challenge file routes (app/api/challenges/[slug]/…) answer, outside Next so tests
// call the same code: parameters are checked before any query, errors are JSON 4xx.
import { Readable } from "node:stream";
import { z } from "zod";
import { ZImageId, ZSlug, type SessionUser } from "../contracts/common";
import { getChallengeDownload } from "../services/challenge/get-challenge-download";
import { getTrainingImage } from "../services/challenge/get-challenge-data";
import { errorResponse, parseRouteParams } from "./route-errors";

/** Download names are an allow-list (train.zip, sample_submission.csv …), so a strict pattern costs nothing. */
const ZChallengeFileParamsSchema = z.object({
  slug: ZSlug,
  name: z.string().min(1).max(100).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "letters, digits, dots, dashes and underscores"),
});

const ZTrainingImageParamsSchema = z.object({ slug: ZSlug, imageId: ZImageId });

type ResolveUser = () => Promise<SessionUser | null>;

export async function challengeFileResponse(params: unknown, resolveUser: ResolveUser): Promise<Response> {
  try {
    const { slug, name } = parseRouteParams(ZChallengeFileParamsSchema, params);
    const download = await getChallengeDownload({ slug, name, user: await resolveUser() });
    return new Response(Readable.toWeb(download.stream) as ReadableStream<Uint8Array>, {
      headers: {
        "content-type": download.contentType,
        "content-length": String(download.sizeBytes),
        "content-disposition": `attachment; filename="${download.filename}"`,
      },
    });
  } catch (error) {
    return errorResponse(error, "challenge file");
  }
}

/** A training image for the Data tab's gallery (`?overlay=1`: with object outlines). */
export async function trainingImageResponse(params: unknown, url: URL, resolveUser: ResolveUser): Promise<Response> {
  try {
    const { slug, imageId } = parseRouteParams(ZTrainingImageParamsSchema, params);
    const overlay = url.searchParams.get("overlay") === "1";
    const image = await getTrainingImage({ slug, imageId, overlay, user: await resolveUser() });
    return new Response(Readable.toWeb(image.stream) as ReadableStream<Uint8Array>, {
      headers: {
        "content-type": "image/png",
        "content-length": String(image.sizeBytes),
        // Training images never change under a given URL's dataset; an hour keeps paging cheap.
        "cache-control": "private, max-age=3600",
      },
    });
  } catch (error) {
    return errorResponse(error, "training image");
  }
}
