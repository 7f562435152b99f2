// PNG encode/decode through pngjs, for 8-bit greyscale and RGB images.
import { PNG } from "pngjs";

const COLOR_TYPE_GREY = 0;
const COLOR_TYPE_RGB = 2;

export interface GreyImage {
  width: number;
  height: number;
  /** Row-major, one byte per pixel. */
  grey: Uint8Array;
}

function encode(pixels: Uint8Array, width: number, height: number, colorType: 0 | 2): Uint8Array {
  const png = new PNG({ width, height });
  // pngjs packs `data` according to inputColorType, so it can hold 1 or 3 bytes per pixel.
  png.data = Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength);
  const buffer = PNG.sync.write(png, {
    colorType,
    inputColorType: colorType,
    inputHasAlpha: false,
    bitDepth: 8,
  });
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** 8-bit greyscale PNG from row-major bytes. */
export function encodeGreyPng(grey: Uint8Array, width: number, height: number): Uint8Array {
  if (grey.length !== width * height) throw new RangeError("grey buffer does not match width × height");
  return encode(grey, width, height, COLOR_TYPE_GREY);
}

/** 8-bit RGB PNG from row-major interleaved RGB bytes. */
export function encodeRgbPng(rgb: Uint8Array, width: number, height: number): Uint8Array {
  if (rgb.length !== width * height * 3) throw new RangeError("rgb buffer does not match width × height × 3");
  return encode(rgb, width, height, COLOR_TYPE_RGB);
}

/**
 * Decodes any PNG pngjs reads and reduces it to one grey byte per pixel (Rec. 601 luma,
 * alpha ignored). Weights sum to 1000, so a grey image comes back unchanged.
 */
export function decodePngToGrey(png: Uint8Array): GreyImage {
  const decoded = PNG.sync.read(Buffer.from(png.buffer, png.byteOffset, png.byteLength));
  const { width, height, data } = decoded;
  return { width, height, grey: lumaOf(data, 4, width * height) };
}

/** Rec. 601 luma of interleaved pixels (`stride` bytes each, R, G, B first); weights sum to 1000. */
export function lumaOf(data: ArrayLike<number>, stride: number, pixels: number): Uint8Array {
  const grey = new Uint8Array(pixels);
  for (let i = 0, j = 0; i < pixels; i++, j += stride) {
    grey[i] = Math.round(((data[j] ?? 0) * 299 + (data[j + 1] ?? 0) * 587 + (data[j + 2] ?? 0) * 114) / 1000);
  }
  return grey;
}

/** 8-bit greyscale mask PNG: 255 where `labels` equals `label`, 0 elsewhere. */
export function encodeMaskPng(labels: ArrayLike<number>, width: number, height: number, label: number): Uint8Array {
  const mask = new Uint8Array(width * height);
  for (let i = 0; i < mask.length; i++) if (labels[i] === label) mask[i] = 255;
  return encodeGreyPng(mask, width, height);
}

export interface RgbImage {
  width: number;
  height: number;
  /** Row-major, three bytes per pixel. */
  rgb: Uint8Array;
}

/** Decodes any PNG pngjs reads to 8-bit RGB (grey replicated, alpha ignored). */
export function decodePngToRgb(png: Uint8Array): RgbImage {
  const decoded = PNG.sync.read(Buffer.from(png.buffer, png.byteOffset, png.byteLength));
  const { width, height, data } = decoded;
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; i < rgb.length; i += 3, j += 4) {
    rgb[i] = data[j] ?? 0;
    rgb[i + 1] = data[j + 1] ?? 0;
    rgb[i + 2] = data[j + 2] ?? 0;
  }
  return { width, height, rgb };
}
