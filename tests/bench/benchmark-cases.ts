// Deterministic, large cases for `npm run bench`: a DSB case the size of the 2018 stage-2
// test set, an HPA case the size of its test set, and a phase's per-image scores to rank. Geometry is written straight
// to run-length encoding (no images), so generating 100 MB takes seconds, not minutes.
import { createPrng, type Prng } from "../../datasets/prng";
import type { ScoreMatrix } from "../../server/ranking/mean-metric";

/** Image sizes of the DSB 2018 stage-2 test set and roughly how often each occurs. */
const DSB_STAGE2_SIZE_MIX = [
  { height: 256, width: 256, weight: 34 },
  { height: 256, width: 320, weight: 10 },
  { height: 260, width: 347, weight: 9 },
  { height: 360, width: 360, weight: 5 },
  { height: 512, width: 640, weight: 12 },
  { height: 520, width: 696, weight: 15 },
  { height: 603, width: 1272, weight: 5 },
  { height: 1024, width: 1024, weight: 5 },
  { height: 1040, width: 1388, weight: 5 },
] as const;

interface Disc {
  cx: number;
  cy: number;
  r: number;
}

/** Column-major 1-based RLE of a disc clipped to the image (one run per column). */
function discRle(d: Disc, height: number, width: number): string {
  const parts: number[] = [];
  const x0 = Math.max(0, Math.ceil(d.cx - d.r));
  const x1 = Math.min(width - 1, Math.floor(d.cx + d.r));
  for (let x = x0; x <= x1; x++) {
    const half = Math.sqrt(Math.max(0, d.r * d.r - (x - d.cx) * (x - d.cx)));
    const y0 = Math.max(0, Math.ceil(d.cy - half));
    const y1 = Math.min(height - 1, Math.floor(d.cy + half));
    if (y1 < y0) continue;
    const start = x * height + y0 + 1;
    const length = y1 - y0 + 1;
    const last = parts.length - 2;
    // A run reaching the bottom continues into the next column's top: merge, never touch.
    if (last >= 0 && (parts[last] ?? 0) + (parts[last + 1] ?? 0) === start) parts[last + 1] = (parts[last + 1] ?? 0) + length;
    else parts.push(start, length);
  }
  return parts.join(" ");
}

function pickSize(prng: Prng) {
  const total = DSB_STAGE2_SIZE_MIX.reduce((s, m) => s + m.weight, 0);
  let roll = prng.next() * total;
  for (const size of DSB_STAGE2_SIZE_MIX) {
    roll -= size.weight;
    if (roll < 0) return size;
  }
  return DSB_STAGE2_SIZE_MIX[0];
}

/** Non-overlapping discs on a jittered grid (a gap of 2 px keeps them apart after perturbation). */
function placeDiscs(prng: Prng, height: number, width: number, count: number, radiusScale: number): Disc[] {
  const scale = Math.sqrt((height * width) / 65536);
  const cell = Math.max(12, Math.floor(Math.sqrt((height * width) / count)));
  const discs: Disc[] = [];
  for (let y = cell / 2; y < height && discs.length < count; y += cell) {
    for (let x = cell / 2; x < width && discs.length < count; x += cell) {
      const maxR = cell / 2 - 2;
      // Nuclei grow with the image (large DSB images are high-magnification tissue).
      const r = Math.max(3, Math.min(maxR, (5 + prng.next() * 15) * Math.min(4, scale) * radiusScale));
      const slack = Math.max(0, maxR - r);
      discs.push({ cx: x + (prng.next() - 0.5) * slack, cy: y + (prng.next() - 0.5) * slack, r });
    }
  }
  return discs;
}

export interface DsbBenchmarkCase {
  truthCsv: string;
  submissionCsv: string;
  images: number;
  trueObjects: number;
  predictedObjects: number;
}

/**
 * `radiusScale` > 1 makes nuclei larger (more runs per object) and `maxNuclei` allows denser
 * images: (4, 180) gives a submission of about 100 MB, the size of the largest stage-2 files.
 */
export function dsbStage2Case(seed = 2018, images = 3019, radiusScale = 1, maxNuclei = 60): DsbBenchmarkCase {
  const prng = createPrng(seed);
  const truth = ["ImageId,EncodedPixels,Height,Width,Usage"];
  const submission = ["ImageId,EncodedPixels"];
  let trueObjects = 0;
  let predictedObjects = 0;
  for (let i = 0; i < images; i++) {
    const { height, width } = pickSize(prng);
    const id = `bench${String(i).padStart(5, "0")}`;
    const usage = prng.next() < 0.5 ? "Public" : "Private";
    const discs = placeDiscs(prng, height, width, 5 + Math.floor(prng.next() * (maxNuclei - 4)), radiusScale);
    for (const d of discs) truth.push(`${id},${discRle(d, height, width)},${height},${width},${usage}`);
    trueObjects += discs.length;
    let any = false;
    for (const d of discs) {
      if (prng.next() < 0.1) continue; // missed nucleus
      const p = { cx: d.cx + (prng.next() - 0.5) * 2, cy: d.cy + (prng.next() - 0.5) * 2, r: Math.max(2, d.r + (prng.next() - 0.5) * 2) };
      const rle = discRle(p, height, width);
      if (rle) {
        submission.push(`${id},${rle}`);
        predictedObjects++;
        any = true;
      }
    }
    if (!any) submission.push(`${id},`);
  }
  return { truthCsv: truth.join("\n") + "\n", submissionCsv: submission.join("\n") + "\n", images, trueObjects, predictedObjects };
}

export function hpaCase(seed = 2018, rows = 11702): { truthCsv: string; submissionCsv: string } {
  const prng = createPrng(seed);
  const truth = ["Id,Target,Usage"];
  const submission = ["Id,Predicted"];
  const draw = () => {
    const labels = new Set<number>();
    const n = 1 + Math.floor(prng.next() * 3);
    while (labels.size < n) labels.add(Math.floor(prng.next() ** 2 * 28));
    return [...labels];
  };
  for (let i = 0; i < rows; i++) {
    const id = `hpa-${String(i).padStart(6, "0")}`;
    const t = draw();
    truth.push(`${id},${t.join(" ")},${prng.next() < 0.3 ? "Public" : "Private"}`);
    submission.push(`${id},${(prng.next() < 0.6 ? t : draw()).join(" ")}`);
  }
  return { truthCsv: truth.join("\n") + "\n", submissionCsv: submission.join("\n") + "\n" };
}

/**
 * Per-image scores of a large phase (by default 1,000 entries on the 3,019 images of the DSB
 * stage-2 test set): an entry's skill plus an image's difficulty plus noise, clipped to
 * [0, 1], so neighbouring ranks overlap as they do on real leaderboards.
 */
export function rankingCase(seed = 2018, entries = 1000, images = 3019): ScoreMatrix {
  const prng = createPrng(seed);
  const skill = Array.from({ length: entries }, () => 0.6 + 0.05 * prng.normal());
  const difficulty = Array.from({ length: images }, () => 0.15 * prng.normal());
  const scores = new Float64Array(entries * images);
  for (let e = 0; e < entries; e++) {
    for (let i = 0; i < images; i++) scores[e * images + i] = Math.min(1, Math.max(0, skill[e]! + difficulty[i]! + 0.1 * prng.normal()));
  }
  return { participants: skill.map((_, e) => `entry-${String(e).padStart(4, "0")}`), images: difficulty.map((_, i) => `image-${String(i).padStart(4, "0")}`), scores };
}
