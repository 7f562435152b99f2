import { env } from "../env";
import type { BlobStore } from "./blob-store";
import { FsBlobStore } from "./fs-blob-store";
import { S3BlobStore } from "./s3-blob-store";

let store: BlobStore | undefined;

/**
 * The configured blob store: BLOB_URL=s3://bucket/prefix (any S3-compatible service), else a
 * local folder (BLOB_URL=file:///…, BLOB_DIR, default var/blobs). env.ts validated it at boot.
 */
export function getBlobStore(): BlobStore {
  if (store) return store;
  const config = env.blobStore;
  store = config.kind === "s3" ? new S3BlobStore(config) : new FsBlobStore(config.dir);
  return store;
}

export const blobKeys = {
  submission: (submissionId: string) => `submissions/${submissionId}/upload`,
  /** A model as uploaded, until the sandboxed check has replaced it by its canonical re-encoding. */
  modelUpload: (submissionId: string) => `submissions/${submissionId}/model-upload`,
  truth: (datasetSlug: string) => `truth/${datasetSlug}/truth.csv`,
} as const;

export type { BlobStore, LocalPath } from "./blob-store";
export { BlobTooLargeError } from "./blob-store";
