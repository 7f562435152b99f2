// The sandbox's one reply travels on its own file descriptor (fd 3) as a length-prefixed
// frame: 4 bytes of big-endian length, then that many bytes of UTF-8 JSON. Nothing the
// scorer reads or the model prints reaches fd 3, so input cannot imitate or break a reply
// (the older scheme looked for a marker on stdout, which a CSV or a model could print).

/** The file descriptor the child writes its reply to. */
export const REPLY_FD = 3;
/** Far above any real report (per-image rows included); a child that writes more is broken. */
export const MAX_FRAME_BYTES = 64 * 1024 * 1024;

export function encodeFrame(value: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(value), "utf8");
  const frame = Buffer.alloc(4 + body.byteLength);
  frame.writeUInt32BE(body.byteLength, 0);
  body.copy(frame, 4);
  return frame;
}

export type FrameResult = { ok: true; value: unknown } | { ok: false; error: string };

/** Exactly one complete frame, nothing before or after it. */
export function decodeFrame(bytes: Buffer): FrameResult {
  if (bytes.byteLength < 4) return { ok: false, error: bytes.byteLength === 0 ? "no reply" : "truncated length prefix" };
  const length = bytes.readUInt32BE(0);
  if (length > MAX_FRAME_BYTES) return { ok: false, error: `frame of ${length} bytes exceeds the limit` };
  if (bytes.byteLength < 4 + length) return { ok: false, error: "truncated frame" };
  if (bytes.byteLength > 4 + length) return { ok: false, error: "bytes after the frame" };
  try {
    return { ok: true, value: JSON.parse(bytes.subarray(4).toString("utf8")) };
  } catch {
    return { ok: false, error: "frame is not JSON" };
  }
}
