// Per-image states of a scored submission as stored (scorers/types.ts ImageStates): the image
// list (ids and usages) once per test set, and per submission a gzip'd block of float64 values
// with a small header naming the fields and the image list. A DSB stage-2 submission's states
// take 24 KB before compression instead of the ~300 KB of the same numbers as JSON with ids.
import { createHash } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
import { z } from "zod";
import type { ImageStates } from "../../../scorers/types";

const MAGIC = Buffer.from("SBIS\u0001\u0000\u0000\u0000", "latin1");

const ZUsage = z.enum(["Public", "Private", "Validation"]).nullable();
const ZIndex = z.object({ ids: z.array(z.string()), usages: z.array(ZUsage) });
export type ImageIndex = z.infer<typeof ZIndex>;

const ZHeader = z.object({ fields: z.array(z.string()).min(1), images: z.number().int().min(0), index: z.string().regex(/^[0-9a-f]{64}$/) });

export interface EncodedStates {
  /** The image list's digest: states with the same digest are of the same images in the same order. */
  indexDigest: string;
  /** gzip'd JSON of the image list, stored once per digest. */
  index: Buffer;
  states: Buffer;
}

export function encodeImageStates(imageStates: ImageStates): EncodedStates {
  const { fields, items } = imageStates;
  const index: ImageIndex = { ids: items.map((item) => item.id), usages: items.map((item) => item.usage) };
  const indexJson = JSON.stringify(index);
  const indexDigest = createHash("sha256").update(indexJson).digest("hex");
  const header = Buffer.from(JSON.stringify({ fields, images: items.length, index: indexDigest }), "utf8");
  const padding = (8 - ((MAGIC.length + 4 + header.length) % 8)) % 8;
  const values = new Float64Array(items.length * fields.length);
  items.forEach((item, i) => {
    if (item.state.length !== fields.length) throw new Error(`image states: image ${item.id} has ${item.state.length} values for ${fields.length} fields`);
    item.state.forEach((v, f) => {
      if (!Number.isFinite(v)) throw new Error(`image states: image ${item.id} has a non-finite value for ${fields[f]}`);
      values[i * fields.length + f] = v;
    });
  });
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  const data = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  return {
    indexDigest,
    index: gzipSync(indexJson),
    // Little-endian on every machine we run on (x86-64, arm64); decode checks the length.
    states: gzipSync(Buffer.concat([MAGIC, length, header, Buffer.alloc(padding), data])),
  };
}

export interface DecodedStates {
  fields: string[];
  images: number;
  indexDigest: string;
  /** Image i, field f at [i * fields.length + f]. */
  values: Float64Array;
}

export function decodeImageStates(blob: Buffer): DecodedStates {
  const raw = gunzipSync(blob);
  if (raw.length < MAGIC.length + 4 || !raw.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error("image states: not a states blob (bad magic)");
  const headerLength = raw.readUInt32LE(MAGIC.length);
  const headerStart = MAGIC.length + 4;
  const header = ZHeader.parse(JSON.parse(raw.subarray(headerStart, headerStart + headerLength).toString("utf8")));
  const dataStart = headerStart + headerLength + ((8 - ((headerStart + headerLength) % 8)) % 8);
  const expected = header.images * header.fields.length * 8;
  if (raw.length - dataStart !== expected) throw new Error(`image states: ${raw.length - dataStart} data bytes, expected ${expected}`);
  // Copied out: the decompressed buffer's offset need not be 8-aligned for a Float64Array view.
  const values = new Float64Array(raw.buffer.slice(raw.byteOffset + dataStart, raw.byteOffset + dataStart + expected));
  return { fields: header.fields, images: header.images, indexDigest: header.index, values };
}

export function decodeImageIndex(blob: Buffer): ImageIndex {
  return ZIndex.parse(JSON.parse(gunzipSync(blob).toString("utf8")));
}

