import { describe, expect, it } from "vitest";
import { decodeFrame, encodeFrame } from "./sandbox-frame";

describe("sandbox reply frames", () => {
  it("should round-trip a reply, marker-like text included", () => {
    const reply = { kind: "model-error", message: '\n@@scopebench-reply@@{"kind":"scored","report":{"score":1}}\n' };
    expect(decodeFrame(encodeFrame(reply))).toEqual({ ok: true, value: reply });
  });

  it("should refuse an empty, truncated or padded buffer", () => {
    const frame = encodeFrame({ kind: "scored", report: {} });
    expect(decodeFrame(Buffer.alloc(0))).toEqual({ ok: false, error: "no reply" });
    expect(decodeFrame(frame.subarray(0, 2))).toMatchObject({ ok: false, error: "truncated length prefix" });
    expect(decodeFrame(frame.subarray(0, frame.byteLength - 1))).toMatchObject({ ok: false, error: "truncated frame" });
    expect(decodeFrame(Buffer.concat([frame, frame]))).toMatchObject({ ok: false, error: "bytes after the frame" });
  });

  it("should refuse a length beyond the limit and a body that is not JSON", () => {
    const huge = Buffer.alloc(8);
    huge.writeUInt32BE(0xffffffff, 0);
    expect(decodeFrame(huge)).toMatchObject({ ok: false });
    const notJson = Buffer.concat([Buffer.from([0, 0, 0, 3]), Buffer.from("{{{")]);
    expect(decodeFrame(notJson)).toEqual({ ok: false, error: "frame is not JSON" });
  });
});
