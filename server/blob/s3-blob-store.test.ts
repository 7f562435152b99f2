import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestS3Server, S3RVER_CREDENTIALS, type TestS3Server } from "../../tests/support/s3-server";
import { BlobNotFoundError, BlobTooLargeError } from "./blob-store";
import { S3BlobStore } from "./s3-blob-store";

const MiB = 1024 * 1024;

/** Deterministic bytes (not all zeros, so a mixed-up part order would change the hash). */
function pattern(bytes: number, seed: number): Buffer {
  const out = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) out[i] = (i * 31 + seed) & 0xff;
  return out;
}

async function* chunksOf(data: Buffer, chunkBytes: number) {
  for (let at = 0; at < data.byteLength; at += chunkBytes) yield new Uint8Array(data.subarray(at, at + chunkBytes));
}

const sha256 = (data: Buffer | string) => crypto.createHash("sha256").update(data).digest("hex");

describe("S3BlobStore", () => {
  let s3: TestS3Server;
  let store: S3BlobStore;
  let tempDir: string;

  beforeAll(async () => {
    s3 = await startTestS3Server();
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "s3-store-temp-"));
    store = new S3BlobStore({
      bucket: s3.bucket,
      prefix: "site/one",
      region: "us-east-1",
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: S3RVER_CREDENTIALS,
      partSize: 5 * MiB,
      tempDir,
    });
  });

  afterAll(async () => {
    store?.destroy();
    await s3?.close();
    fs.rmSync(tempDir, { recursive: true, force: true });
  });

  it("should put, get, size, check and delete a blob under the configured prefix", async () => {
    const stored = await store.put("truth/ds/truth.csv", "ImageId,EncodedPixels\na,1 2\n");
    expect(stored).toEqual({ key: "truth/ds/truth.csv", sizeBytes: 28, sha256: sha256("ImageId,EncodedPixels\na,1 2\n") });
    expect(s3.objectKeys()).toContain("site/one/truth/ds/truth.csv");
    expect((await store.get("truth/ds/truth.csv")).toString("utf8")).toBe("ImageId,EncodedPixels\na,1 2\n");
    expect(await store.size("truth/ds/truth.csv")).toBe(28);
    expect(await store.exists("truth/ds/truth.csv")).toBe(true);
    await store.delete("truth/ds/truth.csv");
    expect(await store.exists("truth/ds/truth.csv")).toBe(false);
    expect(s3.objectKeys()).not.toContain("site/one/truth/ds/truth.csv");
    // Deleting again is not an error, as in the folder store.
    await expect(store.delete("truth/ds/truth.csv")).resolves.toBeUndefined();
    await expect(store.delete("never/was/here")).resolves.toBeUndefined();
  });

  it("should delete a folder of keys, page by page, and nothing beside it", async () => {
    for (let i = 0; i < 3; i++) await store.put(`datasets/s/import-1-a1/images/${i}.png`, "x");
    await store.put("datasets/s/import-1-a1/train.zip", "z");
    await store.put("datasets/s/import-1-a10/train.zip", "kept");
    await store.deletePrefix("datasets/s/import-1-a1");
    expect(s3.objectKeys().filter((k) => k.startsWith("site/one/datasets/s/"))).toEqual(["site/one/datasets/s/import-1-a10/train.zip"]);
    await store.deletePrefix("datasets/s/import-1-a10");
    await store.deletePrefix("datasets/s/nothing-here");
    expect(s3.objectKeys().filter((k) => k.startsWith("site/one/datasets/"))).toEqual([]);
  });

  it("should stream an upload over 5 MiB as a multipart upload, hashing and counting it", async () => {
    const data = pattern(11 * MiB + 123, 7);
    const progress: number[] = [];
    const before = s3.requests.length;
    const stored = await store.putStream("submissions/big/upload", chunksOf(data, 64 * 1024), {
      maxBytes: 20 * MiB,
      onProgress: (bytes) => progress.push(bytes),
    });
    expect(stored).toEqual({ key: "submissions/big/upload", sizeBytes: data.byteLength, sha256: sha256(data) });
    expect(progress.at(-1)).toBe(data.byteLength);
    const calls = s3.requests.slice(before);
    expect(calls).toContain("POST /scopebench-test/site/one/submissions/big/upload?uploads");
    expect(calls.filter((c) => c.startsWith("PUT /scopebench-test/site/one/submissions/big/upload?partNumber&uploadId"))).toHaveLength(3);
    expect(sha256(await store.get("submissions/big/upload"))).toBe(sha256(data));
    expect(s3.pendingUploads()).toEqual([]);
    await store.delete("submissions/big/upload");
  });

  it("should send a small stream as one PutObject", async () => {
    const before = s3.requests.length;
    const stored = await store.putStream("submissions/small/upload", chunksOf(Buffer.from("a,b\n1,2\n"), 3), { maxBytes: 1000 });
    expect(stored.sizeBytes).toBe(8);
    expect(s3.requests.slice(before)).toEqual(["PUT /scopebench-test/site/one/submissions/small/upload"]);
    await store.delete("submissions/small/upload");
  });

  it("should abort a multipart upload past maxBytes, leaving no object and no pending upload", async () => {
    const data = pattern(14 * MiB, 3);
    const before = s3.requests.length;
    await expect(store.putStream("submissions/huge/upload", chunksOf(data, 256 * 1024), { maxBytes: 12 * MiB })).rejects.toBeInstanceOf(BlobTooLargeError);
    const calls = s3.requests.slice(before);
    // Parts had gone up before the limit was crossed: the abort is what cleaned them.
    expect(calls.some((c) => c.includes("?partNumber&uploadId"))).toBe(true);
    expect(calls.some((c) => c.startsWith("DELETE ") && c.endsWith("?uploadId"))).toBe(true);
    expect(s3.pendingUploads()).toEqual([]);
    expect(await store.exists("submissions/huge/upload")).toBe(false);
    expect(s3.objectKeys().filter((k) => k.includes("huge"))).toEqual([]);
  });

  it("should abort when the source fails mid-upload (a client that hung up) and rethrow its error", async () => {
    const data = pattern(12 * MiB, 5);
    async function* hangsUp() {
      yield* chunksOf(data, 1 * MiB);
      throw new Error("client went away");
    }
    await expect(store.putStream("submissions/gone/upload", hangsUp(), { maxBytes: 100 * MiB })).rejects.toThrow("client went away");
    expect(s3.pendingUploads()).toEqual([]);
    expect(await store.exists("submissions/gone/upload")).toBe(false);
  });

  it("should report S3's refusal of an upload as it is", async () => {
    const noBucket = new S3BlobStore({ bucket: "no-such-bucket", region: "us-east-1", endpoint: s3.endpoint, forcePathStyle: true, credentials: S3RVER_CREDENTIALS, partSize: 5 * MiB });
    await expect(noBucket.putStream("submissions/x/upload", chunksOf(pattern(12 * MiB, 1), MiB), { maxBytes: 200 * MiB })).rejects.toThrow(/bucket/i);
    noBucket.destroy();
  });

  it("should refuse a small stream past maxBytes without storing anything", async () => {
    await expect(store.putStream("submissions/c/upload", chunksOf(Buffer.alloc(1200), 600), { maxBytes: 1000 })).rejects.toBeInstanceOf(BlobTooLargeError);
    expect(await store.exists("submissions/c/upload")).toBe(false);
    expect(s3.pendingUploads()).toEqual([]);
  });

  it("should stream a download and report a missing key as BlobNotFoundError everywhere", async () => {
    const data = pattern(3 * MiB, 11);
    await store.put("datasets/ds/train.zip", data);
    const chunks: Buffer[] = [];
    for await (const chunk of store.createReadStream("datasets/ds/train.zip")) chunks.push(chunk as Buffer);
    expect(sha256(Buffer.concat(chunks))).toBe(sha256(data));

    await expect(store.get("datasets/ds/missing.zip")).rejects.toBeInstanceOf(BlobNotFoundError);
    await expect(store.size("datasets/ds/missing.zip")).rejects.toBeInstanceOf(BlobNotFoundError);
    const stream = store.createReadStream("datasets/ds/missing.zip");
    await expect(
      new Promise((resolve, reject) => {
        stream.on("error", reject);
        stream.on("end", resolve);
        stream.resume();
      }),
    ).rejects.toBeInstanceOf(BlobNotFoundError);
    await expect(store.withLocalFiles((localPath) => localPath("datasets/ds/missing.zip"))).rejects.toBeInstanceOf(BlobNotFoundError);
    await store.delete("datasets/ds/train.zip");
  });

  it("should reject keys that could escape the store", async () => {
    await expect(store.put("../etc/passwd", "x")).rejects.toThrow(/invalid blob key/);
    expect(() => store.createReadStream("/abs")).toThrow(/invalid blob key/);
    await expect(store.withLocalFiles((localPath) => localPath("a/../../b"))).rejects.toThrow(/invalid blob key/);
  });

  it("should give local copies mirroring the keys' folders and remove them when the job ends, even when it fails", async () => {
    await store.put("truth/ds/truth.csv", "truth");
    await store.put("datasets/ds/images/a.png", "png-a");
    await store.put("datasets/ds/images/b.png", "png-b");
    let seen: string[] = [];
    const result = await store.withLocalFiles(async (localPath) => {
      seen = await Promise.all(["truth/ds/truth.csv", "datasets/ds/images/a.png", "datasets/ds/images/b.png", "truth/ds/truth.csv"].map(localPath));
      expect(seen[0]).toBe(seen[3]);
      expect(fs.readFileSync(seen[0]!, "utf8")).toBe("truth");
      expect(fs.readFileSync(seen[2]!, "utf8")).toBe("png-b");
      // Images share a folder; the truth is never in it (the sandbox binds image folders whole).
      expect(path.dirname(seen[1]!)).toBe(path.dirname(seen[2]!));
      expect(fs.readdirSync(path.dirname(seen[1]!)).sort()).toEqual(["a.png", "b.png"]);
      expect(path.dirname(seen[0]!)).not.toBe(path.dirname(seen[1]!));
      expect(fs.statSync(path.dirname(path.dirname(path.dirname(seen[0]!)))).mode & 0o777).toBe(0o700);
      return "done";
    });
    expect(result).toBe("done");
    for (const file of seen) expect(fs.existsSync(file)).toBe(false);
    expect(fs.readdirSync(tempDir)).toEqual([]);

    await expect(
      store.withLocalFiles(async (localPath) => {
        await localPath("truth/ds/truth.csv");
        throw new Error("scorer crashed");
      }),
    ).rejects.toThrow("scorer crashed");
    expect(fs.readdirSync(tempDir)).toEqual([]);

    // A job that never asks for a file makes no folder at all.
    await store.withLocalFiles(async () => undefined);
    expect(fs.readdirSync(tempDir)).toEqual([]);
    for (const key of ["truth/ds/truth.csv", "datasets/ds/images/a.png", "datasets/ds/images/b.png"]) await store.delete(key);
  });

  it("should remove copy folders left by a killed worker, and not those of a live one", async () => {
    const orphan = path.join(tempDir, "scopebench-blobs-2147483646-abcdef");
    const live = path.join(tempDir, `scopebench-blobs-${process.ppid}-abcdef`);
    fs.mkdirSync(path.join(orphan, "truth"), { recursive: true });
    fs.writeFileSync(path.join(orphan, "truth", "truth.csv"), "left behind");
    fs.mkdirSync(live);
    // A fresh store (one per process in production) sweeps before its first copy.
    const fresh = new S3BlobStore({ bucket: s3.bucket, prefix: "site/one", region: "us-east-1", endpoint: s3.endpoint, forcePathStyle: true, credentials: S3RVER_CREDENTIALS, tempDir });
    await fresh.put("truth/sweep/truth.csv", "t");
    await fresh.withLocalFiles((localPath) => localPath("truth/sweep/truth.csv"));
    expect(fs.existsSync(orphan)).toBe(false);
    expect(fs.existsSync(live)).toBe(true);
    fs.rmSync(live, { recursive: true });
    await fresh.delete("truth/sweep/truth.csv");
    fresh.destroy();
  });

  it("should throw from exists (not answer false) when the bucket is missing or the server is unreachable", async () => {
    const noBucket = new S3BlobStore({ bucket: "no-such-bucket", region: "us-east-1", endpoint: s3.endpoint, forcePathStyle: true, credentials: S3RVER_CREDENTIALS });
    await expect(noBucket.exists("health/probe")).rejects.toThrow(/bucket "no-such-bucket" does not exist/);
    noBucket.destroy();
    const down = new S3BlobStore({ bucket: s3.bucket, region: "us-east-1", endpoint: "http://127.0.0.1:9", forcePathStyle: true, credentials: S3RVER_CREDENTIALS });
    await expect(down.exists("health/probe")).rejects.toThrow();
    down.destroy();
    expect(await store.exists("health/probe")).toBe(false);
  });
});
