// Fixture builders for the importer tests: every test image is made here, in memory, so no
// binary fixture is committed. Not imported by production code.
import sharp from "sharp";

/** 8-bit PNG from interleaved samples (1 = grey, 2 = grey+alpha, 3 = RGB, 4 = RGBA). */
export async function png8(samples: ArrayLike<number>, width: number, height: number, channels: 1 | 2 | 3 | 4 = 1): Promise<Uint8Array> {
  const raw = Uint8Array.from(samples);
  const pipeline = sharp(raw, { raw: { width, height, channels } });
  // Grey input would otherwise be written as sRGB.
  const out = await (channels <= 2 ? pipeline.toColourspace("b-w") : pipeline).png().toBuffer();
  return new Uint8Array(out);
}

/** 16-bit single-channel image: without `toColourspace("grey16")` sharp writes 8-bit sRGB. */
export async function grey16(values: ArrayLike<number>, width: number, height: number, format: "png" | "tiff"): Promise<Uint8Array> {
  const pipeline = sharp(Uint16Array.from(values), { raw: { width, height, channels: 1 } }).toColourspace("grey16");
  const out = await (format === "png" ? pipeline.png() : pipeline.tiff({ compression: "deflate" })).toBuffer();
  return new Uint8Array(out);
}

/** 0/255 mask PNG of the pixels where `inside(x, y)`. */
export function maskPng(width: number, height: number, inside: (x: number, y: number) => boolean): Promise<Uint8Array> {
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (inside(x, y)) pixels[y * width + x] = 255;
  return png8(pixels, width, height);
}

const SAMPLE_FORMAT = { uint: 1, int: 2, float: 3 } as const;

/**
 * Uncompressed one-strip little-endian TIFF. sharp cannot write signed, 32-bit integer or float
 * samples, which is exactly what Cellpose/StarDist users feed us, so tests build them here.
 */
export function rawTiff(values: Uint32Array | Int32Array | Int16Array | Float32Array, width: number, height: number): Uint8Array {
  const format =
    values instanceof Float32Array ? SAMPLE_FORMAT.float : values instanceof Uint32Array ? SAMPLE_FORMAT.uint : SAMPLE_FORMAT.int;
  const pixels = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  // [tag, type (3 = SHORT, 4 = LONG), value]; tag 273 (strip offset) is filled in below.
  const entries: Array<[number, 3 | 4, number]> = [
    [256, 3, width],
    [257, 3, height],
    [258, 3, values.BYTES_PER_ELEMENT * 8],
    [259, 3, 1],
    [262, 3, 1],
    [273, 4, 0],
    [277, 3, 1],
    [278, 3, height],
    [279, 4, pixels.length],
    [339, 3, format],
  ];
  const dataOffset = 8 + 2 + entries.length * 12 + 4;
  const out = new Uint8Array(dataOffset + pixels.length);
  const view = new DataView(out.buffer);
  view.setUint16(0, 0x4949, true); // "II": little-endian
  view.setUint16(2, 42, true);
  view.setUint32(4, 8, true);
  view.setUint16(8, entries.length, true);
  entries.forEach(([tag, type, value], i) => {
    const at = 10 + i * 12;
    view.setUint16(at, tag, true);
    view.setUint16(at + 2, type, true);
    view.setUint32(at + 4, 1, true);
    const v = tag === 273 ? dataOffset : value;
    if (type === 3) view.setUint16(at + 8, v, true);
    else view.setUint32(at + 8, v, true);
  });
  out.set(pixels, dataOffset);
  return out;
}

/** Canonical form of a label image: objects as sorted lists of pixel indices, sorted. */
export function pixelSets(labels: ArrayLike<number>): string[] {
  const sets = new Map<number, number[]>();
  for (let p = 0; p < labels.length; p++) {
    const label = labels[p] ?? 0;
    if (label === 0) continue;
    let set = sets.get(label);
    if (!set) sets.set(label, (set = []));
    set.push(p);
  }
  return [...sets.values()].map((set) => set.join(",")).sort();
}
