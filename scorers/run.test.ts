import { describe, expect, it } from "vitest";
import { scoreText, sniffEncoding, startRun } from "./run";

const TRUTH = ["ImageId,EncodedPixels,Height,Width,Usage", "img-pub,1 2,4,4,Public", "img-priv,5 4,4,4,Private", ""].join("\n");
const PERFECT = "ImageId,EncodedPixels\nimg-pub,1 2\nimg-priv,5 4\n";

/** Decodes bytes the way the sandbox child does (a utf8 read stream), in chunks of `chunk` bytes. */
function pushBytes(bytes: Uint8Array, chunk = 1 << 20) {
  const run = startRun("dsb2018-map", TRUTH, {});
  if (!run.ok) throw new Error(run.error.message);
  const decoder = new TextDecoder("utf-8");
  for (let i = 0; i < bytes.length; i += chunk) {
    const rejection = run.value.push(decoder.decode(bytes.subarray(i, i + chunk), { stream: true }));
    if (rejection) return { ok: false as const, error: rejection };
  }
  const rest = decoder.decode();
  if (rest) {
    const rejection = run.value.push(rest);
    if (rejection) return { ok: false as const, error: rejection };
  }
  return run.value.end();
}

function utf16le(text: string, bom: boolean): Uint8Array {
  const body = Buffer.from(text, "utf16le");
  return new Uint8Array(bom ? Buffer.concat([Buffer.from([0xff, 0xfe]), body]) : body);
}

function rejectionOf(result: ReturnType<typeof pushBytes>) {
  expect(result.ok).toBe(false);
  return result.ok ? null : result.error;
}

describe("startRun", () => {
  it("should still score a plain UTF-8 file, with or without a BOM and CRLF line ends", () => {
    expect(pushBytes(new TextEncoder().encode(PERFECT))).toMatchObject({ ok: true, value: { score: 1 } });
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(PERFECT.replace(/\n/g, "\r\n"))]);
    expect(pushBytes(bom, 3)).toMatchObject({ ok: true, value: { score: 1 } });
  });

  it("should refuse a gzip-compressed file, however it is chunked", () => {
    const gzip = new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x0a, 0x49, 0x4d]);
    for (const chunk of [1, 2, 5, 1 << 20]) {
      expect(rejectionOf(pushBytes(gzip, chunk))?.message).toBe("The file is gzip-compressed; upload the uncompressed CSV.");
    }
  });

  it("should refuse a zip archive", () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00]);
    expect(rejectionOf(pushBytes(zip))?.message).toBe("The file is a zip archive; upload the CSV itself, not an archive.");
  });

  it("should refuse UTF-16 with a little- or big-endian byte-order mark, or without one", () => {
    const message = "The file is UTF-16 encoded; save it as UTF-8.";
    expect(rejectionOf(pushBytes(utf16le(PERFECT, true)))?.message).toBe(message);
    expect(rejectionOf(pushBytes(utf16le(PERFECT, false)))?.message).toBe(message);
    const be = new Uint8Array(Buffer.from(utf16le(PERFECT, true)).swap16());
    expect(be[0]).toBe(0xfe);
    expect(rejectionOf(pushBytes(be))?.message).toBe(message);
  });

  it("should refuse a NUL byte in the header with line 1", () => {
    const rejection = rejectionOf(pushBytes(new TextEncoder().encode("ImageId,Encoded\u0000Pixels\nimg-pub,1 2\n")));
    expect(rejection).toMatchObject({ line: 1 });
    expect(rejection?.message).toMatch(/^Line 1 contains a NUL byte/);
  });

  it("should refuse a NUL byte further down with that line's number", () => {
    const rejection = rejectionOf(pushBytes(new TextEncoder().encode("ImageId,EncodedPixels\nimg-pub,1 2\nimg-\u0000priv,5 4\n")));
    expect(rejection).toMatchObject({ line: 3 });
    expect(rejection?.message).toMatch(/^Line 3 contains a NUL byte/);
  });

  it("should refuse bytes that are not UTF-8 with the line's number", () => {
    const latin1 = new Uint8Array([...new TextEncoder().encode("ImageId,EncodedPixels\nimg-pub,1 2\nimg-pri"), 0xe9, ...new TextEncoder().encode(",5 4\n")]);
    const rejection = rejectionOf(pushBytes(latin1));
    expect(rejection).toMatchObject({ line: 3, message: "Line 3 is not valid UTF-8 text; save the file as UTF-8." });
  });

  it("should refuse a NUL on an unfinished line without waiting for its newline", () => {
    const run = startRun("dsb2018-map", TRUTH, {});
    if (!run.ok) throw new Error(run.error.message);
    expect(run.value.push("ImageId,EncodedPixels\nimg-pub,1 2\n")).toBeNull();
    expect(run.value.push("img-priv,\u0000\u0000\u0000")).toMatchObject({ line: 3 });
  });

  it("should check the start of a file shorter than the sniffing window", () => {
    expect(scoreText("dsb2018-map", TRUTH, "\u001f\ufffd")).toMatchObject({ ok: false, error: { message: "The file is gzip-compressed; upload the uncompressed CSV." } });
    expect(scoreText("dsb2018-map", TRUTH, "")).toMatchObject({ ok: false, error: { message: "The file is empty." } });
  });
});

describe("sniffEncoding", () => {
  it("should leave ordinary CSV text alone", () => {
    expect(sniffEncoding("ImageId,EncodedPixels")).toBeNull();
    expect(sniffEncoding("Id,Predicted")).toBeNull();
    expect(sniffEncoding("\uFEFFId,Pre")).toBeNull();
  });
});
