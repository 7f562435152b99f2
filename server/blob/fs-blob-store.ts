// Directory-backed blob store. Writes go to a temporary file and are renamed into place,
// so a crash or an aborted upload never leaves a half-written blob under its key.
import crypto from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import {
  assertValidKey,
  BlobNotFoundError,
  BlobTooLargeError,
  type BlobStore,
  type LocalPath,
  type StoredBlob,
} from "./blob-store";

export class FsBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  private pathFor(key: string): string {
    assertValidKey(key);
    return path.join(this.root, ...key.split("/"));
  }

  /**
   * Creates the temporary file next to its target. `delete` prunes empty directories, so one
   * may vanish between mkdir and open: then the directory is made again.
   */
  private async openTemp(target: string): Promise<{ temp: string; handle: fsp.FileHandle }> {
    const temp = `${target}.tmp-${process.pid}-${crypto.randomBytes(6).toString("hex")}`;
    for (let attempt = 0; ; attempt++) {
      await fsp.mkdir(path.dirname(target), { recursive: true });
      try {
        return { temp, handle: await fsp.open(temp, "w") };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT" || attempt >= 5) throw error;
      }
    }
  }

  async put(key: string, data: Uint8Array | string): Promise<StoredBlob> {
    const target = this.pathFor(key);
    const { temp, handle } = await this.openTemp(target);
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    try {
      await handle.writeFile(bytes);
    } finally {
      await handle.close();
    }
    await fsp.rename(temp, target);
    const sha256 = crypto.createHash("sha256").update(bytes).digest("hex");
    return { key, sizeBytes: bytes.byteLength, sha256 };
  }

  async putStream(
    key: string,
    source: AsyncIterable<Uint8Array>,
    options: { maxBytes: number; onProgress?: (bytes: number) => void },
  ): Promise<StoredBlob> {
    const target = this.pathFor(key);
    const { temp, handle } = await this.openTemp(target);
    const hash = crypto.createHash("sha256");
    let size = 0;
    try {
      for await (const chunk of source) {
        size += chunk.byteLength;
        if (size > options.maxBytes) throw new BlobTooLargeError(options.maxBytes);
        hash.update(chunk);
        await handle.write(chunk);
        options.onProgress?.(size);
      }
      await handle.close();
    } catch (error) {
      await handle.close().catch(() => undefined);
      await fsp.rm(temp, { force: true });
      await this.pruneEmptyParents(temp);
      throw error;
    }
    await fsp.rename(temp, target);
    return { key, sizeBytes: size, sha256: hash.digest("hex") };
  }

  async get(key: string): Promise<Buffer> {
    try {
      return await fsp.readFile(this.pathFor(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new BlobNotFoundError(key);
      throw error;
    }
  }

  createReadStream(key: string): Readable {
    return fs.createReadStream(this.pathFor(key));
  }

  async exists(key: string): Promise<boolean> {
    try {
      await fsp.access(this.pathFor(key));
      return true;
    } catch (error) {
      // Only "not there" is false; an unreadable or vanished volume is an error (health checks).
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ENOTDIR") return false;
      throw error;
    }
  }

  async size(key: string): Promise<number> {
    try {
      return (await fsp.stat(this.pathFor(key))).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new BlobNotFoundError(key);
      throw error;
    }
  }

  /** Removes the blob and then every parent directory it leaves empty, up to (not including) the root. */
  async delete(key: string): Promise<void> {
    const file = this.pathFor(key);
    await fsp.rm(file, { force: true });
    await this.pruneEmptyParents(file);
  }

  async deletePrefix(prefix: string): Promise<void> {
    const dir = this.pathFor(prefix);
    await fsp.rm(dir, { recursive: true, force: true });
    await this.pruneEmptyParents(dir);
  }

  private async pruneEmptyParents(file: string): Promise<void> {
    const root = path.resolve(this.root);
    for (let dir = path.dirname(file); dir !== root && dir.startsWith(`${root}${path.sep}`); dir = path.dirname(dir)) {
      try {
        // rmdir refuses a non-empty directory: a concurrent writer's files are never touched.
        await fsp.rmdir(dir);
      } catch {
        break;
      }
    }
  }

  /** The store's own files, no copies: nothing to remove afterwards. */
  async withLocalFiles<T>(fn: (localPath: LocalPath) => Promise<T>): Promise<T> {
    return fn(async (key) => {
      const file = this.pathFor(key);
      if (!(await this.exists(key))) throw new BlobNotFoundError(key);
      return file;
    });
  }
}
