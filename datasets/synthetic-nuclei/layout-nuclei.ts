// Places blob-shaped nuclei on an instance label map. Pixels are claimed first come, first
// served, so labels never overlap and touching nuclei share a boundary instead of a region.
import type { Prng } from "../prng";

export interface Nucleus {
  label: number;
  cx: number;
  cy: number;
  /** Semi-axes in pixels, before boundary noise. */
  rMajor: number;
  rMinor: number;
  cos: number;
  sin: number;
  /** Radial boundary noise: radius × (1 + Σ amp·cos(k·φ + phase)). */
  harmonics: ReadonlyArray<{ k: number; amp: number; phase: number }>;
  /** Inclusive bounding box of the claimed pixels. */
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  area: number;
}

export interface LayoutOptions {
  width: number;
  height: number;
  targetCount: number;
  radiusRange: readonly [number, number];
  /**
   * Probability that a nucleus is placed against an existing one; the others keep a small
   * gap to every neighbour.
   */
  touchingProbability: number;
}

export interface Layout {
  labels: Uint16Array;
  nuclei: Nucleus[];
}

/** Smaller fragments (mostly nuclei clipped by the image border) are not worth a label. */
const MIN_AREA = 15;
/** A candidate that would lose more than this share of its pixels to neighbours is re-drawn. */
const MAX_OVERLAP = 0.25;
const ATTEMPTS_PER_NUCLEUS = 30;

type Shape = Pick<Nucleus, "cx" | "cy" | "rMajor" | "rMinor" | "cos" | "sin" | "harmonics">;

/** Distance from the centre relative to the (noisy) boundary: ≤ 1 inside the nucleus. */
export function normalisedRadius(shape: Shape, x: number, y: number): number {
  const dx = x - shape.cx;
  const dy = y - shape.cy;
  const u = (dx * shape.cos + dy * shape.sin) / shape.rMajor;
  const v = (-dx * shape.sin + dy * shape.cos) / shape.rMinor;
  const phi = Math.atan2(v, u);
  let boundary = 1;
  for (const h of shape.harmonics) boundary += h.amp * Math.cos(h.k * phi + h.phase);
  return Math.sqrt(u * u + v * v) / boundary;
}

/**
 * Nuclei not meant to touch keep this many pixels of background to their neighbours; with
 * less, the blur joins them and touching nuclei would be far more common than requested.
 */
const GAP = 3;

function drawShape(
  prng: Prng,
  options: LayoutOptions,
  placed: readonly Nucleus[],
): { shape: Shape; touching: boolean } {
  const [rMin, rMax] = options.radiusRange;
  const rMajor = prng.uniform(rMin, rMax);
  const rMinor = Math.max(rMin * 0.85, rMajor * prng.uniform(0.6, 1));
  const angle = prng.uniform(0, Math.PI);
  const harmonics = [2, 3, 4, 5].map((k) => ({ k, amp: prng.uniform(0, 0.07), phase: prng.uniform(0, 2 * Math.PI) }));
  let cx: number;
  let cy: number;
  const touching = placed.length > 0 && prng.next() < options.touchingProbability;
  if (touching) {
    const neighbour = prng.pick(placed);
    const direction = prng.uniform(0, 2 * Math.PI);
    // Slightly less than the sum of mean radii, so the two usually meet along a short edge.
    const distance = ((neighbour.rMajor + neighbour.rMinor + rMajor + rMinor) / 2) * prng.uniform(0.8, 1);
    cx = neighbour.cx + distance * Math.cos(direction);
    cy = neighbour.cy + distance * Math.sin(direction);
  } else {
    cx = prng.uniform(0, options.width);
    cy = prng.uniform(0, options.height);
  }
  return { shape: { cx, cy, rMajor, rMinor, cos: Math.cos(angle), sin: Math.sin(angle), harmonics }, touching };
}

/** Keeps only the largest 4-connected component of `label` inside the box; returns its size. */
function keepLargestComponent(
  labels: Uint16Array,
  width: number,
  pixels: readonly number[],
  label: number,
): number {
  const component = new Map<number, number>();
  const sizes: number[] = [];
  const stack: number[] = [];
  for (const start of pixels) {
    if (labels[start] !== label || component.has(start)) continue;
    const id = sizes.length;
    let size = 0;
    component.set(start, id);
    stack.push(start);
    for (let p = stack.pop(); p !== undefined; p = stack.pop()) {
      size++;
      const x = p % width;
      const neighbours = [p - width, p + width, x > 0 ? p - 1 : -1, x < width - 1 ? p + 1 : -1];
      for (const q of neighbours) {
        if (q >= 0 && q < labels.length && labels[q] === label && !component.has(q)) {
          component.set(q, id);
          stack.push(q);
        }
      }
    }
    sizes.push(size);
  }
  let largest = 0;
  sizes.forEach((size, id) => {
    if (size > (sizes[largest] ?? 0)) largest = id;
  });
  for (const [p, id] of component) if (id !== largest) labels[p] = 0;
  return sizes[largest] ?? 0;
}

export function layoutNuclei(prng: Prng, options: LayoutOptions): Layout {
  const { width, height } = options;
  const labels = new Uint16Array(width * height);
  const nuclei: Nucleus[] = [];
  const maxAttempts = options.targetCount * ATTEMPTS_PER_NUCLEUS;
  for (let attempt = 0; attempt < maxAttempts && nuclei.length < options.targetCount; attempt++) {
    const { shape, touching } = drawShape(prng, options, nuclei);
    // In normalised-radius units, so the gap is only approximately GAP pixels on elongated shapes.
    const halo = touching ? 1 : 1 + GAP / shape.rMinor;
    const reach = shape.rMajor * halo * (1 + shape.harmonics.reduce((sum, h) => sum + h.amp, 0)) + 1;
    const bx0 = Math.max(0, Math.floor(shape.cx - reach));
    const bx1 = Math.min(width - 1, Math.ceil(shape.cx + reach));
    const by0 = Math.max(0, Math.floor(shape.cy - reach));
    const by1 = Math.min(height - 1, Math.ceil(shape.cy + reach));
    const inside: number[] = [];
    let taken = 0;
    let crowded = false;
    for (let y = by0; y <= by1; y++) {
      for (let x = bx0; x <= bx1; x++) {
        const r = normalisedRadius(shape, x, y);
        const p = y * width + x;
        if (r <= 1) {
          inside.push(p);
          if (labels[p] !== 0) taken++;
        } else if (r <= halo && labels[p] !== 0) {
          crowded = true;
        }
      }
    }
    if (crowded || (!touching && taken > 0)) continue;
    if (inside.length - taken < MIN_AREA || taken > inside.length * MAX_OVERLAP) continue;

    const label = nuclei.length + 1;
    const claimed = inside.filter((p) => labels[p] === 0);
    for (const p of claimed) labels[p] = label;
    // A neighbour can cut the new nucleus in two; a label must stay one connected blob.
    const area = keepLargestComponent(labels, width, claimed, label);
    if (area < MIN_AREA) {
      for (const p of claimed) if (labels[p] === label) labels[p] = 0;
      continue;
    }
    let x0 = width;
    let x1 = -1;
    let y0 = height;
    let y1 = -1;
    for (const p of claimed) {
      if (labels[p] !== label) continue;
      const x = p % width;
      const y = (p - x) / width;
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
    }
    nuclei.push({ ...shape, label, x0, x1, y0, y1, area });
  }
  return { labels, nuclei };
}
