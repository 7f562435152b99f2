import { describe, expect, it } from "vitest";
import { VersionedCache } from "./versioned-cache";

describe("VersionedCache", () => {
  it("should compute once per key and version", async () => {
    const cache = new VersionedCache<number>(10);
    let calls = 0;
    const compute = async () => ++calls;
    expect(await cache.get("a", 1n, compute)).toBe(1);
    expect(await cache.get("a", 1n, compute)).toBe(1);
    expect(await cache.get("a", 2n, compute)).toBe(2);
    expect(calls).toBe(2);
  });

  it("should share one computation between concurrent requests", async () => {
    const cache = new VersionedCache<string>(10);
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const compute = async () => {
      calls += 1;
      await gate;
      return "ranked";
    };
    const all = Promise.all([cache.get("p", 5n, compute), cache.get("p", 5n, compute), cache.get("p", 5n, compute)]);
    release();
    expect(await all).toEqual(["ranked", "ranked", "ranked"]);
    expect(calls).toBe(1);
  });

  it("should serve a newer value to a request that read an older version", async () => {
    const cache = new VersionedCache<string>(10);
    await cache.get("p", 7n, async () => "v7");
    expect(await cache.get("p", 6n, async () => "v6")).toBe("v7");
  });

  it("should forget a failed computation", async () => {
    const cache = new VersionedCache<string>(10);
    await expect(cache.get("p", 1n, async () => Promise.reject(new Error("database down")))).rejects.toThrow("database down");
    expect(await cache.get("p", 1n, async () => "ok")).toBe("ok");
  });

  it("should evict the least recently used key beyond its size", async () => {
    const cache = new VersionedCache<string>(2);
    await cache.get("a", 1n, async () => "a");
    await cache.get("b", 1n, async () => "b");
    await cache.get("a", 1n, async () => "a again"); // a is now the most recent
    await cache.get("c", 1n, async () => "c");
    expect(cache.size).toBe(2);
    expect(await cache.get("a", 1n, async () => "recomputed")).toBe("a");
    expect(await cache.get("b", 1n, async () => "recomputed")).toBe("recomputed");
  });

  it("should refuse a size that is not a positive integer", () => {
    expect(() => new VersionedCache(0)).toThrow(/maxKeys must be a positive integer, got 0/);
  });
});
