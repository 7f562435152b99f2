// Rasterising primitives for the cell fields. Shapes are combined with max(), not added:
// where two strokes of one structure cross, the structure should not look twice as bright.
import type { Prng } from "../prng";

export interface Canvas {
  width: number;
  height: number;
  values: Float32Array;
}

/** Which pixels a shape may touch (e.g. "the cytoplasm of cell 3"). */
export type PixelFilter = (p: number) => boolean;

const ACCEPT_ALL: PixelFilter = () => true;

const clamp01 = (v: number): number => (v < 0 ? 0 : v > 1 ? 1 : v);

/** Anti-aliased disc: full value inside `radius`, a one-pixel soft edge. */
export function disc(canvas: Canvas, cx: number, cy: number, radius: number, value: number, accept = ACCEPT_ALL): void {
  const reach = radius + 0.5;
  const { width, height, values } = canvas;
  const x0 = Math.max(0, Math.floor(cx - reach));
  const x1 = Math.min(width - 1, Math.ceil(cx + reach));
  const y0 = Math.max(0, Math.floor(cy - reach));
  const y1 = Math.min(height - 1, Math.ceil(cy + reach));
  const reach2 = reach * reach;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
      if (d2 >= reach2) continue;
      const weight = clamp01(reach - Math.sqrt(d2));
      const p = y * width + x;
      if (!accept(p)) continue;
      const v = value * weight;
      if (v > (values[p] ?? 0)) values[p] = v;
    }
  }
}

/** Anti-aliased ring (a hollow circle of the given line thickness). */
export function ring(
  canvas: Canvas,
  cx: number,
  cy: number,
  radius: number,
  thickness: number,
  value: number,
  accept = ACCEPT_ALL,
): void {
  const reach = radius + thickness / 2 + 0.5;
  const { width, height, values } = canvas;
  for (let y = Math.max(0, Math.floor(cy - reach)); y <= Math.min(height - 1, Math.ceil(cy + reach)); y++) {
    for (let x = Math.max(0, Math.floor(cx - reach)); x <= Math.min(width - 1, Math.ceil(cx + reach)); x++) {
      const weight = clamp01(thickness / 2 + 0.5 - Math.abs(Math.hypot(x - cx, y - cy) - radius));
      if (weight <= 0) continue;
      const p = y * width + x;
      if (!accept(p)) continue;
      const v = value * weight;
      if (v > (values[p] ?? 0)) values[p] = v;
    }
  }
}

/** A polyline of the given width, stamped as overlapping discs. */
export function stroke(
  canvas: Canvas,
  points: ReadonlyArray<readonly [number, number]>,
  width: number,
  value: number,
  accept = ACCEPT_ALL,
): void {
  const radius = width / 2;
  // Half-pixel steps are plenty: the optics blur every image by more than that.
  const step = Math.max(0.5, radius * 0.7);
  for (let i = 0; i < points.length; i++) {
    const [x0, y0] = points[i] ?? [0, 0];
    const [x1, y1] = points[i + 1] ?? [x0, y0];
    const n = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0) / step));
    for (let s = 0; s < n; s++) disc(canvas, x0 + ((x1 - x0) * s) / n, y0 + ((y1 - y0) * s) / n, radius, value, accept);
  }
}

/**
 * A fibre-like random walk: steps of `stepLength`, turning by `turn`·N(0, 1) radians each
 * step, stopping after `maxSteps` or at the first point `inside` rejects.
 */
export function randomWalk(
  prng: Prng,
  start: readonly [number, number],
  angle: number,
  options: { stepLength: number; turn: number; maxSteps: number; inside: (x: number, y: number) => boolean },
): Array<[number, number]> {
  let [x, y] = start;
  let heading = angle;
  const points: Array<[number, number]> = [[x, y]];
  for (let i = 0; i < options.maxSteps; i++) {
    heading += options.turn * prng.normal();
    x += options.stepLength * Math.cos(heading);
    y += options.stepLength * Math.sin(heading);
    if (!options.inside(x, y)) break;
    points.push([x, y]);
  }
  return points;
}

/**
 * Smooth value noise in [0, 1]: random values on a grid with `spacing` px between knots,
 * interpolated with smoothstep. Cheap, and enough for chromatin and ER textures.
 */
export function valueNoise(prng: Prng, width: number, height: number, spacing: number): Float32Array {
  const gw = Math.ceil(width / spacing) + 2;
  const gh = Math.ceil(height / spacing) + 2;
  const grid = new Float32Array(gw * gh);
  for (let i = 0; i < grid.length; i++) grid[i] = prng.next();
  const out = new Float32Array(width * height);
  const smooth = (t: number): number => t * t * (3 - 2 * t);
  for (let y = 0; y < height; y++) {
    const gy = y / spacing;
    const iy = Math.floor(gy);
    const ty = smooth(gy - iy);
    for (let x = 0; x < width; x++) {
      const gx = x / spacing;
      const ix = Math.floor(gx);
      const tx = smooth(gx - ix);
      const a = grid[iy * gw + ix] ?? 0;
      const b = grid[iy * gw + ix + 1] ?? 0;
      const c = grid[(iy + 1) * gw + ix] ?? 0;
      const d = grid[(iy + 1) * gw + ix + 1] ?? 0;
      out[y * width + x] = (a + (b - a) * tx) * (1 - ty) + (c + (d - c) * tx) * ty;
    }
  }
  return out;
}

/**
 * Ridged noise: bright where smooth noise crosses its median, so the bright pixels form a
 * connected mesh of thin lines — a fair imitation of a reticular network such as the ER.
 */
export function ridgedNoise(prng: Prng, width: number, height: number, spacing: number): Float32Array {
  const noise = valueNoise(prng, width, height, spacing);
  for (let p = 0; p < noise.length; p++) {
    const ridge = 1 - Math.abs(2 * (noise[p] ?? 0) - 1);
    // The fourth power keeps only the crests: thin lines rather than broad bands.
    const squared = ridge * ridge;
    noise[p] = squared * squared;
  }
  return noise;
}
