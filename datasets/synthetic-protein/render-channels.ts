// Turns a cell field and its protein labels into the four HPA channels. The three reference
// stains are drawn first and never look at the labels, so only green carries the answer.
import type { Prng } from "../prng";
import { createPrng, hashHex, seedFromHex } from "../prng";
import { gaussianBlur } from "../synthetic-nuclei/image-filters";
import type { HpaChannel } from "../types";
import type { Canvas } from "./draw";
import { randomWalk, ridgedNoise, stroke, valueNoise } from "./draw";
import type { CellField } from "./layout-cells";
import { drawProteinPattern } from "./protein-patterns";

/** Blue (DAPI-like): nuclei with chromatin texture; nucleoli stain poorly and look darker. */
function nucleusStain(prng: Prng, field: CellField): Float32Array {
  const { width, height, owner, nucleusDistance, unit } = field;
  const chromatin = valueNoise(prng, width, height, 1.6 * unit);
  const levels = field.cells.map(() => prng.uniform(0.7, 1.1));
  const out = new Float32Array(width * height);
  for (let p = 0; p < out.length; p++) {
    const dn = nucleusDistance[p] ?? Infinity;
    if (owner[p] === 0 || dn >= 1) continue;
    const level = levels[(owner[p] ?? 1) - 1] ?? 1;
    out[p] = level * (0.8 + 0.2 * (1 - dn * dn)) * (0.75 + 0.45 * (chromatin[p] ?? 0));
  }
  for (const cell of field.cells) {
    for (const n of cell.nucleoli) {
      const reach = n.radius + 0.5;
      for (let y = Math.max(0, Math.floor(n.y - reach)); y <= Math.min(height - 1, Math.ceil(n.y + reach)); y++) {
        for (let x = Math.max(0, Math.floor(n.x - reach)); x <= Math.min(width - 1, Math.ceil(n.x + reach)); x++) {
          const inside = Math.min(1, Math.max(0, reach - Math.hypot(x - n.x, y - n.y)));
          const p = y * width + x;
          out[p] = (out[p] ?? 0) * (1 - 0.5 * inside);
        }
      }
    }
  }
  return out;
}

/** Red (tubulin-like): fibres radiating from the centrosome to the cell edge, dimmer over the nucleus. */
function microtubuleStain(prng: Prng, field: CellField): Float32Array {
  const { width, height, owner, nucleusDistance, unit } = field;
  const canvas: Canvas = { width, height, values: new Float32Array(width * height) };
  field.cells.forEach((cell, i) => {
    const id = i + 1;
    const inside = (x: number, y: number): boolean => {
      const xi = Math.floor(x);
      const yi = Math.floor(y);
      return xi >= 0 && yi >= 0 && xi < width && yi < height && owner[yi * width + xi] === id;
    };
    const start: [number, number] = [cell.centrosome.x, cell.centrosome.y];
    for (let k = prng.int(16, 28); k > 0; k--) {
      const points = randomWalk(prng, start, prng.uniform(0, 2 * Math.PI), {
        stepLength: unit,
        turn: 0.07,
        maxSteps: Math.round((3 * cell.body.radius) / unit),
        inside,
      });
      stroke(canvas, points, 0.6 * unit, prng.uniform(0.6, 1), (p) => owner[p] === id);
    }
  });
  const out = canvas.values;
  for (let p = 0; p < out.length; p++) {
    if (owner[p] === 0) continue;
    // The nucleus is thicker than the flat cytoplasm: fibres above and below it are out of focus.
    if ((nucleusDistance[p] ?? Infinity) < 1) out[p] = 0.35 * (out[p] ?? 0);
    else out[p] = Math.max(out[p] ?? 0, 0.12);
  }
  return out;
}

/** Yellow (ER marker): a reticular mesh, dense at the nuclear envelope and thinning outwards. */
function erStain(prng: Prng, field: CellField): Float32Array {
  const { width, height, owner, nucleusDistance, unit } = field;
  const mesh = ridgedNoise(prng, width, height, 3.5 * unit);
  const out = new Float32Array(width * height);
  for (let p = 0; p < out.length; p++) {
    if (owner[p] === 0) continue;
    const dn = nucleusDistance[p] ?? Infinity;
    const envelope = Math.exp(-((dn - 1) * (dn - 1)) / (2 * 0.06 * 0.06));
    if (dn < 1) {
      out[p] = 0.05 + 0.6 * envelope;
      continue;
    }
    const density = 0.3 + 0.7 * Math.exp(-(dn - 1) * 1.2);
    out[p] = Math.max(0.6 * envelope, density * (0.12 + 0.88 * (mesh[p] ?? 0)));
  }
  return out;
}

// Camera noise needs one normal deviate per pixel and channel; Box–Muller's log and cos were
// the slowest part of rendering. A fixed table of 2^16 deviates (the same in every run),
// indexed by the image's own stream, is indistinguishable at 8 bits.
const NORMAL_TABLE: Float32Array = (() => {
  const prng = createPrng(seedFromHex(hashHex("synthetic-protein", "normal-table")));
  return Float32Array.from({ length: 1 << 16 }, () => prng.normal());
})();

const toByte = (v: number): number => (v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v));

interface Optics {
  illumination: Float32Array;
  blurSigma: number;
  readNoise: number;
  shotGain: number;
}

/**
 * Microscope and camera: uneven illumination, blur (point-spread function), a background
 * offset, scaling so the brightest structure reaches `brightness`, then shot and read noise.
 */
function expose(prng: Prng, signal: Float32Array, field: CellField, optics: Optics, brightness: number): Uint8Array {
  const { width, height } = field;
  const lit = new Float32Array(signal.length);
  for (let p = 0; p < lit.length; p++) lit[p] = (signal[p] ?? 0) * (optics.illumination[p] ?? 1);
  const blurred = gaussianBlur(lit, width, height, optics.blurSigma);
  let max = 0;
  for (const v of blurred) if (v > max) max = v;
  const scale = max > 0 ? brightness / max : 0;
  const background = prng.uniform(3, 14);
  const out = new Uint8Array(signal.length);
  const readVariance = optics.readNoise * optics.readNoise;
  // mulberry32 inlined (same generator as prng.ts, seeded from the image's stream): one call
  // per pixel through the Prng object was a third of the whole rendering time.
  let state = Math.floor(prng.next() * 4294967296) >>> 0;
  for (let p = 0; p < out.length; p++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const normal = NORMAL_TABLE[((t ^ (t >>> 14)) >>> 16) & 0xffff] ?? 0;
    const v = background + scale * (blurred[p] ?? 0);
    out[p] = toByte(v + normal * Math.sqrt(readVariance + optics.shotGain * v));
  }
  return out;
}

function makeOptics(prng: Prng, field: CellField): Optics {
  const { width, height, unit } = field;
  const gx = prng.uniform(-0.35, 0.35);
  const gy = prng.uniform(-0.35, 0.35);
  const vignette = prng.uniform(0, 0.35);
  const illumination = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const u = x / width - 0.5;
      const v = y / height - 0.5;
      illumination[y * width + x] = 1 + gx * u + gy * v - vignette * (u * u + v * v);
    }
  }
  return {
    illumination,
    blurSigma: prng.uniform(0.6, 1.1) * Math.max(1, unit * 0.8),
    readNoise: prng.uniform(1.5, 4),
    shotGain: prng.uniform(0.2, 0.7),
  };
}

/** All four channels as 8-bit grey, row-major. `labels` only affect green. */
export function renderCellChannels(prng: Prng, field: CellField, labels: readonly number[]): Record<HpaChannel, Uint8Array> {
  const { width, height } = field;
  const optics = makeOptics(prng, field);
  const blue = nucleusStain(prng, field);
  const microtubules = microtubuleStain(prng, field);
  const er = erStain(prng, field);
  const red = expose(prng, microtubules, field, optics, prng.uniform(70, 190));
  const blueBytes = expose(prng, blue, field, optics, prng.uniform(100, 230));
  const yellow = expose(prng, er, field, optics, prng.uniform(70, 190));

  const texture = valueNoise(prng, width, height, 3 * field.unit);
  const ctx = { prng, field, microtubules, er, texture };
  const green = new Float32Array(width * height);
  for (const classId of labels) {
    const pattern = drawProteinPattern(classId, ctx);
    const weight = prng.uniform(0.6, 1);
    for (let p = 0; p < green.length; p++) green[p] = (green[p] ?? 0) + weight * (pattern[p] ?? 0);
  }
  // Expression differs between cells of one field; a few cells barely express the protein.
  const cellLevels = field.cells.map(() => (prng.next() < 0.15 ? prng.uniform(0.15, 0.35) : prng.uniform(0.6, 1.15)));
  for (let p = 0; p < green.length; p++) {
    const o = field.owner[p] ?? 0;
    if (o !== 0) green[p] = (green[p] ?? 0) * (cellLevels[o - 1] ?? 1);
  }
  return { red, green: expose(prng, green, field, optics, prng.uniform(60, 235)), blue: blueBytes, yellow };
}
