// Small image operations the renderers share: blur (the optics), smooth noise (textures) and
// an illumination field (vignetting). All work on row-major Float32Array images.
import type { Prng } from "../prng";

/** Separable Gaussian blur with edge clamping (the optics' point-spread function). */
export function gaussianBlur(values: Float32Array, width: number, height: number, sigma: number): Float32Array {
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const taps = 2 * radius + 1;
  const kernel = new Float32Array(taps);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) {
    const weight = Math.exp(-(i * i) / (2 * sigma * sigma));
    kernel[i + radius] = weight;
    sum += weight;
  }
  for (let i = 0; i < taps; i++) kernel[i] = (kernel[i] ?? 0) / sum;

  // One padded line at a time: the inner loop then needs no clamping.
  const line = new Float32Array(Math.max(width, height) + 2 * radius);
  const horizontal = new Float32Array(values.length);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let i = 0; i < width + 2 * radius; i++) {
      const x = Math.min(width - 1, Math.max(0, i - radius));
      line[i] = values[row + x] ?? 0;
    }
    for (let x = 0; x < width; x++) {
      let acc = 0;
      for (let k = 0; k < taps; k++) acc += (kernel[k] ?? 0) * (line[x + k] ?? 0);
      horizontal[row + x] = acc;
    }
  }
  const out = new Float32Array(values.length);
  for (let x = 0; x < width; x++) {
    for (let i = 0; i < height + 2 * radius; i++) {
      const y = Math.min(height - 1, Math.max(0, i - radius));
      line[i] = horizontal[y * width + x] ?? 0;
    }
    for (let y = 0; y < height; y++) {
      let acc = 0;
      for (let k = 0; k < taps; k++) acc += (kernel[k] ?? 0) * (line[y + k] ?? 0);
      out[y * width + x] = acc;
    }
  }
  return out;
}

export interface NoiseGrid {
  /** Lattice spacing in pixels along the (rotated) x axis. */
  cellX: number;
  /** Lattice spacing across it; smaller than cellX gives fibre-like streaks. Defaults to cellX. */
  cellY?: number;
  /** Rotation of the lattice, in radians. */
  angle?: number;
}

/**
 * Value noise in [0, 1): random values on a (rotated, stretched) lattice, smoothly
 * interpolated. Far cheaper than blurring white noise with a wide Gaussian.
 */
export function valueNoise(prng: Prng, width: number, height: number, grid: NoiseGrid): Float32Array {
  const cellY = grid.cellY ?? grid.cellX;
  const angle = grid.angle ?? 0;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const toU = (x: number, y: number): number => (x * cos + y * sin) / grid.cellX;
  const toV = (x: number, y: number): number => (-x * sin + y * cos) / cellY;
  const corners = [
    [0, 0],
    [width, 0],
    [0, height],
    [width, height],
  ] as const;
  const uMin = Math.min(...corners.map(([x, y]) => toU(x, y)));
  const vMin = Math.min(...corners.map(([x, y]) => toV(x, y)));
  const columns = Math.ceil(Math.max(...corners.map(([x, y]) => toU(x, y))) - uMin) + 2;
  const rows = Math.ceil(Math.max(...corners.map(([x, y]) => toV(x, y))) - vMin) + 2;
  const lattice = new Float32Array(columns * rows);
  for (let i = 0; i < lattice.length; i++) lattice[i] = prng.next();

  const smooth = (t: number): number => t * t * (3 - 2 * t);
  const du = cos / grid.cellX;
  const dv = -sin / cellY;
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    // Lattice coordinates advance by a constant step along a row.
    let u = toU(0, y) - uMin;
    let v = toV(0, y) - vMin;
    for (let x = 0; x < width; x++, u += du, v += dv) {
      const i = Math.floor(u);
      const j = Math.floor(v);
      const fu = smooth(u - i);
      const fv = smooth(v - j);
      const at = j * columns + i;
      const a = lattice[at] ?? 0;
      const b = lattice[at + 1] ?? 0;
      const c = lattice[at + columns] ?? 0;
      const d = lattice[at + columns + 1] ?? 0;
      const top = a + fu * (b - a);
      out[y * width + x] = top + fv * (c + fu * (d - c) - top);
    }
  }
  return out;
}

/** Two octaves of value noise (the second at half the cell size and half the weight), in [0, 1). */
export function fractalNoise(prng: Prng, width: number, height: number, grid: NoiseGrid): Float32Array {
  const coarse = valueNoise(prng, width, height, grid);
  const fine = valueNoise(prng, width, height, {
    cellX: grid.cellX / 2,
    cellY: (grid.cellY ?? grid.cellX) / 2,
    angle: grid.angle ?? 0,
  });
  for (let p = 0; p < coarse.length; p++) coarse[p] = ((coarse[p] ?? 0) * 2 + (fine[p] ?? 0)) / 3;
  return coarse;
}

/**
 * Relative illumination (about 1): a radial fall-off around an off-centre optical axis
 * (vignetting, `vignetting` = loss in the farthest corner) plus a linear tilt of up to
 * ±`tilt`.
 */
export function illuminationField(
  prng: Prng,
  width: number,
  height: number,
  vignetting: number,
  tilt: number,
): Float32Array {
  const cx = width * prng.uniform(0.3, 0.7);
  const cy = height * prng.uniform(0.3, 0.7);
  const reach2 = Math.max(cx, width - cx) ** 2 + Math.max(cy, height - cy) ** 2;
  const tiltX = prng.uniform(-tilt, tilt);
  const tiltY = prng.uniform(-tilt, tilt);
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const falloff = 1 - (vignetting * ((x - cx) ** 2 + (y - cy) ** 2)) / reach2;
      out[y * width + x] = falloff + tiltX * (x / width - 0.5) + tiltY * (y / height - 0.5);
    }
  }
  return out;
}

/**
 * Standard normal deviates using both halves of each Box–Muller pair (`prng.normal()` uses
 * one): per-pixel noise is the single largest cost of rendering.
 */
export function normalSource(prng: Prng): () => number {
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const value = spare;
      spare = undefined;
      return value;
    }
    // 1 - next() is in (0, 1], so the logarithm is finite.
    const magnitude = Math.sqrt(-2 * Math.log(1 - prng.next()));
    const angle = 2 * Math.PI * prng.next();
    spare = magnitude * Math.sin(angle);
    return magnitude * Math.cos(angle);
  };
}

/** Zero-mean, unit-variance uniform noise: cheap, for the faint per-channel (colour) noise. */
export const uniformUnitNoise = (prng: Prng): number => (prng.next() - 0.5) * Math.sqrt(12);
