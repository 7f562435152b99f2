import { env } from "../env";
import type { BlobStore } from "./blob-store";
import { FsBlobStore } from "./fs-blob-store";

let store: BlobStore | undefined;

/** The configured blob store (a directory, BLOB_DIR, default var/blobs). */
export function getBlobStore(): BlobStore {
  store ??= new FsBlobStore(env.blobDir);
  return store;
}

export const blobKeys = {
  submission: (submissionId: string) => `submissions/${submissionId}/upload`,
  /** A model as uploaded, until the sandboxed check has replaced it by its canonical re-encoding. */
  modelUpload: (submissionId: string) => `submissions/${submissionId}/model-upload`,
  truth: (datasetSlug: string) => `truth/${datasetSlug}/truth.csv`,
} as const;

export type { BlobStore, StoredBlob } from "./blob-store";
export { BlobTooLargeError, BlobNotFoundError } from "./blob-store";
