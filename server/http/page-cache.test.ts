import { describe, expect, it } from "vitest";
import { PageCache, type CachedPage } from "./page-cache";

const page = (text: string): CachedPage => ({ status: 200, headers: [["content-type", "text/html"]], body: Buffer.from(text) });

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe("PageCache", () => {
  it("should render once per version and serve copies until the version changes", async () => {
    const cache = new PageCache({ maxBytes: 1_000_000, ttlMs: 60_000 });
    let renders = 0;
    const render = async () => page(`render ${++renders}`);
    expect(await cache.get("/", "v1", render)).toEqual({ page: page("render 1"), rendered: true });
    expect(await cache.get("/", "v1", render)).toEqual({ page: page("render 1"), rendered: false });
    expect(await cache.get("/", "v2", render)).toEqual({ page: page("render 2"), rendered: true });
    expect(await cache.get("/", "v2", render)).toEqual({ page: page("render 2"), rendered: false });
    expect(renders).toBe(2);
  });

  it("should make requests that arrive during a render after a change wait for it, not get the old page", async () => {
    const cache = new PageCache({ maxBytes: 1_000_000, ttlMs: 60_000 });
    await cache.get("/", "v1", async () => page("old"));
    const slow = deferred<CachedPage | null>();
    const renderer = cache.get("/", "v2", () => slow.promise);
    const waiter = cache.get("/", "v2", async () => page("second render"));
    slow.resolve(page("new"));
    expect(await renderer).toEqual({ page: page("new"), rendered: true });
    expect(await waiter).toEqual({ page: page("new"), rendered: false });
  });

  it("should re-render a stale page through one request while the others still get the stale copy", async () => {
    let now = 0;
    const cache = new PageCache({ maxBytes: 1_000_000, ttlMs: 5_000, now: () => now });
    await cache.get("/", "v1", async () => page("first"));
    now = 6_000;
    const slow = deferred<CachedPage | null>();
    const refresher = cache.get("/", "v1", () => slow.promise);
    expect(await cache.get("/", "v1", async () => page("unexpected"))).toEqual({ page: page("first"), rendered: false });
    slow.resolve(page("refreshed"));
    expect((await refresher).rendered).toBe(true);
    expect(await cache.get("/", "v1", async () => page("unexpected"))).toEqual({ page: page("refreshed"), rendered: false });
  });

  it("should keep nothing when a render cannot be shared, so waiters and the next request render themselves", async () => {
    const cache = new PageCache({ maxBytes: 1_000_000, ttlMs: 60_000 });
    const slow = deferred<CachedPage | null>();
    const renderer = cache.get("/x", "v1", () => slow.promise);
    const waiter = cache.get("/x", "v1", async () => page("unexpected"));
    slow.resolve(null);
    expect(await renderer).toEqual({ page: null, rendered: true });
    expect(await waiter).toEqual({ page: null, rendered: false });
    expect(cache.size).toBe(0);
    expect(await cache.get("/x", "v1", async () => page("again"))).toEqual({ page: page("again"), rendered: true });
  });

  it("should evict the least recently used pages beyond its size, and never keep a page over an eighth of it", async () => {
    const cache = new PageCache({ maxBytes: 800, ttlMs: 60_000 });
    await cache.get("/a", "v", async () => page("a".repeat(100)));
    await cache.get("/b", "v", async () => page("b".repeat(100)));
    await cache.get("/huge", "v", async () => page("h".repeat(101)));
    expect(cache.size).toBe(2);
    for (const key of ["/c", "/d", "/e", "/f", "/g", "/h"]) await cache.get(key, "v", async () => page("x".repeat(100)));
    await cache.get("/b", "v", async () => page("unexpected"));
    expect(cache.size).toBe(8);
    await cache.get("/i", "v", async () => page("i".repeat(100)));
    // "/a" was the least recently used: it went; "/b" was just read: it stayed.
    expect((await cache.get("/b", "v", async () => page("unexpected"))).rendered).toBe(false);
    expect((await cache.get("/a", "v", async () => page("a again"))).rendered).toBe(true);
  });
});
