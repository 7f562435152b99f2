import { describe, expect, it } from "vitest";
import { encodeUploadHeader, readUploadFrame, UploadFrameError } from "./upload-frame";

function streamOf(bytes: Uint8Array, chunkSize: number): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.byteLength) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + chunkSize));
      offset += chunkSize;
    },
  });
}

async function collect(body: AsyncIterable<Uint8Array>): Promise<string> {
  const parts: Uint8Array[] = [];
  for await (const part of body) parts.push(part);
  return Buffer.concat(parts).toString("utf8");
}

describe("upload frame", () => {
  const header = { challenge: "demo", kind: "prediction_csv", filename: "sub.csv" };
  const file = new TextEncoder().encode("ImageId,EncodedPixels\nabc,1 2\n");
  const framed = new Uint8Array([...encodeUploadHeader(header), ...file]);

  it.each([1, 3, 7, 1000])("should split header and body with %i-byte chunks", async (chunk) => {
    const { header: parsed, body } = await readUploadFrame(streamOf(framed, chunk));
    expect(parsed).toEqual(header);
    expect(await collect(body)).toBe("ImageId,EncodedPixels\nabc,1 2\n");
  });

  it("should reject a stream without the magic bytes", async () => {
    await expect(readUploadFrame(streamOf(file, 64))).rejects.toBeInstanceOf(UploadFrameError);
  });

  it("should reject a stream that ends inside the header", async () => {
    await expect(readUploadFrame(streamOf(framed.slice(0, 12), 4))).rejects.toThrow(/before its header/);
  });
});
