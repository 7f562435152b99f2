// Image decoding through sharp (libvips), keeping the stored sample values: 16-bit label
// images must come back as 1000, 300, 65000, not as 8-bit display values.
import sharp from "sharp";
import type { OriginalImage } from "../types";
import { errorText } from "./file-source";

type PixelArray =
  | Uint8Array
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | Float32Array
  | Float64Array;

export interface DecodedImage {
  width: number;
  height: number;
  /** Interleaved samples per pixel, alpha included. */
  channels: number;
  hasAlpha: boolean;
  /** libvips band format: uchar, ushort, uint, float, … */
  depth: string;
  /** Row-major, interleaved, `channels` samples per pixel. */
  data: PixelArray;
  format: string;
  isPalette: boolean;
  pages: number;
}

export type Decoded = { ok: true; image: DecodedImage } | { ok: false; message: string };

// sharp converts to sRGB on output unless told otherwise, which rescales grey16 to 8 bits
// and copies one band into three. Asking for the input's own colourspace and depth is
// what keeps the values (checked for uchar, ushort, uint, int and float TIFFs in the tests).
const KEPT_SPACES = new Set(["b-w", "grey16", "srgb", "rgb16"]);

const ARRAY_OF_DEPTH = {
  uchar: Uint8Array,
  char: Int8Array,
  ushort: Uint16Array,
  short: Int16Array,
  uint: Uint32Array,
  int: Int32Array,
  float: Float32Array,
  double: Float64Array,
} as const;

type Depth = keyof typeof ARRAY_OF_DEPTH;

const isDepth = (depth: string): depth is Depth => depth in ARRAY_OF_DEPTH;

function view(buffer: Buffer, depth: Depth): PixelArray {
  const Array_ = ARRAY_OF_DEPTH[depth];
  const length = buffer.byteLength / Array_.BYTES_PER_ELEMENT;
  // Typed-array views need aligned offsets; sharp's buffers normally are, a copy is the fallback.
  if (buffer.buffer instanceof ArrayBuffer && buffer.byteOffset % Array_.BYTES_PER_ELEMENT === 0) {
    return new Array_(buffer.buffer, buffer.byteOffset, length);
  }
  const copy = new Array_(length);
  new Uint8Array(copy.buffer).set(buffer);
  return copy;
}

/** Decodes the first page of a PNG, TIFF or JPEG (anything libvips reads). Never throws. */
export async function decodeImage(bytes: Uint8Array): Promise<Decoded> {
  try {
    const meta = await sharp(bytes).metadata();
    const depth = meta.depth;
    if (!isDepth(depth)) return { ok: false, message: `unsupported sample format "${depth}"` };
    let pipeline = sharp(bytes);
    if (KEPT_SPACES.has(meta.space)) pipeline = pipeline.toColourspace(meta.space);
    else pipeline = pipeline.toColourspace(depth === "uchar" ? "srgb" : "rgb16");
    const { data, info } = await pipeline.raw({ depth }).toBuffer({ resolveWithObject: true });
    return {
      ok: true,
      image: {
        width: info.width,
        height: info.height,
        channels: info.channels,
        hasAlpha: info.channels === 2 || info.channels === 4,
        depth,
        data: view(data, depth),
        format: meta.format,
        isPalette: meta.isPalette,
        pages: meta.pages ?? 1,
      },
    };
  } catch (error) {
    return { ok: false, message: `cannot decode image (${errorText(error)})` };
  }
}

/** Colour samples per pixel, alpha excluded: 1 (grey) or 3 (RGB). */
export function colourChannels(image: DecodedImage): number {
  return image.hasAlpha ? image.channels - 1 : image.channels;
}

/**
 * Indices (row-major) of pixels where any colour sample is non-zero, alpha ignored: DSB masks
 * are 0/255, sometimes 0/1. Indices rather than a full-size bitmap because a nucleus covers
 * a fraction of a percent of its image, and 30k masks are folded into label images.
 */
export function foregroundPixels(image: DecodedImage): Uint32Array {
  const { data, channels } = image;
  const colour = colourChannels(image);
  const pixels = image.width * image.height;
  let found = new Uint32Array(1024);
  let count = 0;
  for (let p = 0, i = 0; p < pixels; p++, i += channels) {
    let inside = data[i] !== 0;
    for (let c = 1; !inside && c < colour; c++) inside = data[i + c] !== 0;
    if (!inside) continue;
    if (count === found.length) {
      const grown = new Uint32Array(found.length * 2);
      grown.set(found);
      found = grown;
    }
    found[count++] = p;
  }
  return found.subarray(0, count);
}

/**
 * One plane of samples, as numbers. `pick` names the source: a colour channel index, or
 * "yellow" (mean of red and green: yellow light is red plus green).
 */
export function plane(image: DecodedImage, pick: 0 | 1 | 2 | "yellow"): Float64Array {
  const { data, channels } = image;
  const colour = colourChannels(image);
  const out = new Float64Array(image.width * image.height);
  for (let p = 0, i = 0; p < out.length; p++, i += channels) {
    if (colour < 3) out[p] = data[i] ?? 0;
    else if (pick === "yellow") out[p] = ((data[i] ?? 0) + (data[i + 1] ?? 0)) / 2;
    else out[p] = data[i + pick] ?? 0;
  }
  return out;
}

/**
 * To 8 bits: 8-bit sources keep their values; anything deeper is stretched from its own
 * minimum to its maximum, since 12- or 16-bit microscopy rarely uses the full range (a
 * constant image becomes black). `planes` share one range so colours keep their balance.
 */
export function to8Bit(planes: Float64Array[], depth: string): Uint8Array[] {
  if (depth === "uchar") return planes.map((values) => Uint8Array.from(values, (v) => Math.round(v)));
  let min = Infinity;
  let max = -Infinity;
  for (const values of planes) {
    for (const v of values) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  const scale = max > min ? 255 / (max - min) : 0;
  return planes.map((values) => Uint8Array.from(values, (v) => Math.round((v - min) * scale)));
}

/**
 * A stored zip entry is a view into the whole archive; an item that kept that view would keep
 * the archive alive (and share its memory). Copies only views.
 */
export function ownBytes(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}

/** 8-bit grey (1 plane) or RGB (3 planes) PNG. */
export async function encodePng(planes: Uint8Array[], width: number, height: number): Promise<Uint8Array> {
  const channels = planes.length === 3 ? 3 : 1;
  const interleaved = new Uint8Array(width * height * channels);
  for (let c = 0; c < channels; c++) {
    const source = planes[c] ?? new Uint8Array(width * height);
    for (let p = 0; p < source.length; p++) interleaved[p * channels + c] = source[p] ?? 0;
  }
  // Without "b-w" sharp writes one raw band as a three-channel sRGB PNG.
  const pipeline = sharp(interleaved, { raw: { width, height, channels } });
  const png = await (channels === 1 ? pipeline.toColourspace("b-w") : pipeline).png().toBuffer();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}

/**
 * The file itself when its samples are deeper than 8 bits (16-bit, 32-bit, float): the display
 * PNG stretches those to 8 bits per image, so the download keeps the original. Null otherwise.
 */
export function originalIfDeep(file: string, bytes: Uint8Array, image: DecodedImage): OriginalImage | null {
  if (image.depth === "uchar" || image.depth === "char") return null;
  const extension = /\.([A-Za-z0-9]+)$/.exec(file)?.[1]?.toLowerCase() ?? image.format;
  return { extension, bytes: ownBytes(bytes) };
}

/**
 * The display PNG: grey stays grey, RGB(A) becomes RGB, alpha is dropped and deep images are
 * stretched to 8 bits. An 8-bit grey or RGB PNG without palette is already that, and is
 * kept byte for byte.
 */
export async function displayPng(bytes: Uint8Array, image: DecodedImage): Promise<Uint8Array> {
  const colour = colourChannels(image);
  if (image.format === "png" && image.depth === "uchar" && !image.hasAlpha && !image.isPalette && (colour === 1 || colour === 3)) {
    return ownBytes(bytes);
  }
  const planes = colour >= 3 ? [plane(image, 0), plane(image, 1), plane(image, 2)] : [plane(image, 0)];
  return encodePng(to8Bit(planes, image.depth), image.width, image.height);
}
