// A real S3-protocol server for tests: s3rver (in-process, objects in a temp folder), with the
// two multipart calls s3rver 3.7 lacks (AbortMultipartUpload, ListMultipartUploads) added as
// S3 specifies them, so a store's abort path runs for real and tests can see pending uploads,
// and S3's answer to deleting a missing key (s3rver fails when the key's folder is gone).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";

interface KoaContext {
  method: string;
  path: string;
  query: Record<string, string | string[] | undefined>;
  status: number;
  body: unknown;
  type: string;
}
type KoaMiddleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;
interface S3rverInstance {
  middleware: KoaMiddleware[];
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: {
  port: number;
  address: string;
  directory: string;
  silent: boolean;
  configureBuckets: Array<{ name: string }>;
}) => S3rverInstance;

const require = createRequire(import.meta.url);

/** s3rver's fixed credentials. */
export const S3RVER_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } as const;

export interface TestS3Server {
  endpoint: string;
  bucket: string;
  /** Where s3rver keeps its objects (to prove nothing is left, not to read from). */
  directory: string;
  /** Multipart uploads begun and neither completed nor aborted. */
  pendingUploads(): string[];
  /** Requests served so far, as "METHOD /bucket/key?query-names" (to see which calls a store made). */
  requests: string[];
  /** Every object key in the bucket. */
  objectKeys(): string[];
  /** What a process needs in its environment to use this server as its blob store. */
  env(prefix?: string): Record<string, string>;
  close(): Promise<void>;
}

export async function startTestS3Server(bucket = "scopebench-test"): Promise<TestS3Server> {
  const S3rver = require("s3rver") as S3rverConstructor;
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "scopebench-s3rver-"));
  const server = new S3rver({ port: 0, address: "127.0.0.1", directory, silent: true, configureBuckets: [{ name: bucket }] });
  const uploadsDir = path.join(directory, bucket, "._S3rver_uploads");

  const requests: string[] = [];
  // Koa composes `middleware` when the server starts listening: this runs before s3rver's router.
  server.middleware.unshift(async (ctx, next) => {
    // x-id is the SDK's own label of the operation; S3 ignores it.
    const queryNames = Object.keys(ctx.query).filter((name) => name !== "x-id").sort().join("&");
    requests.push(`${ctx.method} ${ctx.path}${queryNames ? `?${queryNames}` : ""}`);
    const match = /^\/([^/]+)(?:\/(.+))?$/.exec(ctx.path);
    const uploadId = typeof ctx.query.uploadId === "string" ? ctx.query.uploadId : undefined;
    if (ctx.method === "DELETE" && match?.[2] && uploadId !== undefined) {
      const dir = path.join(uploadsDir, path.basename(uploadId));
      if (!fs.existsSync(dir)) {
        ctx.status = 404;
        ctx.type = "application/xml";
        ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message></Error>`;
        return;
      }
      fs.rmSync(dir, { recursive: true, force: true });
      ctx.status = 204;
      return;
    }
    if (ctx.method === "GET" && match && !match[2] && "uploads" in ctx.query) {
      const uploads = listUploads(uploadsDir);
      ctx.type = "application/xml";
      ctx.body = [
        `<?xml version="1.0" encoding="UTF-8"?>`,
        `<ListMultipartUploadsResult><Bucket>${match[1]}</Bucket><IsTruncated>false</IsTruncated>`,
        ...uploads.map((u) => `<Upload><Key>${u.key}</Key><UploadId>${u.id}</UploadId></Upload>`),
        `</ListMultipartUploadsResult>`,
      ].join("");
      return;
    }
    // s3rver answers 500 to deleting a key whose folder is gone (its empty-folder cleanup
    // reads it); S3 answers 204 to deleting any missing key.
    if (ctx.method === "DELETE" && match?.[2] && Object.keys(ctx.query).every((name) => name === "x-id")) {
      const folder = path.dirname(path.join(directory, match[1]!, decodeURIComponent(match[2])));
      if (!fs.existsSync(folder)) {
        ctx.status = 204;
        return;
      }
    }
    await next();
  });

  const address = await server.run();
  const endpoint = `http://127.0.0.1:${address.port}`;
  return {
    endpoint,
    bucket,
    directory,
    requests,
    pendingUploads: () => listUploads(uploadsDir).map((u) => `${u.key} (${u.id})`),
    objectKeys: () => listObjects(path.join(directory, bucket)),
    env: (prefix = "") => ({
      BLOB_URL: `s3://${bucket}${prefix ? `/${prefix}` : ""}`,
      S3_ENDPOINT: endpoint,
      S3_FORCE_PATH_STYLE: "1",
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
    }),
    close: async () => {
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

function listUploads(uploadsDir: string): Array<{ id: string; key: string }> {
  if (!fs.existsSync(uploadsDir)) return [];
  return fs.readdirSync(uploadsDir).map((id) => {
    const keyFile = path.join(uploadsDir, id, "key");
    return { id, key: fs.existsSync(keyFile) ? fs.readFileSync(keyFile, "utf8") : "?" };
  });
}

/** s3rver keeps `<key>._S3rver_object` files (plus metadata) under the bucket's folder. */
function listObjects(bucketDir: string): string[] {
  const keys: string[] = [];
  const walk = (dir: string, prefix: string) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === "._S3rver_uploads") continue;
      if (entry.isDirectory()) walk(path.join(dir, entry.name), `${prefix}${entry.name}/`);
      else if (entry.name.endsWith("._S3rver_object")) keys.push(`${prefix}${entry.name.slice(0, -"._S3rver_object".length)}`);
    }
  };
  walk(bucketDir, "");
  return keys.sort();
}
