// Pictures for the Data tab's gallery: object outlines drawn over training images, and a
// colour composite of the four HPA channels. Pure: PNG bytes in, PNG bytes out.
import { decodePngToGrey, decodePngToRgb, encodeRgbPng } from "./png";
import type { HpaChannel } from "./types";

/** A distinct, saturated colour per label (golden-angle hues), so neighbours differ. */
function labelColour(label: number): [number, number, number] {
  const hue = (label * 137.508) % 360;
  const c = 1;
  const x = 1 - Math.abs(((hue / 60) % 2) - 1);
  const [r, g, b] =
    hue < 60 ? [c, x, 0] : hue < 120 ? [x, c, 0] : hue < 180 ? [0, c, x] : hue < 240 ? [0, x, c] : hue < 300 ? [x, 0, c] : [c, 0, x];
  return [Math.round(55 + 200 * r), Math.round(55 + 200 * g), Math.round(55 + 200 * b)];
}

/**
 * The image with every object's boundary (object pixels with a 4-neighbour outside the
 * object) in the object's colour, and its inside lightly tinted.
 */
export function outlineOverlayPng(png: Uint8Array, labels: ArrayLike<number>, width: number, height: number): Uint8Array {
  const { rgb, width: w, height: h } = decodePngToRgb(png);
  if (w !== width || h !== height) throw new RangeError(`overlay: image is ${w}×${h}, labels are ${width}×${height}`);
  const out = new Uint8Array(rgb);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const label = labels[i] ?? 0;
      if (label === 0) continue;
      const edge =
        x === 0 || y === 0 || x === width - 1 || y === height - 1 ||
        labels[i - 1] !== label || labels[i + 1] !== label || labels[i - width] !== label || labels[i + width] !== label;
      const colour = labelColour(label);
      const alpha = edge ? 1 : 0.25;
      for (let c = 0; c < 3; c++) out[3 * i + c] = Math.round((1 - alpha) * (rgb[3 * i + c] ?? 0) + alpha * colour[c]!);
    }
  }
  return encodeRgbPng(out, width, height);
}

/**
 * HPA's usual rendering: protein green, microtubules red, nucleus blue, ER yellow (added
 * to red and green at half strength).
 */
export function cellCompositePng(channels: Record<HpaChannel, Uint8Array>): { png: Uint8Array; width: number; height: number } {
  const red = decodePngToGrey(channels.red);
  const green = decodePngToGrey(channels.green);
  const blue = decodePngToGrey(channels.blue);
  const yellow = decodePngToGrey(channels.yellow);
  const { width, height } = green;
  for (const [name, image] of Object.entries({ red, blue, yellow })) {
    if (image.width !== width || image.height !== height) throw new RangeError(`composite: ${name} channel is ${image.width}×${image.height}, green is ${width}×${height}`);
  }
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    const y = (yellow.grey[i] ?? 0) / 2;
    rgb[3 * i] = Math.min(255, (red.grey[i] ?? 0) * 0.8 + y);
    rgb[3 * i + 1] = Math.min(255, (green.grey[i] ?? 0) + y);
    rgb[3 * i + 2] = blue.grey[i] ?? 0;
  }
  return { png: encodeRgbPng(rgb, width, height), width, height };
}
