import { getBlobStore } from "../../blob";
import type { SessionUser } from "../../contracts/common";
import { AppError, AppErrorCode } from "../../errors";
import { challengeDownloads } from "./challenge-downloads";
import { findVisibleChallenge } from "./find-challenge";

/** A public file of a challenge, by its allow-listed name (never a blob key from the request). */
export async function getChallengeDownload(input: { slug: string; name: string; user: SessionUser | null }) {
  const challenge = await findVisibleChallenge(input.slug, input.user);
  const file = challengeDownloads(challenge, new Date()).find((f) => f.name === input.name);
  if (!file) throw new AppError(AppErrorCode.NOT_FOUND, { message: `No file "${input.name}" in this challenge.` });
  const store = getBlobStore();
  return {
    filename: file.name,
    contentType: file.contentType,
    sizeBytes: await store.size(file.key),
    stream: store.createReadStream(file.key),
  };
}
