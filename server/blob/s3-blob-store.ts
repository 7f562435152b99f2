// Blob store on any S3-compatible service (AWS S3, MinIO, Ceph, R2). Uploads stream through
// lib-storage's multipart Upload while being hashed and counted; downloads stream from
// GetObject. Workers get local copies in a private temporary folder that is always removed.
import crypto from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PassThrough, Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import {
  assertValidKey,
  BlobNotFoundError,
  BlobTooLargeError,
  type BlobStore,
  type LocalPath,
  type StoredBlob,
} from "./blob-store";

interface S3BlobStoreOptions {
  bucket: string;
  /** Key prefix inside the bucket ("" or "a/b", no slashes at either end). */
  prefix?: string;
  region: string;
  endpoint?: string;
  forcePathStyle?: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Multipart part size; S3 refuses parts under 5 MiB (but the last). */
  partSize?: number;
  /** Parts in flight per upload; memory per upload is about partSize × (queueSize + 1). */
  queueSize?: number;
  /** Parallel downloads inside one withLocalFiles (a model run fetches every test image). */
  downloadConcurrency?: number;
  /** Where private download folders are made (default: the OS temp directory). */
  tempDir?: string;
}

const MiB = 1024 * 1024;
/** How long a bucket seen to exist is trusted when an object is "not found" (see exists). */
const BUCKET_RECHECK_MS = 60_000;

function statusOf(error: unknown): number | undefined {
  return error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
}

/** A missing object, not a missing bucket (both are 404s; the latter is a setup error). */
function isMissingObject(error: unknown): boolean {
  if (!(error instanceof S3ServiceException)) return false;
  if (error.name === "NoSuchBucket") return false;
  return error.name === "NoSuchKey" || error.name === "NotFound" || statusOf(error) === 404;
}

export class S3BlobStore implements BlobStore {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly partSize: number;
  private readonly queueSize: number;
  private readonly downloadConcurrency: number;
  private readonly tempDir: string;
  private bucketSeenAt = 0;
  private swept: Promise<void> | undefined;

  constructor(options: S3BlobStoreOptions) {
    this.bucket = options.bucket;
    this.prefix = options.prefix ? `${options.prefix}/` : "";
    this.partSize = Math.max(options.partSize ?? 8 * MiB, 5 * MiB);
    this.queueSize = options.queueSize ?? 4;
    this.downloadConcurrency = options.downloadConcurrency ?? 8;
    this.tempDir = options.tempDir ?? os.tmpdir();
    this.client = new S3Client({
      region: options.region,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      forcePathStyle: options.forcePathStyle ?? false,
      ...(options.credentials ? { credentials: options.credentials } : {}),
      // We hash (sha256) every upload ourselves. The SDK's default CRC32 trailers use
      // aws-chunked bodies that MinIO/Ceph/R2 versions and s3rver do not all accept.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
  }

  private objectKey(key: string): string {
    assertValidKey(key);
    return `${this.prefix}${key}`;
  }

  async put(key: string, data: Uint8Array | string): Promise<StoredBlob> {
    const Key = this.objectKey(key);
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key, Body: bytes, ContentLength: bytes.byteLength }));
    return { key, sizeBytes: bytes.byteLength, sha256: crypto.createHash("sha256").update(bytes).digest("hex") };
  }

  async putStream(
    key: string,
    source: AsyncIterable<Uint8Array>,
    options: { maxBytes: number; onProgress?: (bytes: number) => void },
  ): Promise<StoredBlob> {
    const Key = this.objectKey(key);
    const hash = crypto.createHash("sha256");
    let size = 0;
    let tooLarge: BlobTooLargeError | undefined;
    async function* counted() {
      for await (const chunk of source) {
        size += chunk.byteLength;
        if (size > options.maxBytes) {
          tooLarge = new BlobTooLargeError(options.maxBytes);
          throw tooLarge;
        }
        hash.update(chunk);
        options.onProgress?.(size);
        yield chunk;
      }
    }
    // A failing body makes Upload abort its multipart upload (leavePartsOnError: false), so
    // neither an object nor stored parts remain. Small bodies go up as one PutObject.
    const body = Readable.from(counted());
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key, Body: body },
      partSize: this.partSize,
      queueSize: this.queueSize,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (error) {
      // When S3 failed first, the source is released (its iterator returned) rather than left
      // half-read. The abort's own failure (if any) must not hide why the upload stopped.
      body.destroy();
      throw tooLarge ?? error;
    }
    return { key, sizeBytes: size, sha256: hash.digest("hex") };
  }

  private async getBody(key: string): Promise<Readable> {
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      // In Node the SDK's body is an http.IncomingMessage (a Readable).
      return response.Body as Readable;
    } catch (error) {
      if (isMissingObject(error)) throw new BlobNotFoundError(key);
      throw error;
    }
  }

  async get(key: string): Promise<Buffer> {
    const body = await this.getBody(key);
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  /**
   * A stream that starts empty and is fed once GetObject answers; a missing key errors it
   * with BlobNotFoundError. Destroying it (a client that hung up) releases the connection.
   */
  createReadStream(key: string): Readable {
    this.objectKey(key);
    const out = new PassThrough();
    this.getBody(key).then(
      (body) => {
        if (out.destroyed) return void body.destroy();
        pipeline(body, out).catch(() => undefined);
      },
      (error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))),
    );
    return out;
  }

  /**
   * One HeadObject. False only when the object is missing: a missing bucket, bad credentials
   * or an unreachable endpoint throw (the health check relies on it). S3 answers a HEAD for
   * a missing bucket with the same bodiless 404 as for a missing key, so a 404 is confirmed
   * with HeadBucket at most once a minute.
   */
  async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      return true;
    } catch (error) {
      if (!isMissingObject(error)) throw error;
      await this.assertBucketExists();
      return false;
    }
  }

  private async assertBucketExists(): Promise<void> {
    if (Date.now() - this.bucketSeenAt < BUCKET_RECHECK_MS) return;
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      if (statusOf(error) === 404) throw new Error(`S3 bucket "${this.bucket}" does not exist (BLOB_URL)`, { cause: error });
      throw error;
    }
    this.bucketSeenAt = Date.now();
  }

  async size(key: string): Promise<number> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      return head.ContentLength ?? 0;
    } catch (error) {
      if (isMissingObject(error)) throw new BlobNotFoundError(key);
      throw error;
    }
  }

  /** Deleting a missing key is not an error (S3's own semantics, and the fs store's). */
  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
  }

  /** Lists the folder page by page and deletes each object (one request each: any S3 speaks it). */
  async deletePrefix(prefix: string): Promise<void> {
    assertValidKey(prefix);
    const folder = `${this.objectKey(prefix)}/`;
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: folder, ContinuationToken: token }));
      for (const object of page.Contents ?? []) {
        if (object.Key) await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: object.Key }));
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async withLocalFiles<T>(fn: (localPath: LocalPath) => Promise<T>): Promise<T> {
    // mkdtemp makes the folder 0700: other local users never see the hidden truth. One folder
    // per job, made on the first download (shared by the parallel ones).
    let root: Promise<string> | undefined;
    const downloads = new Map<string, Promise<string>>();
    const limit = createLimiter(this.downloadConcurrency);
    const download = async (key: string): Promise<string> => {
      assertValidKey(key);
      root ??= (this.swept ??= this.sweepOrphans()).then(() => fsp.mkdtemp(path.join(this.tempDir, `${COPY_FOLDER_PREFIX}${process.pid}-`)));
      const file = path.join(await root, ...key.split("/"));
      await fsp.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      const body = await this.getBody(key);
      await pipeline(body, fs.createWriteStream(file, { mode: 0o600 }));
      return file;
    };
    const localPath: LocalPath = (key) => {
      let pending = downloads.get(key);
      if (!pending) {
        pending = limit(() => download(key));
        downloads.set(key, pending);
      }
      return pending;
    };
    try {
      return await fn(localPath);
    } finally {
      // Downloads still running (fn gave up early) must finish or fail before the folder goes.
      await Promise.allSettled(downloads.values());
      const made = await root?.catch(() => undefined);
      if (made) await fsp.rm(made, { recursive: true, force: true });
    }
  }

  /**
   * A worker killed mid-job (SIGKILL, OOM) never runs its cleanup: the first job of the next
   * process removes copy folders whose process is gone. Live workers' folders are left alone.
   */
  private async sweepOrphans(): Promise<void> {
    const names = await fsp.readdir(this.tempDir).catch(() => [] as string[]);
    for (const name of names) {
      const match = new RegExp(`^${COPY_FOLDER_PREFIX}(\\d+)-`).exec(name);
      const pid = Number(match?.[1]);
      if (!match || pid === process.pid || isAlive(pid)) continue;
      await fsp.rm(path.join(this.tempDir, name), { recursive: true, force: true }).catch(() => undefined);
    }
  }

  /** Closes the client's sockets (tests, shutdown). */
  destroy(): void {
    this.client.destroy();
  }
}

const COPY_FOLDER_PREFIX = "scopebench-blobs-";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, someone else's.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** At most `n` of the returned function's tasks run at once; the rest wait in order. */
function createLimiter(n: number) {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}
