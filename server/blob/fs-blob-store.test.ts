import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BlobNotFoundError, BlobTooLargeError } from "./blob-store";
import { FsBlobStore } from "./fs-blob-store";

describe("FsBlobStore", () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "blob-store-test-"));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it("should prune the directories a delete leaves empty, up to the root and no further", async () => {
    const store = new FsBlobStore(root);
    await store.put("submissions/a/upload", "x");
    await store.put("submissions/b/upload", "y");
    await store.delete("submissions/a/upload");
    expect(fs.readdirSync(path.join(root, "submissions"))).toEqual(["b"]);
    await store.delete("submissions/b/upload");
    expect(fs.existsSync(root)).toBe(true);
    expect(fs.readdirSync(root)).toEqual([]);
  });

  it("should delete a folder of keys and nothing beside it, and accept a missing one", async () => {
    const store = new FsBlobStore(root);
    await store.put("datasets/s/import-1-a1/images/x.png", "x");
    await store.put("datasets/s/import-1-a1/train.zip", "z");
    await store.put("datasets/s/import-1-a2/train.zip", "kept");
    await store.put("datasets/s/import-1-a10/train.zip", "kept too");
    await store.deletePrefix("datasets/s/import-1-a1");
    expect(fs.readdirSync(path.join(root, "datasets", "s")).sort()).toEqual(["import-1-a10", "import-1-a2"]);
    await store.deletePrefix("datasets/s/import-1-a1");
    await store.deletePrefix("datasets/s/import-1-a2");
    await store.deletePrefix("datasets/s/import-1-a10");
    expect(fs.readdirSync(root)).toEqual([]);
  });

  it("should keep a directory that still holds other files", async () => {
    const store = new FsBlobStore(root);
    await store.put("submissions/a/upload", "x");
    await store.put("submissions/a/other", "y");
    await store.delete("submissions/a/upload");
    expect(fs.readdirSync(path.join(root, "submissions", "a"))).toEqual(["other"]);
  });

  it("should leave no file and no directory behind when a stream is over the limit", async () => {
    const store = new FsBlobStore(root);
    async function* chunks() {
      yield new Uint8Array(600);
      yield new Uint8Array(600);
    }
    await expect(store.putStream("submissions/c/upload", chunks(), { maxBytes: 1000 })).rejects.toBeInstanceOf(BlobTooLargeError);
    expect(fs.readdirSync(root)).toEqual([]);
  });

  it("should hand out its own files without copying, and refuse missing keys", async () => {
    const store = new FsBlobStore(root);
    await store.put("truth/ds/truth.csv", "t");
    const file = await store.withLocalFiles((localPath) => localPath("truth/ds/truth.csv"));
    expect(file).toBe(path.join(root, "truth", "ds", "truth.csv"));
    // Still there afterwards: nothing was a temporary copy.
    expect(fs.readFileSync(file, "utf8")).toBe("t");
    await expect(store.withLocalFiles((localPath) => localPath("truth/ds/other.csv"))).rejects.toBeInstanceOf(BlobNotFoundError);
    expect(await store.exists("truth/ds/other.csv")).toBe(false);
  });
});
