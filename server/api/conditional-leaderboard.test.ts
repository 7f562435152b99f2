import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { BodyCache, etagMatches, leaderboardCalls } from "./conditional-leaderboard";

const url = (query: string) => new URL(`http://localhost/api/trpc/x?${query}`);
const input = (value: unknown) => encodeURIComponent(JSON.stringify(superjson.serialize(value)));

describe("leaderboardCalls", () => {
  it("should read the input of a single leaderboard call", () => {
    expect(leaderboardCalls(url(`input=${input({ challenge: "a", board: "public" })}`), "leaderboard.get")).toEqual([{ challenge: "a", board: "public" }]);
  });

  it("should read every input of a batch made only of leaderboard calls", () => {
    const batch = encodeURIComponent(JSON.stringify({ 0: superjson.serialize({ challenge: "a" }), 1: superjson.serialize({ challenge: "b", board: "private" }) }));
    expect(leaderboardCalls(url(`batch=1&input=${batch}`), "leaderboard.get,leaderboard.get")).toEqual([{ challenge: "a" }, { challenge: "b", board: "private" }]);
  });

  it("should leave any other request alone", () => {
    expect(leaderboardCalls(url(`batch=1&input=${input({})}`), "leaderboard.get,user.me")).toBeNull();
    expect(leaderboardCalls(url(`input=${input({})}`), "challenge.bySlug")).toBeNull();
    expect(leaderboardCalls(url("input=%7Bnot-json"), "leaderboard.get")).toBeNull();
    // Two calls without batch=1 is not something tRPC answers either.
    expect(leaderboardCalls(url(`input=${input({})}`), "leaderboard.get,leaderboard.get")).toBeNull();
  });
});

describe("etagMatches", () => {
  it("should match the same tag, its weak form, a list holding it and *", () => {
    expect(etagMatches('"lb1-x"', '"lb1-x"')).toBe(true);
    expect(etagMatches('W/"lb1-x"', '"lb1-x"')).toBe(true);
    expect(etagMatches('"other", "lb1-x"', '"lb1-x"')).toBe(true);
    expect(etagMatches("*", '"lb1-x"')).toBe(true);
  });

  it("should not match another tag or no header", () => {
    expect(etagMatches('"lb1-y"', '"lb1-x"')).toBe(false);
    expect(etagMatches(null, '"lb1-x"')).toBe(false);
    expect(etagMatches("", '"lb1-x"')).toBe(false);
  });
});

describe("BodyCache", () => {
  it("should drop the least recently used bodies beyond its size", () => {
    const cache = new BodyCache(10);
    cache.set("a", "aaaa");
    cache.set("b", "bbbb");
    expect(cache.get("a")).toBe("aaaa"); // a is now the most recent
    cache.set("c", "cccc");
    expect(cache.get("b")).toBeUndefined();
    expect([cache.get("a"), cache.get("c")]).toEqual(["aaaa", "cccc"]);
    expect(cache.totalChars).toBe(8);
  });

  it("should not keep a body larger than the whole cache", () => {
    const cache = new BodyCache(3);
    cache.set("big", "abcd");
    expect(cache.get("big")).toBeUndefined();
    expect(cache.totalChars).toBe(0);
  });

  it("should count a replaced body once", () => {
    const cache = new BodyCache(100);
    cache.set("a", "xx");
    cache.set("a", "yyy");
    expect(cache.totalChars).toBe(3);
  });
});
