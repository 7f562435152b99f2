import { describe, expect, it } from "vitest";
import { printable } from "../../printable";
import { formatRejection } from "./format-rejection";

describe("formatRejection", () => {
  it("should put the line and ImageId first", () => {
    expect(formatRejection({ line: 12, imageId: "abc", message: "bad run" })).toBe("Line 12, ImageId abc: bad run");
  });

  it("should not repeat a line number the message starts with", () => {
    expect(formatRejection({ line: 3, message: "Line 3 contains a NUL byte." })).toBe("Line 3 contains a NUL byte.");
  });

  it("should escape control characters echoed from the file, so the message can be stored", () => {
    const text = formatRejection({ line: 2, imageId: "a\u0000b", message: 'unknown ImageId "x\u0000\u001by"' });
    expect(text).toBe('Line 2, ImageId a\\u0000b: unknown ImageId "x\\u0000\\u001by"');
    expect(text).not.toMatch(/[\u0000-\u001f]/);
  });

  it("should cap an echoed ImageId and the whole message", () => {
    const id = "x".repeat(100_000);
    expect(formatRejection({ line: 2, imageId: id, message: "not in the test set" }).length).toBeLessThan(200);
    expect(formatRejection({ line: 2, message: `unknown ImageId "${id}"` }).length).toBeLessThanOrEqual(620);
  });
});

describe("printable", () => {
  it("should never cut inside an escape or a surrogate pair", () => {
    expect(printable(`${"a".repeat(8)}\u0000`, 10)).toBe("aaaaaaaa…");
    expect(printable(`${"a".repeat(9)}😀😀`, 10)).toBe("aaaaaaaaa…");
    expect(printable("ok")).toBe("ok");
  });

  it("should keep newlines and tabs only when asked to", () => {
    expect(printable("a\nb\tc\u0000", 80, { keepNewlines: true })).toBe("a\nb\tc\\u0000");
    expect(printable("a\nb")).toBe("a\\u000ab");
  });

  it("should escape lone surrogates, which are not valid UTF-8", () => {
    expect(printable("a\uD800b")).toBe("a\\ud800b");
  });
});
