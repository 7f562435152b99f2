import { describe, expect, it } from "vitest";
import { sameOriginPath as safeCallback } from "./same-origin";
import { sameOriginUrl } from "./same-origin";

const ORIGIN = "https://bench.example.org";

describe("safeCallback", () => {
  it("should keep same-site paths with their query and fragment", () => {
    expect(safeCallback("/challenges/nuclei?tab=submit#top", ORIGIN)).toBe("/challenges/nuclei?tab=submit#top");
    expect(safeCallback(`${ORIGIN}/settings`, ORIGIN)).toBe("/settings");
  });

  it.each([
    ["a tab after the first slash (decoded %09)", "/\t/evil.example"],
    ["a newline after the first slash", "/\n/evil.example"],
    ["a carriage return after the first slash", "/\r/evil.example"],
    ["a protocol-relative URL", "//evil.example"],
    ["an absolute URL elsewhere", "https://evil.example/path"],
    ["a backslash after the first slash", "/\\evil.example"],
    ["two backslashes", "\\\\evil.example"],
    ["javascript:", "javascript:alert(1)"],
    ["data:", "data:text/html,<script>alert(1)</script>"],
    ["the same host over another scheme", "http://bench.example.org/"],
    ["the same host on another port", "https://bench.example.org:8443/"],
    ["user info that hides another host", "https://bench.example.org@evil.example/"],
  ])("should refuse %s", (_label, value) => {
    expect(safeCallback(value, ORIGIN)).toBe("/");
    expect(sameOriginUrl(value, ORIGIN)).toBeNull();
  });

  it("should keep the literal %09 of a still-encoded value on this site", () => {
    // Percent-encoded, the tab is just part of a path on this site; decoded, it is refused above.
    expect(sameOriginUrl("/%09/evil.example", ORIGIN)?.origin).toBe(ORIGIN);
    expect(safeCallback("/%09/evil.example", ORIGIN).startsWith("//")).toBe(false);
  });

  it("should never return a protocol-relative path", () => {
    expect(safeCallback("/.//evil.example", ORIGIN)).toBe("/evil.example");
    expect(safeCallback("/..//evil.example/x", ORIGIN)).toBe("/evil.example/x");
  });

  it("should fall back to the home page for nothing or garbage", () => {
    expect(safeCallback(null, ORIGIN)).toBe("/");
    expect(safeCallback("", ORIGIN)).toBe("/");
    expect(safeCallback("http://[", ORIGIN)).toBe("/");
  });
});
