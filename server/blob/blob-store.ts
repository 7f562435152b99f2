// Every file the platform keeps (submissions, dataset images, hidden truth) goes through
// this interface. Keys are relative, slash-separated; hidden truth lives under `truth/`
// and no route serves a key by name (downloads go through explicit, allow-listed keys).
import type { Readable } from "node:stream";

export interface StoredBlob {
  key: string;
  sizeBytes: number;
  sha256: string;
}

/** The local file holding a key's bytes, valid until the enclosing `withLocalFiles` settles. */
export type LocalPath = (key: string) => Promise<string>;

export interface BlobStore {
  put(key: string, data: Uint8Array | string): Promise<StoredBlob>;
  /** Streams into the store, hashing on the way; throws BlobTooLargeError past maxBytes (nothing is kept). */
  putStream(
    key: string,
    source: AsyncIterable<Uint8Array>,
    options: { maxBytes: number; onProgress?: (bytes: number) => void },
  ): Promise<StoredBlob>;
  get(key: string): Promise<Buffer>;
  createReadStream(key: string): Readable;
  exists(key: string): Promise<boolean>;
  size(key: string): Promise<number>;
  delete(key: string): Promise<void>;
  /**
   * Removes every blob whose key starts with `prefix/` (a folder of keys), e.g. what a
   * dataset import's dead attempt stored before its worker was killed.
   */
  deletePrefix(prefix: string): Promise<void>;
  /**
   * Local files for the keys one job needs (a sandboxed scorer is given exactly those files).
   * `localPath` may be called any number of times inside `fn`; a remote store downloads each
   * key once into a private temporary folder that is removed when `fn` settles, whatever
   * happens, so a worker running thousands of jobs keeps no copies. Paths mirror the keys'
   * folders (truth never shares a folder with images). Missing keys throw BlobNotFoundError.
   */
  withLocalFiles<T>(fn: (localPath: LocalPath) => Promise<T>): Promise<T>;
}

export class BlobTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`blob larger than ${maxBytes} bytes`);
    this.name = "BlobTooLargeError";
  }
}

export class BlobNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`blob not found: ${key}`);
    this.name = "BlobNotFoundError";
  }
}

const KEY_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;

/** Rejects anything that could escape the store (`..`, absolute paths, odd characters). */
export function assertValidKey(key: string): void {
  if (!KEY_PATTERN.test(key) || key.length > 512) throw new Error(`invalid blob key: ${key}`);
}
