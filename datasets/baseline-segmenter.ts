// A deliberately plain classical baseline: global Otsu threshold, 4-connected components,
// small components dropped. It merges touching nuclei, which leaves room to beat it.
import { connectedComponents } from "./connected-components";
import { otsuThreshold } from "./otsu";
import { decodePngToGrey } from "./png";

/** Components smaller than this are treated as noise or debris. */
const MIN_COMPONENT_AREA = 10;

/**
 * Otsu always splits the histogram, even of pure background. When the two classes' means
 * are closer than this (in grey levels, after smoothing) the image is taken to be empty.
 */
const MIN_CLASS_SEPARATION = 20;

/** Mean of the one-pixel image border: background dominates it in both modalities. */
function borderMean(grey: Uint8Array, width: number, height: number): number {
  let sum = 0;
  let n = 0;
  for (let x = 0; x < width; x++) {
    sum += (grey[x] ?? 0) + (grey[(height - 1) * width + x] ?? 0);
    n += 2;
  }
  for (let y = 1; y < height - 1; y++) {
    sum += (grey[y * width] ?? 0) + (grey[y * width + width - 1] ?? 0);
    n += 2;
  }
  return sum / n;
}

/** 3×3 box mean, so single noisy pixels do not fragment the threshold mask. */
function smooth(grey: Uint8Array, width: number, height: number): Uint8Array {
  const out = new Uint8Array(grey.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      let n = 0;
      for (let yy = Math.max(0, y - 1); yy <= Math.min(height - 1, y + 1); yy++) {
        for (let xx = Math.max(0, x - 1); xx <= Math.min(width - 1, x + 1); xx++) {
          sum += grey[yy * width + xx] ?? 0;
          n++;
        }
      }
      out[y * width + x] = Math.round(sum / n);
    }
  }
  return out;
}

/**
 * Labels nuclei in a row-major 8-bit grey image. Dark-on-light images (brightfield) are
 * recognised by a border brighter than the threshold and inverted first. An image without
 * contrast (see {@link MIN_CLASS_SEPARATION}) gets no objects.
 * Returns row-major labels 1..n in raster order of each component's first pixel.
 */
export function baselineSegment(grey: Uint8Array, width: number, height: number): Uint16Array {
  if (grey.length !== width * height) throw new RangeError("grey buffer does not match width × height");
  const smoothed = smooth(grey, width, height);
  const { threshold, separation } = otsuThreshold(smoothed);
  if (separation < MIN_CLASS_SEPARATION) return new Uint16Array(grey.length);
  const darkObjects = borderMean(smoothed, width, height) > threshold;
  const foreground = new Uint8Array(grey.length);
  for (let p = 0; p < grey.length; p++) {
    const v = smoothed[p] ?? 0;
    foreground[p] = (darkObjects ? v <= threshold : v > threshold) ? 1 : 0;
  }

  return connectedComponents(foreground, width, height, MIN_COMPONENT_AREA).labels;
}

/** Decodes a PNG (grey or colour) and runs {@link baselineSegment} on its luma. */
export function baselineSegmentPng(png: Uint8Array): { labels: Uint16Array; width: number; height: number } {
  const { grey, width, height } = decodePngToGrey(png);
  return { labels: baselineSegment(grey, width, height), width, height };
}
