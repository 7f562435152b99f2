// Places blob-shaped nuclei on an instance label map. Pixels are claimed first come, first
// served, so labels never overlap: where two nuclei overlap (in clusters), the overlap goes
// to the one placed first and the boundary between them is where the later one starts.
import { harmonicOutline, type Harmonic } from "../harmonics";
import type { Prng } from "../prng";

/** Radial boundary terms amp·cos(k·φ + phase), stored as amp·cos(phase) and amp·sin(phase). */

export interface Shape {
  cx: number;
  cy: number;
  /** Semi-axes in pixels, before boundary noise. */
  rMajor: number;
  rMinor: number;
  cos: number;
  sin: number;
  /** Boundary radius = 1 + Σ harmonics, in units of the ellipse; sorted by k. */
  harmonics: readonly Harmonic[];
}

/** "dividing" nuclei come in touching pairs of small daughters; renderers draw them condensed. */
type NucleusKind = "interphase" | "elongated" | "dividing";

export interface Nucleus extends Shape {
  label: number;
  kind: NucleusKind;
  /** Inclusive bounding box of the claimed pixels. */
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  area: number;
}

export type Placement =
  /** Uniformly scattered; a share of nuclei is placed against an earlier one. */
  | { kind: "scattered"; count: number; touchingProbability: number; gap: number }
  /** SIMCEP-like clusters of packed, overlapping nuclei, then scattered loners. */
  | { kind: "clustered"; clusterSizes: readonly number[]; loners: number; gap: number };

export interface LayoutOptions {
  width: number;
  height: number;
  radiusRange: readonly [number, number];
  elongatedShare: number;
  dividingShare: number;
  /** Hard cap on the number of labels. */
  maxCount: number;
  placement: Placement;
}

export interface Layout {
  labels: Uint16Array;
  nuclei: Nucleus[];
}

/** Smaller fragments (mostly nuclei clipped by the image border) are not worth a label. */
const MIN_AREA = 15;
/** A candidate that would lose more than this share of its pixels to neighbours is re-drawn. */
const MAX_OVERLAP = 0.25;
/** Clusters pack harder: their nuclei look like they overlap. */
const MAX_CLUSTER_OVERLAP = 0.35;
const ATTEMPTS_PER_NUCLEUS = 30;

/** Distance from the centre relative to the (noisy) boundary: ≤ 1 inside the nucleus. */
export function normalisedRadius(shape: Shape, x: number, y: number): number {
  const dx = x - shape.cx;
  const dy = y - shape.cy;
  const u = (dx * shape.cos + dy * shape.sin) / shape.rMajor;
  const v = (-dx * shape.sin + dy * shape.cos) / shape.rMinor;
  const rho = Math.sqrt(u * u + v * v);
  if (rho === 0) return 0;
  const boundary = harmonicOutline(shape.harmonics, u / rho, v / rho);
  return rho / boundary;
}

const harmonicsTotal = (shape: Shape): number =>
  shape.harmonics.reduce((sum, h) => sum + Math.hypot(h.cosAmp, h.sinAmp), 0);

/** Farthest a boundary point can be from the centre, in pixels. */
export function shapeReach(shape: Shape): number {
  return shape.rMajor * (1 + harmonicsTotal(shape));
}

/** Nearest a boundary point can be to the centre, in pixels. */
function shapeInner(shape: Shape): number {
  return shape.rMinor * Math.max(0, 1 - harmonicsTotal(shape));
}

interface Body {
  kind: NucleusKind;
  rMajor: number;
  rMinor: number;
  angle: number;
  harmonics: Harmonic[];
}

function harmonic(k: number, amp: number, phase: number): Harmonic {
  return { k, cosAmp: amp * Math.cos(phase), sinAmp: amp * Math.sin(phase) };
}

/** Irregular boundaries: harmonics 2–5 with up to 7 % amplitude each. */
function roughness(prng: Prng): Harmonic[] {
  return [2, 3, 4, 5].map((k) => harmonic(k, prng.uniform(0, 0.07), prng.uniform(0, 2 * Math.PI)));
}

function drawBody(prng: Prng, options: LayoutOptions, kind?: NucleusKind): Body {
  const [rMin, rMax] = options.radiusRange;
  const roll = prng.next();
  const chosen: NucleusKind =
    kind ?? (roll < options.dividingShare ? "dividing" : roll < options.dividingShare + options.elongatedShare ? "elongated" : "interphase");
  const angle = prng.uniform(0, Math.PI);
  const harmonics = roughness(prng);
  if (chosen === "dividing") {
    // Daughter nuclei are small and compact.
    const rMajor = Math.max(rMin * 0.7, prng.uniform(rMin, rMax) * 0.7);
    return { kind: chosen, rMajor, rMinor: rMajor * prng.uniform(0.7, 0.9), angle, harmonics };
  }
  if (chosen === "elongated") {
    const rMajor = prng.uniform((rMin + rMax) / 2, rMax * 1.3);
    const rMinor = Math.max(rMin * 0.7, rMajor * prng.uniform(0.35, 0.55));
    // Half of them get a waist (a strong cos 2φ term): peanut- or kidney-shaped.
    const [first, ...rest] = harmonics;
    const waisted = prng.next() < 0.5 && first ? [harmonic(2, prng.uniform(0.12, 0.22), 0), ...rest] : harmonics;
    return { kind: chosen, rMajor, rMinor, angle, harmonics: waisted };
  }
  const rMajor = prng.uniform(rMin, rMax);
  return { kind: chosen, rMajor, rMinor: Math.max(rMin * 0.85, rMajor * prng.uniform(0.65, 1)), angle, harmonics };
}

function toShape(body: Body, cx: number, cy: number): Shape {
  return {
    cx,
    cy,
    rMajor: body.rMajor,
    rMinor: body.rMinor,
    cos: Math.cos(body.angle),
    sin: Math.sin(body.angle),
    harmonics: body.harmonics,
  };
}

/**
 * Keeps only the largest 4-connected component of `label` among `pixels`; returns its size.
 * `scratch` is all -1 on entry and on return (only `pixels` are touched).
 */
function keepLargestComponent(
  labels: Uint16Array,
  width: number,
  pixels: readonly number[],
  label: number,
  scratch: Int32Array,
): number {
  const sizes: number[] = [];
  const stack: number[] = [];
  for (const start of pixels) {
    if (labels[start] !== label || scratch[start] !== -1) continue;
    const id = sizes.length;
    let size = 0;
    scratch[start] = id;
    stack.push(start);
    for (let p = stack.pop(); p !== undefined; p = stack.pop()) {
      size++;
      const x = p % width;
      const neighbours = [p - width, p + width, x > 0 ? p - 1 : -1, x < width - 1 ? p + 1 : -1];
      for (const q of neighbours) {
        if (q >= 0 && q < labels.length && labels[q] === label && scratch[q] === -1) {
          scratch[q] = id;
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
  for (const p of pixels) {
    if (scratch[p] !== -1 && scratch[p] !== largest) labels[p] = 0;
    scratch[p] = -1;
  }
  return sizes[largest] ?? 0;
}

interface Fit {
  /** Placed against a neighbour: may share a boundary and lose up to `maxOverlap` of its area. */
  touching: boolean;
  /** Background (px) a non-touching nucleus keeps to every neighbour. */
  gap: number;
  maxOverlap: number;
}

class LabelCanvas {
  readonly labels: Uint16Array;
  readonly nuclei: Nucleus[] = [];
  /** Component ids while a new label is checked for connectivity; -1 elsewhere. */
  private readonly scratch: Int32Array;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.labels = new Uint16Array(width * height);
    this.scratch = new Int32Array(width * height).fill(-1);
  }

  /** Cheap test on centre distances that rejects candidates the pixel test would reject anyway. */
  private clearlyBlocked(shape: Shape, fit: Fit): boolean {
    const inner = shapeInner(shape);
    for (const other of this.nuclei) {
      const d2 = (other.cx - shape.cx) ** 2 + (other.cy - shape.cy) ** 2;
      const limit = fit.touching ? 0.5 * (inner + shapeInner(other)) : inner + shapeInner(other);
      if (d2 < limit * limit) return true;
    }
    return false;
  }

  /** Claims the free pixels of `shape` for a new label; null when it does not fit. */
  place(shape: Shape, kind: NucleusKind, fit: Fit): Nucleus | null {
    const { width, height, labels } = this;
    if (this.clearlyBlocked(shape, fit)) return null;
    // In normalised-radius units, so the gap is only approximately `gap` pixels on elongated shapes.
    const halo = fit.touching ? 1 : 1 + fit.gap / shape.rMinor;
    const reach = shapeReach(shape) * halo + 1;
    const bx0 = Math.max(0, Math.floor(shape.cx - reach));
    const bx1 = Math.min(width - 1, Math.ceil(shape.cx + reach));
    const by0 = Math.max(0, Math.floor(shape.cy - reach));
    const by1 = Math.min(height - 1, Math.ceil(shape.cy + reach));
    const inside: number[] = [];
    let taken = 0;
    for (let y = by0; y <= by1; y++) {
      for (let x = bx0; x <= bx1; x++) {
        const r = normalisedRadius(shape, x, y);
        const p = y * width + x;
        if (r <= 1) {
          inside.push(p);
          if (labels[p] !== 0) {
            if (!fit.touching) return null;
            taken++;
          }
        } else if (r <= halo && labels[p] !== 0) {
          return null;
        }
      }
    }
    if (inside.length - taken < MIN_AREA || taken > inside.length * fit.maxOverlap) return null;

    const label = this.nuclei.length + 1;
    const claimed = inside.filter((p) => labels[p] === 0);
    for (const p of claimed) labels[p] = label;
    // A neighbour can cut the new nucleus in two; a label must stay one connected blob.
    const area = keepLargestComponent(labels, width, claimed, label, this.scratch);
    if (area < MIN_AREA) {
      for (const p of claimed) if (labels[p] === label) labels[p] = 0;
      return null;
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
    const nucleus: Nucleus = { ...shape, label, kind, x0, x1, y0, y1, area };
    this.nuclei.push(nucleus);
    return nucleus;
  }
}

const meanRadius = (shape: Pick<Shape, "rMajor" | "rMinor">): number => (shape.rMajor + shape.rMinor) / 2;

/** A position at `factor` × the sum of mean radii from `neighbour`, in a random direction. */
function besides(prng: Prng, neighbour: Shape, body: Body, factor: number): [number, number] {
  const direction = prng.uniform(0, 2 * Math.PI);
  const distance = (meanRadius(neighbour) + meanRadius(body)) * factor;
  return [neighbour.cx + distance * Math.cos(direction), neighbour.cy + distance * Math.sin(direction)];
}

/** Places the second daughter of a dividing pair at the far end of the first one's long axis. */
function placeSister(prng: Prng, canvas: LabelCanvas, first: Nucleus, options: LayoutOptions): void {
  if (canvas.nuclei.length >= options.maxCount) return;
  const side = prng.next() < 0.5 ? 1 : -1;
  const rMajor = first.rMajor * prng.uniform(0.9, 1.1);
  const distance = (first.rMajor + rMajor) * prng.uniform(0.88, 0.98) * side;
  const shape: Shape = {
    cos: first.cos,
    sin: first.sin,
    cx: first.cx + distance * first.cos,
    cy: first.cy + distance * first.sin,
    rMajor,
    rMinor: first.rMinor * prng.uniform(0.9, 1.1),
    harmonics: roughness(prng),
  };
  canvas.place(shape, "dividing", { touching: true, gap: 0, maxOverlap: MAX_OVERLAP });
}

function scatter(
  prng: Prng,
  canvas: LabelCanvas,
  options: LayoutOptions,
  count: number,
  touchingProbability: number,
  gap: number,
): void {
  const target = Math.min(options.maxCount, canvas.nuclei.length + count);
  const maxAttempts = count * ATTEMPTS_PER_NUCLEUS;
  for (let attempt = 0; attempt < maxAttempts && canvas.nuclei.length < target; attempt++) {
    const body = drawBody(prng, options);
    const touching = canvas.nuclei.length > 0 && prng.next() < touchingProbability;
    // Slightly less than the sum of mean radii, so the two usually meet along a short edge.
    const [cx, cy] = touching
      ? besides(prng, prng.pick(canvas.nuclei), body, prng.uniform(0.8, 1))
      : [prng.uniform(0, options.width), prng.uniform(0, options.height)];
    const placed = canvas.place(toShape(body, cx, cy), body.kind, { touching, gap, maxOverlap: MAX_OVERLAP });
    if (placed?.kind === "dividing") placeSister(prng, canvas, placed, options);
  }
}

/**
 * One SIMCEP-style cluster: a seed nucleus in free space, then members packed against
 * random earlier members, close enough that their outlines overlap.
 */
function cluster(prng: Prng, canvas: LabelCanvas, options: LayoutOptions, size: number, gap: number): void {
  const { width, height } = options;
  let seed: Nucleus | null = null;
  for (let attempt = 0; attempt < ATTEMPTS_PER_NUCLEUS && !seed && canvas.nuclei.length < options.maxCount; attempt++) {
    const body = drawBody(prng, options, "interphase");
    const shape = toShape(body, prng.uniform(width * 0.1, width * 0.9), prng.uniform(height * 0.1, height * 0.9));
    seed = canvas.place(shape, body.kind, { touching: false, gap, maxOverlap: 0 });
  }
  if (!seed) return;
  const members: Nucleus[] = [seed];
  const maxAttempts = size * ATTEMPTS_PER_NUCLEUS;
  for (let attempt = 0; attempt < maxAttempts && members.length < size && canvas.nuclei.length < options.maxCount; attempt++) {
    const body = drawBody(prng, options);
    const [cx, cy] = besides(prng, prng.pick(members), body, prng.uniform(0.7, 0.95));
    const placed = canvas.place(toShape(body, cx, cy), body.kind, {
      touching: true,
      gap: 0,
      maxOverlap: MAX_CLUSTER_OVERLAP,
    });
    if (placed) members.push(placed);
  }
}

export function layoutNuclei(prng: Prng, options: LayoutOptions): Layout {
  const canvas = new LabelCanvas(options.width, options.height);
  const { placement } = options;
  if (placement.kind === "scattered") {
    scatter(prng, canvas, options, placement.count, placement.touchingProbability, placement.gap);
  } else {
    for (const size of placement.clusterSizes) cluster(prng, canvas, options, size, placement.gap);
    scatter(prng, canvas, options, placement.loners, 0.1, placement.gap);
  }
  return { labels: canvas.labels, nuclei: canvas.nuclei };
}
