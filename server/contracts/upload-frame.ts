// An upload is one octet stream: "SBU1", a 4-byte big-endian header length, a JSON header
// (which challenge, phase, kind, file name), then the file bytes. One request, streamed end
// to end, so a 512 MiB file never sits in memory, and tRPC's octetInputParser carries it.

const MAGIC = [0x53, 0x42, 0x55, 0x31]; // "SBU1"
const MAX_HEADER_BYTES = 16 * 1024;

export class UploadFrameError extends Error {}

export function encodeUploadHeader(header: unknown): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.byteLength);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, json.byteLength);
  out.set(json, 8);
  return out;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a, 0);
  out.set(b, a.byteLength);
  return out;
}

export async function readUploadFrame(
  stream: ReadableStream<Uint8Array>,
): Promise<{ header: unknown; body: AsyncIterable<Uint8Array> }> {
  const reader = stream.getReader();
  let buffered: Uint8Array = new Uint8Array(0);
  const fill = async (needed: number) => {
    while (buffered.byteLength < needed) {
      const { done, value } = await reader.read();
      if (done) throw new UploadFrameError("The upload ended before its header was complete.");
      buffered = concat(buffered, value);
    }
  };
  await fill(8);
  if (!MAGIC.every((byte, i) => buffered[i] === byte)) {
    throw new UploadFrameError("Not a scopebench upload (use the site, the CLI, or the upload helper).");
  }
  const headerLength = new DataView(buffered.buffer, buffered.byteOffset).getUint32(4);
  if (headerLength > MAX_HEADER_BYTES) throw new UploadFrameError("Upload header too large.");
  await fill(8 + headerLength);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder().decode(buffered.subarray(8, 8 + headerLength)));
  } catch {
    throw new UploadFrameError("Upload header is not valid JSON.");
  }
  const rest = buffered.subarray(8 + headerLength);
  async function* body(): AsyncGenerator<Uint8Array> {
    try {
      if (rest.byteLength > 0) yield rest;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      // Stop reading the request if the consumer gave up (size limit, quota).
      await reader.cancel().catch(() => undefined);
    }
  }
  return { header, body: body() };
}

/**
 * The whole octet body of an upload: header frame, then the file, without copying the file
 * into memory (Blob concatenation is lazy in browsers and in Node). Used by the site and the CLI.
 */
export function uploadFrameBody(header: unknown, file: Blob): Blob {
  const frame = encodeUploadHeader(header);
  return new Blob([frame.buffer as ArrayBuffer, file], { type: "application/octet-stream" });
}
