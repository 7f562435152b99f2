// A field of cultured cells: where the cells and their nuclei are, and which pixel belongs
// to which cell. Every compartment pattern is drawn from these maps, so a pattern never
// leaks outside its cell.
import { harmonicOutline } from "../harmonics";
import type { Prng } from "../prng";

export const CELL_LINE_NAMES = ["A-431", "U-2 OS", "HeLa", "MCF7"] as const;
type CellLineName = (typeof CELL_LINE_NAMES)[number];

interface CellLineShape {
  /** Cell size relative to the size that fills half of the field. */
  radiusScale: number;
  /** Ratio of the long to the short cell axis. */
  elongation: readonly [number, number];
  /** Nucleus radius relative to the cell radius. */
  nucleusRatio: readonly [number, number];
  /** Amplitude of the boundary harmonics (ruffled, irregular outlines). */
  roughness: number;
  /** Probability that a cell grows against an existing one (colonies) instead of anywhere. */
  clustering: number;
}

// Rough caricatures of the real lines: U-2 OS are large, flat and spread out; A-431 and
// MCF7 are compact epithelial cells that grow in tight islands; HeLa sit in between.
const CELL_LINES: Record<CellLineName, CellLineShape> = {
  "A-431": { radiusScale: 0.9, elongation: [1.0, 1.3], nucleusRatio: [0.42, 0.52], roughness: 0.07, clustering: 0.9 },
  "U-2 OS": { radiusScale: 1.12, elongation: [1.25, 1.8], nucleusRatio: [0.32, 0.4], roughness: 0.13, clustering: 0.5 },
  HeLa: { radiusScale: 1.0, elongation: [1.05, 1.45], nucleusRatio: [0.37, 0.46], roughness: 0.1, clustering: 0.7 },
  MCF7: { radiusScale: 0.85, elongation: [1.0, 1.2], nucleusRatio: [0.45, 0.55], roughness: 0.05, clustering: 0.95 },
};

interface Harmonic {
  k: number;
  amplitude: number;
  phase: number;
  /** amplitude · cos(phase) and amplitude · sin(phase), precomputed for blobDistance. */
  cosAmp: number;
  sinAmp: number;
}

/** A rotated, stretched ellipse whose radius wobbles with a few angular harmonics. */
export interface Blob {
  cx: number;
  cy: number;
  /** Mean radius (geometric mean of the semi-axes), px. */
  radius: number;
  /** Long / short axis. */
  elongation: number;
  cos: number;
  sin: number;
  harmonics: Harmonic[];
  /** No boundary point is farther than this from the centre. */
  maxRadius: number;
}

export interface Cell {
  body: Blob;
  nucleus: Blob;
  /** Centrosome next to the nucleus; the Golgi and aggresome sit on the same side. */
  centrosome: { x: number; y: number; angle: number };
  nucleoli: Array<{ x: number; y: number; radius: number }>;
  /** Bounding box of the owned pixels (inclusive). */
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  nucleusArea: number;
  cytoplasmArea: number;
}

export const EDGE_NONE = 0;
/** Cell pixel next to background: plasma membrane facing the medium. */
const EDGE_FREE = 1;
/** Cell pixel next to another cell: plasma membrane in a cell–cell contact. */
export const EDGE_CONTACT = 2;

export interface CellField {
  width: number;
  height: number;
  /** Length unit for small structures (puncta, fibres): 1 px in a 128 px field, 4 px at 512. */
  unit: number;
  cells: Cell[];
  /** Per pixel: 0 = background, i + 1 = cell i. */
  owner: Uint8Array;
  /** Per pixel: normalised distance to the owner's nucleus centre (< 1 inside the nucleus). */
  nucleusDistance: Float32Array;
  /** Per pixel: normalised distance to the owner's centre (< 1 inside; 1 at the outline). */
  cellDistance: Float32Array;
  /** Per pixel: EDGE_NONE, EDGE_FREE or EDGE_CONTACT. */
  edge: Uint8Array;
}

function makeBlob(prng: Prng, cx: number, cy: number, radius: number, elongation: number, roughness: number): Blob {
  const angle = prng.uniform(0, Math.PI);
  const harmonics = [2, 3, 4, 5].map((k) => {
    const amplitude = (roughness * prng.uniform(0.3, 1)) / (k - 1);
    const phase = prng.uniform(0, 2 * Math.PI);
    return { k, amplitude, phase, cosAmp: amplitude * Math.cos(phase), sinAmp: amplitude * Math.sin(phase) };
  });
  const wobble = harmonics.reduce((sum, h) => sum + h.amplitude, 0);
  return {
    cx,
    cy,
    radius,
    elongation,
    cos: Math.cos(angle),
    sin: Math.sin(angle),
    harmonics,
    maxRadius: radius * Math.sqrt(elongation) * (1 + wobble),
  };
}

/** Normalised distance from the blob's centre: < 1 inside, 1 on the outline. */
export function blobDistance(blob: Blob, x: number, y: number): number {
  const dx = x - blob.cx;
  const dy = y - blob.cy;
  const stretch = Math.sqrt(blob.elongation);
  const u = (dx * blob.cos + dy * blob.sin) / stretch;
  const v = (-dx * blob.sin + dy * blob.cos) * stretch;
  const length = Math.sqrt(u * u + v * v);
  if (length === 0) return 0;
  // Outline 1 + Σ a·cos(kθ + φ) = 1 + Σ (a cos φ)·cos kθ − (a sin φ)·sin kθ.
  const outline = harmonicOutline(blob.harmonics, u / length, v / length);
  return length / blob.radius / outline;
}

/** The point at normalised distance `level` from the centre along `angle` (found by stepping). */
export function pointOnRay(blob: Blob, angle: number, level: number): [number, number] {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  let t = 0;
  while (t < blob.maxRadius * 2 && blobDistance(blob, blob.cx + c * t, blob.cy + s * t) < level) t += 0.25;
  return [blob.cx + c * t, blob.cy + s * t];
}

/** A point inside the blob at normalised distance below `within`, uniformly by area. */
function pointInside(prng: Prng, blob: Blob, within: number): [number, number] {
  for (let attempt = 0; attempt < 50; attempt++) {
    const x = blob.cx + prng.uniform(-1, 1) * blob.maxRadius;
    const y = blob.cy + prng.uniform(-1, 1) * blob.maxRadius;
    if (blobDistance(blob, x, y) < within) return [x, y];
  }
  return [blob.cx, blob.cy];
}

interface Candidate {
  body: Blob;
  nucleus: Blob;
}

function fits(candidate: Candidate, placed: readonly Candidate[], unit: number): boolean {
  return placed.every(({ body, nucleus }) => {
    const centres = Math.hypot(candidate.body.cx - body.cx, candidate.body.cy - body.cy);
    const nuclei = Math.hypot(candidate.nucleus.cx - nucleus.cx, candidate.nucleus.cy - nucleus.cy);
    return (
      centres >= 0.72 * (candidate.body.radius + body.radius) &&
      nuclei >= candidate.nucleus.maxRadius + nucleus.maxRadius + 3 * unit
    );
  });
}

export interface LayoutOptions {
  width: number;
  height: number;
  cellCount: number;
  cellLine: CellLineName;
}

/**
 * Grows a field of up to `cellCount` cells. The second cell always grows against the first,
 * so every field with two or more cells has at least one cell–cell contact (cell junctions
 * need one to be visible).
 */
export function layoutCells(prng: Prng, options: LayoutOptions): CellField {
  const { width, height, cellCount } = options;
  const line = CELL_LINES[options.cellLine];
  const size = Math.sqrt(width * height);
  // Cells of this radius would cover about half the field without overlaps.
  const baseRadius = Math.sqrt((0.5 * width * height) / (Math.PI * cellCount)) * line.radiusScale;
  const unit = Math.max(0.6, size / 128);

  const placed: Candidate[] = [];
  for (let k = 0; k < cellCount; k++) {
    const radius = baseRadius * prng.uniform(0.85, 1.15);
    const elongation = prng.uniform(line.elongation[0], line.elongation[1]);
    const nucleusRatio = prng.uniform(line.nucleusRatio[0], line.nucleusRatio[1]);
    const grow = k === 1 || (k > 1 && prng.next() < line.clustering);
    for (let attempt = 0; attempt < 40; attempt++) {
      let cx: number;
      let cy: number;
      const neighbour = placed.length > 0 && grow && attempt < 30 ? prng.pick(placed) : undefined;
      if (neighbour) {
        const angle = prng.uniform(0, 2 * Math.PI);
        const distance = (radius + neighbour.body.radius) * prng.uniform(0.76, 0.92);
        cx = neighbour.body.cx + distance * Math.cos(angle);
        cy = neighbour.body.cy + distance * Math.sin(angle);
      } else {
        cx = prng.uniform(0.1, 0.9) * width;
        cy = prng.uniform(0.1, 0.9) * height;
      }
      if (cx < 0.06 * width || cx > 0.94 * width || cy < 0.06 * height || cy > 0.94 * height) continue;
      const body = makeBlob(prng, cx, cy, radius, elongation, line.roughness);
      // The nucleus sits off-centre, leaving more cytoplasm on one side (as in spread cells).
      const offsetAngle = prng.uniform(0, 2 * Math.PI);
      const offset = radius * prng.uniform(0, 0.18);
      // Nuclei follow the cell's long axis, so they stay inside elongated cells.
      const nucleus = {
        ...makeBlob(
          prng,
          cx + offset * Math.cos(offsetAngle),
          cy + offset * Math.sin(offsetAngle),
          radius * nucleusRatio,
          prng.uniform(1.0, 1.35),
          0.04,
        ),
        cos: body.cos,
        sin: body.sin,
      };
      const candidate = { body, nucleus };
      if (fits(candidate, placed, unit)) {
        placed.push(candidate);
        break;
      }
    }
  }
  return rasterise(prng, placed, width, height, unit);
}

function rasterise(prng: Prng, placed: readonly Candidate[], width: number, height: number, unit: number): CellField {
  const n = width * height;
  const owner = new Uint8Array(n);
  const nucleusDistance = new Float32Array(n).fill(Infinity);
  const cellDistance = new Float32Array(n).fill(Infinity);
  // Nucleus pixels outrank cytoplasm pixels (score − 10): a neighbour's cytoplasm never
  // covers a nucleus. Elsewhere the nearer cell (in normalised distance) wins, which
  // gives overlapping cells a straight shared boundary, like a Voronoi diagram.
  const score = new Float32Array(n).fill(Infinity);
  placed.forEach(({ body, nucleus }, i) => {
    const reach = body.maxRadius + 1;
    for (let y = Math.max(0, Math.floor(body.cy - reach)); y <= Math.min(height - 1, Math.ceil(body.cy + reach)); y++) {
      for (let x = Math.max(0, Math.floor(body.cx - reach)); x <= Math.min(width - 1, Math.ceil(body.cx + reach)); x++) {
        const dn = blobDistance(nucleus, x, y);
        const dc = blobDistance(body, x, y);
        if (dc >= 1 && dn >= 1) continue;
        const s = dn < 1 ? dn - 10 : dc;
        const p = y * width + x;
        if (s < (score[p] ?? Infinity)) {
          score[p] = s;
          owner[p] = i + 1;
          nucleusDistance[p] = dn;
          cellDistance[p] = Math.min(dc, 0.999);
        }
      }
    }
  });

  const cells: Cell[] = placed.map(({ body, nucleus }) => {
    const angle = prng.uniform(0, 2 * Math.PI);
    const [x, y] = pointOnRay(nucleus, angle, 1.15);
    const nucleoli = Array.from({ length: prng.int(2, 4) }, () => {
      const [nx, ny] = pointInside(prng, nucleus, 0.55);
      return { x: nx, y: ny, radius: nucleus.radius * prng.uniform(0.13, 0.2) };
    });
    return {
      body,
      nucleus,
      centrosome: { x, y, angle },
      nucleoli,
      x0: width,
      x1: -1,
      y0: height,
      y1: -1,
      nucleusArea: 0,
      cytoplasmArea: 0,
    };
  });

  const edge = new Uint8Array(n);
  const thickness = Math.max(1, Math.round(unit));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      const o = owner[p] ?? 0;
      const cell = cells[o - 1];
      if (!cell) continue;
      if (x < cell.x0) cell.x0 = x;
      if (x > cell.x1) cell.x1 = x;
      if (y < cell.y0) cell.y0 = y;
      if (y > cell.y1) cell.y1 = y;
      if ((nucleusDistance[p] ?? Infinity) < 1) cell.nucleusArea++;
      else cell.cytoplasmArea++;
      // Membrane: any different owner within `thickness` px. Beyond the image border the
      // cell goes on, so the border itself is not a membrane.
      let kind = EDGE_NONE;
      for (let dy = -thickness; dy <= thickness && kind !== EDGE_CONTACT; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= height) continue;
        for (let dx = -thickness; dx <= thickness; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= width) continue;
          const other = owner[yy * width + xx] ?? 0;
          if (other === o) continue;
          kind = other === 0 ? Math.max(kind, EDGE_FREE) : EDGE_CONTACT;
          if (kind === EDGE_CONTACT) break;
        }
      }
      edge[p] = kind;
    }
  }
  return { width, height, unit, cells, owner, nucleusDistance, cellDistance, edge };
}
