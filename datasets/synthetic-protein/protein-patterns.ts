// One drawing per HPA localisation class: where a protein with that localisation would
// light up in the green channel. Values are relative (about 0–1); render-channels.ts turns
// them into grey levels.
import type { Prng } from "../prng";
import type { Canvas, PixelFilter } from "./draw";
import { disc, randomWalk, ring, stroke } from "./draw";
import type { Cell, CellField } from "./layout-cells";
import { EDGE_CONTACT, EDGE_NONE, blobDistance, pointOnRay } from "./layout-cells";

export interface PatternContext {
  prng: Prng;
  field: CellField;
  /** The red channel's microtubule network: tubulin-binding proteins follow it exactly. */
  microtubules: Float32Array;
  /** The yellow channel's ER network: ER proteins follow it exactly. */
  er: Float32Array;
  /** Smooth noise in [0, 1], for uneven diffuse stains. */
  texture: Float32Array;
}

type Region = "cell" | "nucleus" | "cytoplasm";

function regionFilter(field: CellField, cellIndex: number, region: Region): PixelFilter {
  const { owner, nucleusDistance } = field;
  const id = cellIndex + 1;
  if (region === "cell") return (p) => owner[p] === id;
  if (region === "nucleus") return (p) => owner[p] === id && (nucleusDistance[p] ?? Infinity) < 1;
  return (p) => owner[p] === id && (nucleusDistance[p] ?? 0) >= 1;
}

/** Sets every pixel of a region (in all cells) to `value(p)`, keeping the larger value. */
function fill(ctx: PatternContext, canvas: Canvas, region: Region, value: (p: number) => number): void {
  const { owner, nucleusDistance } = ctx.field;
  const { values } = canvas;
  for (let p = 0; p < values.length; p++) {
    if (owner[p] === 0) continue;
    const inNucleus = (nucleusDistance[p] ?? Infinity) < 1;
    if ((region === "nucleus" && !inNucleus) || (region === "cytoplasm" && inNucleus)) continue;
    const v = value(p);
    if (v > (values[p] ?? 0)) values[p] = v;
  }
}

/** A faint diffuse background in the cytoplasm: most real stainings have one. */
const faintCytosol = (ctx: PatternContext, canvas: Canvas, level: number): void =>
  fill(ctx, canvas, "cytoplasm", (p) => level * (0.6 + 0.4 * (ctx.texture[p] ?? 0)));

const faintNucleoplasm = (ctx: PatternContext, canvas: Canvas, level: number): void =>
  fill(ctx, canvas, "nucleus", (p) => level * (0.7 + 0.3 * (ctx.texture[p] ?? 0)));

/**
 * A random pixel of the region of cell `cellIndex`; `preference(p)` in [0, 1] thins the
 * draw (e.g. towards the nucleus). Null when the region is too small to hit.
 */
function randomPoint(
  ctx: PatternContext,
  cellIndex: number,
  region: Region,
  preference?: (p: number) => number,
): [number, number] | null {
  const cell = ctx.field.cells[cellIndex];
  if (!cell) return null;
  const accept = regionFilter(ctx.field, cellIndex, region);
  const { prng } = ctx;
  for (let attempt = 0; attempt < 200; attempt++) {
    const x = prng.uniform(cell.x0, cell.x1 + 1);
    const y = prng.uniform(cell.y0, cell.y1 + 1);
    const p = Math.floor(y) * ctx.field.width + Math.floor(x);
    if (!accept(p)) continue;
    if (preference && prng.next() > preference(p)) continue;
    return [x, y];
  }
  return null;
}

/** Distance-from-nucleus preference: 1 at the nuclear envelope, falling off outwards. */
const perinuclear =
  (ctx: PatternContext, falloff: number) =>
  (p: number): number =>
    Math.exp(-((ctx.field.nucleusDistance[p] ?? 1) - 1) * falloff);

function forEachCell(ctx: PatternContext, draw: (cell: Cell, index: number) => void): void {
  ctx.field.cells.forEach(draw);
}

/** Puncta scattered through each cell's region, `perArea` per pixel of that region. */
function puncta(
  ctx: PatternContext,
  canvas: Canvas,
  options: { region: Region; perArea: number; radius: readonly [number, number]; preference?: (p: number) => number },
): void {
  const { prng, field } = ctx;
  forEachCell(ctx, (cell, i) => {
    const area = options.region === "nucleus" ? cell.nucleusArea : cell.cytoplasmArea;
    const count = Math.max(1, Math.round(area * options.perArea * prng.uniform(0.7, 1.3)));
    const accept = regionFilter(field, i, options.region);
    for (let k = 0; k < count; k++) {
      const point = randomPoint(ctx, i, options.region, options.preference);
      if (!point) continue;
      const radius = prng.uniform(options.radius[0], options.radius[1]) * field.unit;
      disc(canvas, point[0], point[1], radius, prng.uniform(0.75, 1), accept);
    }
  });
}

const insideCell = (field: CellField, cellIndex: number) => (x: number, y: number) => {
  const xi = Math.floor(x);
  const yi = Math.floor(y);
  return xi >= 0 && yi >= 0 && xi < field.width && yi < field.height && field.owner[yi * field.width + xi] === cellIndex + 1;
};

type PatternDrawer = (ctx: PatternContext, canvas: Canvas) => void;

const PATTERNS: Record<number, PatternDrawer> = {
  // Nucleoplasm: the whole nucleus except the nucleoli.
  0: (ctx, canvas) => {
    fill(ctx, canvas, "nucleus", (p) => 0.8 + 0.2 * (ctx.texture[p] ?? 0));
    // disc() only raises values, so the nucleoli are cut out separately.
    forEachCell(ctx, (cell) => {
      for (const n of cell.nucleoli) dim(canvas, n.x, n.y, n.radius, 0.25);
    });
  },
  // Nuclear membrane: a thin rim on the nuclear outline.
  1: (ctx, canvas) => {
    const { nucleusDistance } = ctx.field;
    // In normalised units: thinner relative to the nucleus in larger images, but not in
    // proportion, because the blur grows with the image too.
    const width = 0.09 / Math.max(0.6, ctx.field.unit) ** 0.5;
    fill(ctx, canvas, "cell", (p) => {
      const d = (nucleusDistance[p] ?? Infinity) - 0.96;
      return Math.exp(-(d * d) / (2 * width * width));
    });
  },
  // Nucleoli: 2–4 round bodies inside the nucleus (dark in the DAPI channel).
  2: (ctx, canvas) => {
    faintNucleoplasm(ctx, canvas, 0.08);
    forEachCell(ctx, (cell) => {
      for (const n of cell.nucleoli) disc(canvas, n.x, n.y, n.radius, 1);
    });
  },
  // Nucleoli fibrillar center: a few tiny dots within each nucleolus.
  3: (ctx, canvas) => {
    const { prng, field } = ctx;
    forEachCell(ctx, (cell) => {
      for (const n of cell.nucleoli) {
        disc(canvas, n.x, n.y, n.radius, 0.15);
        for (let k = prng.int(1, 3); k > 0; k--) {
          const angle = prng.uniform(0, 2 * Math.PI);
          const r = n.radius * prng.uniform(0, 0.5);
          disc(canvas, n.x + r * Math.cos(angle), n.y + r * Math.sin(angle), 0.5 * field.unit, 1);
        }
      }
    });
  },
  // Nuclear speckles: many irregular blobs in the nucleoplasm, over a weak diffuse stain.
  4: (ctx, canvas) => {
    faintNucleoplasm(ctx, canvas, 0.2);
    puncta(ctx, canvas, { region: "nucleus", perArea: 1 / 18, radius: [0.7, 1.3] });
  },
  // Nuclear bodies: a handful of distinct bright dots in the nucleus.
  5: (ctx, canvas) => {
    const { prng, field } = ctx;
    faintNucleoplasm(ctx, canvas, 0.05);
    forEachCell(ctx, (_cell, i) => {
      const accept = regionFilter(field, i, "nucleus");
      for (let k = prng.int(1, 5); k > 0; k--) {
        const point = randomPoint(ctx, i, "nucleus", (p) => ((field.nucleusDistance[p] ?? 1) < 0.85 ? 1 : 0));
        if (point) disc(canvas, point[0], point[1], prng.uniform(0.7, 1.0) * field.unit, 1, accept);
      }
    });
  },
  // Endoplasmic reticulum: the same network as the ER marker (yellow).
  6: (ctx, canvas) => fill(ctx, canvas, "cell", (p) => ctx.er[p] ?? 0),
  // Golgi apparatus: a compact cluster of blobs beside the nucleus, on the centrosome side.
  7: (ctx, canvas) => {
    const { prng, field } = ctx;
    forEachCell(ctx, (cell, i) => {
      const accept = regionFilter(field, i, "cytoplasm");
      const [gx, gy] = pointOnRay(cell.nucleus, cell.centrosome.angle, 1.35);
      const spread = cell.body.radius * 0.13;
      for (let k = prng.int(6, 12); k > 0; k--) {
        const x = gx + spread * prng.normal();
        const y = gy + spread * prng.normal();
        disc(canvas, x, y, prng.uniform(0.8, 1.6) * field.unit, prng.uniform(0.7, 1), accept);
      }
    });
  },
  // Peroxisomes: many tiny, evenly spread dots.
  8: (ctx, canvas) => puncta(ctx, canvas, { region: "cytoplasm", perArea: 1 / 22, radius: [0.5, 0.7] }),
  // Endosomes: medium dots spread through the cytoplasm.
  9: (ctx, canvas) => puncta(ctx, canvas, { region: "cytoplasm", perArea: 1 / 45, radius: [0.8, 1.2] }),
  // Lysosomes: larger dots gathered around the nucleus.
  10: (ctx, canvas) =>
    puncta(ctx, canvas, { region: "cytoplasm", perArea: 1 / 60, radius: [1.0, 1.6], preference: perinuclear(ctx, 1.5) }),
  // Intermediate filaments: long wavy fibres caging the nucleus.
  11: (ctx, canvas) => {
    const { prng, field } = ctx;
    faintCytosol(ctx, canvas, 0.1);
    forEachCell(ctx, (cell, i) => {
      const accept = regionFilter(field, i, "cytoplasm");
      for (let k = prng.int(8, 14); k > 0; k--) {
        const start = randomPoint(ctx, i, "cytoplasm", perinuclear(ctx, 2.5));
        if (!start) continue;
        // Roughly tangential to the nucleus, so the fibres wrap around it.
        const radial = Math.atan2(start[1] - cell.nucleus.cy, start[0] - cell.nucleus.cx);
        const heading = radial + (prng.next() < 0.5 ? 1 : -1) * prng.uniform(1.1, 1.6);
        const points = randomWalk(prng, start, heading, {
          stepLength: field.unit,
          turn: 0.12,
          maxSteps: Math.round((cell.body.radius * 2.5) / field.unit),
          inside: insideCell(field, i),
        });
        stroke(canvas, points, 0.7 * field.unit, prng.uniform(0.7, 1), accept);
      }
    });
  },
  // Actin filaments: parallel stress fibres across each cell, plus the cortex under the membrane.
  12: (ctx, canvas) => {
    const { prng, field } = ctx;
    fill(ctx, canvas, "cell", (p) => ((field.edge[p] ?? EDGE_NONE) !== EDGE_NONE ? 0.45 : 0));
    forEachCell(ctx, (cell, i) => {
      const accept = regionFilter(field, i, "cell");
      const angle = Math.atan2(cell.body.sin, cell.body.cos) + prng.uniform(-0.3, 0.3);
      const along: [number, number] = [Math.cos(angle), Math.sin(angle)];
      const across: [number, number] = [-along[1], along[0]];
      const reach = cell.body.maxRadius;
      for (let k = prng.int(5, 10); k > 0; k--) {
        const offset = prng.uniform(-0.8, 0.8) * cell.body.radius;
        const ox = cell.body.cx + across[0] * offset;
        const oy = cell.body.cy + across[1] * offset;
        const line: Array<[number, number]> = [
          [ox - along[0] * reach, oy - along[1] * reach],
          [ox + along[0] * reach, oy + along[1] * reach],
        ];
        stroke(canvas, line, 0.7 * field.unit, prng.uniform(0.6, 1), accept);
      }
    });
  },
  // Focal adhesion sites: short radial dashes near the cell's outer edge.
  13: (ctx, canvas) => {
    const { prng, field } = ctx;
    faintCytosol(ctx, canvas, 0.06);
    forEachCell(ctx, (cell, i) => {
      const accept = regionFilter(field, i, "cytoplasm");
      for (let k = prng.int(6, 14); k > 0; k--) {
        const angle = prng.uniform(0, 2 * Math.PI);
        const [x, y] = pointOnRay(cell.body, angle, prng.uniform(0.78, 0.92));
        const length = prng.uniform(2, 3.5) * field.unit;
        const dash: Array<[number, number]> = [
          [x, y],
          [x - length * Math.cos(angle), y - length * Math.sin(angle)],
        ];
        stroke(canvas, dash, 0.9 * field.unit, prng.uniform(0.7, 1), accept);
      }
    });
  },
  // Microtubules: the same network as the tubulin marker (red).
  14: (ctx, canvas) => fill(ctx, canvas, "cell", (p) => ctx.microtubules[p] ?? 0),
  // Centrosome: one or two dots right next to the nucleus.
  19: (ctx, canvas) => {
    const { prng, field } = ctx;
    faintCytosol(ctx, canvas, 0.04);
    forEachCell(ctx, (cell) => {
      const { x, y } = cell.centrosome;
      disc(canvas, x, y, 0.9 * field.unit, 1);
      if (prng.next() < 0.6) {
        const angle = prng.uniform(0, 2 * Math.PI);
        disc(canvas, x + 1.6 * field.unit * Math.cos(angle), y + 1.6 * field.unit * Math.sin(angle), 0.8 * field.unit, 0.9);
      }
    });
  },
  // Lipid droplets: small hollow rings (the protein coats the droplet surface).
  20: (ctx, canvas) => {
    const { prng, field } = ctx;
    forEachCell(ctx, (_cell, i) => {
      const accept = regionFilter(field, i, "cytoplasm");
      for (let k = prng.int(3, 8); k > 0; k--) {
        const point = randomPoint(ctx, i, "cytoplasm");
        if (point) ring(canvas, point[0], point[1], prng.uniform(1.4, 2.3) * field.unit, 0.8 * field.unit, 1, accept);
      }
    });
  },
  // Plasma membrane: the whole cell outline, free and in contacts.
  21: (ctx, canvas) => {
    faintCytosol(ctx, canvas, 0.05);
    fill(ctx, canvas, "cell", (p) => ((ctx.field.edge[p] ?? EDGE_NONE) !== EDGE_NONE ? 1 : 0));
  },
  // Cell junctions: only where two cells touch.
  22: (ctx, canvas) => {
    faintCytosol(ctx, canvas, 0.05);
    fill(ctx, canvas, "cell", (p) => (ctx.field.edge[p] === EDGE_CONTACT ? 1 : 0));
  },
  // Mitochondria: short worm-like strands, denser around the nucleus.
  23: (ctx, canvas) => {
    const { prng, field } = ctx;
    forEachCell(ctx, (cell, i) => {
      const accept = regionFilter(field, i, "cytoplasm");
      const count = Math.max(3, Math.round((cell.cytoplasmArea / 28) * prng.uniform(0.7, 1.2)));
      for (let k = 0; k < count; k++) {
        const start = randomPoint(ctx, i, "cytoplasm", perinuclear(ctx, 0.8));
        if (!start) continue;
        const points = randomWalk(prng, start, prng.uniform(0, 2 * Math.PI), {
          stepLength: field.unit,
          turn: 0.45,
          maxSteps: prng.int(2, 5),
          inside: insideCell(field, i),
        });
        stroke(canvas, points, 0.9 * field.unit, prng.uniform(0.6, 1), accept);
      }
    });
  },
  // Aggresome: one large bright body beside the nucleus.
  24: (ctx, canvas) => {
    const { prng } = ctx;
    faintCytosol(ctx, canvas, 0.1);
    forEachCell(ctx, (cell, i) => {
      const radius = cell.body.radius * prng.uniform(0.18, 0.26);
      const level = 1 + radius / cell.nucleus.radius;
      const [x, y] = pointOnRay(cell.nucleus, cell.centrosome.angle, 1);
      const cx = x + radius * 0.9 * Math.cos(cell.centrosome.angle);
      const cy = y + radius * 0.9 * Math.sin(cell.centrosome.angle);
      if (blobDistance(cell.body, cx, cy) < 1) disc(canvas, cx, cy, radius, Math.min(1, level), regionFilter(ctx.field, i, "cytoplasm"));
    });
  },
  // Cytosol: diffuse, fairly even cytoplasm, fading a little towards the cell edge.
  25: (ctx, canvas) =>
    fill(ctx, canvas, "cytoplasm", (p) => (0.75 + 0.25 * (ctx.texture[p] ?? 0)) * (1 - 0.3 * (ctx.field.cellDistance[p] ?? 0))),
  // Cytoplasmic bodies: one to three distinct, fairly large dots in the cytoplasm.
  26: (ctx, canvas) => {
    const { prng, field } = ctx;
    faintCytosol(ctx, canvas, 0.05);
    forEachCell(ctx, (_cell, i) => {
      const accept = regionFilter(field, i, "cytoplasm");
      for (let k = prng.int(1, 3); k > 0; k--) {
        const point = randomPoint(ctx, i, "cytoplasm");
        if (point) disc(canvas, point[0], point[1], prng.uniform(1.4, 2.2) * field.unit, 1, accept);
      }
    });
  },
  // Rods & rings: a few straight rods and small rings in the cytoplasm.
  27: (ctx, canvas) => {
    const { prng, field } = ctx;
    forEachCell(ctx, (_cell, i) => {
      const accept = regionFilter(field, i, "cytoplasm");
      for (let k = prng.int(1, 3); k > 0; k--) {
        const point = randomPoint(ctx, i, "cytoplasm");
        if (!point) continue;
        if (prng.next() < 0.5) {
          ring(canvas, point[0], point[1], 1.8 * field.unit, 0.8 * field.unit, 1, accept);
        } else {
          const angle = prng.uniform(0, Math.PI);
          const half = prng.uniform(2, 3.5) * field.unit;
          const rod: Array<[number, number]> = [
            [point[0] - half * Math.cos(angle), point[1] - half * Math.sin(angle)],
            [point[0] + half * Math.cos(angle), point[1] + half * Math.sin(angle)],
          ];
          stroke(canvas, rod, 0.9 * field.unit, 1, accept);
        }
      }
    });
  },
};

/** Multiplies a disc of the canvas by `factor` (soft-edged), e.g. to cut nucleoli out of the nucleoplasm. */
function dim(canvas: Canvas, cx: number, cy: number, radius: number, factor: number): void {
  const reach = radius + 0.5;
  const { width, height, values } = canvas;
  for (let y = Math.max(0, Math.floor(cy - reach)); y <= Math.min(height - 1, Math.ceil(cy + reach)); y++) {
    for (let x = Math.max(0, Math.floor(cx - reach)); x <= Math.min(width - 1, Math.ceil(cx + reach)); x++) {
      const inside = Math.min(1, Math.max(0, reach - Math.hypot(x - cx, y - cy)));
      const p = y * width + x;
      values[p] = (values[p] ?? 0) * (1 - inside * (1 - factor));
    }
  }
}

/** Classes this module can draw. */
export const DRAWABLE_CLASSES: readonly number[] = Object.keys(PATTERNS).map(Number);

/** The green-channel pattern of one class over the whole field (0 outside cells). */
export function drawProteinPattern(classId: number, ctx: PatternContext): Float32Array {
  const draw = PATTERNS[classId];
  if (!draw) throw new RangeError(`class ${classId} has no synthetic pattern`);
  const canvas: Canvas = { width: ctx.field.width, height: ctx.field.height, values: new Float32Array(ctx.field.width * ctx.field.height) };
  draw(ctx, canvas);
  return canvas.values;
}
