// A deliberately small multi-label baseline for HPA-style images: 17 hand-made features per
// image, then one logistic regression per class. Linear on purpose, so that it can later be
// exported as an ONNX graph (features → Gemm → Sigmoid → thresholds). Deterministic: the
// baselines' shared Newton fit (logistic-regression.ts) and F1 threshold search
// (f1-threshold.ts), no randomness at all.
import { bestF1Threshold } from "./f1-threshold";
import { toHpaSubmissionCsv } from "./hpa-format";
import { fitLogistic } from "./logistic-regression";
import { otsuFromHistogram } from "./otsu";
import { decodePngToGrey } from "./png";
import type { CellImageItem } from "./types";

const CLASS_COUNT = 28;

/**
 * The features, in order. "green" is the protein channel after subtracting its background
 * (10th percentile); the nucleus mask is Otsu on blue; the cell mask is Otsu on the sum of
 * red and yellow (each scaled by its 99th percentile), plus the nuclei. Distances are in
 * pixels of a 128 px image (scaled by width / 128).
 */
export const FEATURE_NAMES = [
  /** Share of the cells' green inside nuclei: nuclear vs cytoplasmic proteins. */
  "nucleusShare",
  /** Share of all green outside the cell mask (low for every real pattern; noise floor). */
  "outsideShare",
  /** Pearson correlation of green with red (microtubules) over cell pixels. */
  "corrRed",
  /** … with blue (DAPI). */
  "corrBlue",
  /** … with yellow (ER). */
  "corrYellow",
  /** Coefficient of variation of green over cell pixels. */
  "cellCv",
  /** … over nucleus pixels (speckles, bodies, nucleoli are uneven). */
  "nucleusCv",
  /** … over cytoplasm pixels (puncta and fibres are uneven, cytosol is not). */
  "cytoplasmCv",
  /** Share of the cells' green in their brightest 2 % of pixels (punctate patterns). */
  "topShare",
  /** Mean green in DAPI-dark nucleus pixels (nucleoli) / mean green in nuclei. */
  "nucleolusRatio",
  /** Mean green within 1.5 px of the nuclear outline / mean green in cells. */
  "nuclearRimRatio",
  /** Mean green within 2 px of the cell outline / mean green in cells. */
  "cellEdgeRatio",
  /** Mean green in cytoplasm within 4 px of a nucleus / mean green in the rest of the cytoplasm. */
  "perinuclearRatio",
  /** Mean |Laplacian| of green / mean green, over cells: fine texture. */
  "laplacianEnergy",
  /** Gradient-weighted coherence of the local structure tensor (5×5): oriented fibres. */
  "coherence",
  /** Local maxima of green above 35 % of its 99th percentile, per 100 cell pixels. */
  "spotDensity",
  /** Fraction of cell pixels above half the 99th percentile of green: diffuse vs compact. */
  "brightFraction",
] as const;

export interface BaselineModel {
  featureNames: string[];
  /** Standardisation: x' = (x − mean) / std, per feature. */
  mean: number[];
  std: number[];
  /** [class][feature], on standardised features. */
  weights: number[][];
  bias: number[];
  /** Per class: predict when sigmoid(score) > threshold. 1 for classes never seen in training. */
  thresholds: number[];
}

/** Background-subtracted channel: value minus the 10th percentile, floored at 0. */
function channel(png: Uint8Array): { values: Float32Array; width: number; height: number } {
  const { grey, width, height } = decodePngToGrey(png);
  const background = percentile(histogram(grey), grey.length, 0.1);
  const values = new Float32Array(grey.length);
  for (let p = 0; p < grey.length; p++) values[p] = Math.max(0, (grey[p] ?? 0) - background);
  return { values, width, height };
}

function histogram(values: ArrayLike<number>, mask?: Uint8Array): Uint32Array {
  const h = new Uint32Array(256);
  for (let p = 0; p < values.length; p++) {
    if (mask && !mask[p]) continue;
    const v = Math.min(255, Math.max(0, Math.round(values[p] ?? 0)));
    h[v] = (h[v] ?? 0) + 1;
  }
  return h;
}

function percentile(h: Uint32Array, total: number, q: number): number {
  const target = q * total;
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += h[v] ?? 0;
    if (seen > target) return v;
  }
  return 255;
}

/** Otsu's threshold on a 256-bin histogram: values above it are foreground. */
const otsu = (h: Uint32Array): number => otsuFromHistogram(h).threshold;

/**
 * Chamfer distance (1, √2) from every pixel to the nearest pixel where `mask` equals
 * `target`; pixels beyond the image border do not count, so the border is no outline.
 */
function distanceTo(mask: Uint8Array, width: number, height: number, target: 0 | 1): Float32Array {
  const big = width + height;
  const d = new Float32Array(mask.length);
  for (let p = 0; p < mask.length; p++) d[p] = mask[p] === target ? 0 : big;
  const at = (x: number, y: number): number =>
    x < 0 || y < 0 || x >= width || y >= height ? big : (d[y * width + x] ?? big);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      d[p] = Math.min(d[p] ?? big, at(x - 1, y) + 1, at(x, y - 1) + 1, at(x - 1, y - 1) + Math.SQRT2, at(x + 1, y - 1) + Math.SQRT2);
    }
  }
  for (let y = height - 1; y >= 0; y--) {
    for (let x = width - 1; x >= 0; x--) {
      const p = y * width + x;
      d[p] = Math.min(d[p] ?? big, at(x + 1, y) + 1, at(x, y + 1) + 1, at(x + 1, y + 1) + Math.SQRT2, at(x - 1, y + 1) + Math.SQRT2);
    }
  }
  return d;
}

/** Running sums for mean, variance and correlation over a pixel subset. */
class Moments {
  n = 0;
  sum = 0;
  sumSq = 0;
  add(v: number): void {
    this.n++;
    this.sum += v;
    this.sumSq += v * v;
  }
  get mean(): number {
    return this.n > 0 ? this.sum / this.n : 0;
  }
  get cv(): number {
    const mean = this.mean;
    if (mean <= 1e-9) return 0;
    return Math.sqrt(Math.max(0, this.sumSq / this.n - mean * mean)) / mean;
  }
}

const ratio = (a: number, b: number): number => (b > 1e-9 ? a / b : 0);

function pearson(x: Float32Array, y: Float32Array, mask: Uint8Array): number {
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let p = 0; p < x.length; p++) {
    if (!mask[p]) continue;
    n++;
    sx += x[p] ?? 0;
    sy += y[p] ?? 0;
  }
  if (n < 2) return 0;
  const mx = sx / n;
  const my = sy / n;
  let cxy = 0;
  let cxx = 0;
  let cyy = 0;
  for (let p = 0; p < x.length; p++) {
    if (!mask[p]) continue;
    const dx = (x[p] ?? 0) - mx;
    const dy = (y[p] ?? 0) - my;
    cxy += dx * dy;
    cxx += dx * dx;
    cyy += dy * dy;
  }
  return cxx > 0 && cyy > 0 ? cxy / Math.sqrt(cxx * cyy) : 0;
}

/** The 17 features of FEATURE_NAMES for one image (decodes its four PNGs). */
export function cellFeatures(item: CellImageItem): number[] {
  const red = channel(item.channels.red);
  const green = channel(item.channels.green);
  const blue = channel(item.channels.blue);
  const yellow = channel(item.channels.yellow);
  const { width, height } = green;
  const n = width * height;
  const g = green.values;
  const scale = width / 128;

  const nucleus = new Uint8Array(n);
  const blueThreshold = otsu(histogram(blue.values));
  for (let p = 0; p < n; p++) nucleus[p] = (blue.values[p] ?? 0) > blueThreshold ? 1 : 0;

  const redTop = Math.max(1, percentile(histogram(red.values), n, 0.99));
  const yellowTop = Math.max(1, percentile(histogram(yellow.values), n, 0.99));
  const body = new Float32Array(n);
  for (let p = 0; p < n; p++) {
    body[p] = (255 / 3) * (Math.min(1.5, (red.values[p] ?? 0) / redTop) + Math.min(1.5, (yellow.values[p] ?? 0) / yellowTop));
  }
  const bodyThreshold = otsu(histogram(body));
  const cell = new Uint8Array(n);
  for (let p = 0; p < n; p++) cell[p] = nucleus[p] || (body[p] ?? 0) > bodyThreshold ? 1 : 0;

  const toNucleus = distanceTo(nucleus, width, height, 1);
  const toNonNucleus = distanceTo(nucleus, width, height, 0);
  const toBackground = distanceTo(cell, width, height, 0);

  const inCell = new Moments();
  const inNucleus = new Moments();
  const inCytoplasm = new Moments();
  const nearNucleus = new Moments();
  const farCytoplasm = new Moments();
  const rim = new Moments();
  const edge = new Moments();
  let outside = 0;
  let total = 0;
  for (let p = 0; p < n; p++) {
    const v = g[p] ?? 0;
    total += v;
    if (!cell[p]) {
      outside += v;
      continue;
    }
    inCell.add(v);
    if (nucleus[p]) inNucleus.add(v);
    else {
      inCytoplasm.add(v);
      if ((toNucleus[p] ?? 0) <= 4 * scale) nearNucleus.add(v);
      else farCytoplasm.add(v);
    }
    const toOutline = nucleus[p] ? (toNonNucleus[p] ?? 0) : (toNucleus[p] ?? 0);
    if (toOutline <= 1.5 * scale) rim.add(v);
    if ((toBackground[p] ?? 0) <= 2 * scale) edge.add(v);
  }

  // Nucleoli: nucleus pixels away from the rim whose DAPI is well below the nuclear median.
  const nucleusBlue = histogram(blue.values, nucleus);
  const blueMedian = percentile(nucleusBlue, inNucleus.n, 0.5);
  const nucleolus = new Moments();
  for (let p = 0; p < n; p++) {
    if (nucleus[p] && (toNonNucleus[p] ?? 0) >= 1.5 * scale && (blue.values[p] ?? 0) < 0.7 * blueMedian) nucleolus.add(g[p] ?? 0);
  }

  const cellGreen = histogram(g, cell);
  const top99 = Math.max(1, percentile(cellGreen, inCell.n, 0.99));
  const top2 = percentile(cellGreen, inCell.n, 0.98);
  let topSum = 0;
  let bright = 0;
  let spots = 0;
  let laplacian = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      if (!cell[p]) continue;
      const v = g[p] ?? 0;
      if (v >= top2) topSum += v;
      if (v > 0.5 * top99) bright++;
      if (x === 0 || y === 0 || x === width - 1 || y === height - 1) continue;
      const neighbours = [g[p - 1], g[p + 1], g[p - width], g[p + width]].map((u) => u ?? 0);
      laplacian += Math.abs(4 * v - neighbours.reduce((a, b) => a + b, 0));
      if (v > 0.35 * top99) {
        let isMax = true;
        for (let dy = -1; dy <= 1 && isMax; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            if ((dx !== 0 || dy !== 0) && (g[p + dy * width + dx] ?? 0) >= v) {
              isMax = false;
              break;
            }
          }
        }
        if (isMax) spots++;
      }
    }
  }

  return [
    ratio(inNucleus.sum, inCell.sum),
    ratio(outside, total),
    pearson(g, red.values, cell),
    pearson(g, blue.values, cell),
    pearson(g, yellow.values, cell),
    inCell.cv,
    inNucleus.cv,
    inCytoplasm.cv,
    ratio(topSum, inCell.sum),
    ratio(nucleolus.mean, inNucleus.mean),
    ratio(rim.mean, inCell.mean),
    ratio(edge.mean, inCell.mean),
    ratio(nearNucleus.mean, farCytoplasm.mean),
    ratio(laplacian / Math.max(1, inCell.n), inCell.mean),
    coherence(g, cell, width, height),
    ratio(100 * spots, inCell.n),
    ratio(bright, inCell.n),
  ];
}

/**
 * Structure-tensor coherence ((λ1 − λ2) / (λ1 + λ2)) from central-difference gradients,
 * the tensor averaged over 5×5 windows, then averaged over cell pixels weighted by λ1 + λ2.
 */
function coherence(g: Float32Array, cell: Uint8Array, width: number, height: number): number {
  const n = width * height;
  const jxx = new Float32Array(n);
  const jyy = new Float32Array(n);
  const jxy = new Float32Array(n);
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const p = y * width + x;
      const gx = ((g[p + 1] ?? 0) - (g[p - 1] ?? 0)) / 2;
      const gy = ((g[p + width] ?? 0) - (g[p - width] ?? 0)) / 2;
      jxx[p] = gx * gx;
      jyy[p] = gy * gy;
      jxy[p] = gx * gy;
    }
  }
  const [sxx, syy, sxy] = [jxx, jyy, jxy].map((j) => boxSum(j, width, height, 2));
  let weighted = 0;
  let weights = 0;
  for (let p = 0; p < n; p++) {
    if (!cell[p]) continue;
    const a = sxx?.[p] ?? 0;
    const b = syy?.[p] ?? 0;
    const c = sxy?.[p] ?? 0;
    const trace = a + b;
    if (trace <= 1e-9) continue;
    weighted += Math.sqrt((a - b) * (a - b) + 4 * c * c);
    weights += trace;
  }
  return ratio(weighted, weights);
}

/** Sum over a (2r + 1)² window, clipped at the border (two 1-D running sums). */
function boxSum(values: Float32Array, width: number, height: number, r: number): Float32Array {
  const horizontal = new Float32Array(values.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let s = 0;
      for (let dx = Math.max(0, x - r); dx <= Math.min(width - 1, x + r); dx++) s += values[y * width + dx] ?? 0;
      horizontal[y * width + x] = s;
    }
  }
  const out = new Float32Array(values.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let s = 0;
      for (let dy = Math.max(0, y - r); dy <= Math.min(height - 1, y + r); dy++) s += horizontal[dy * width + x] ?? 0;
      out[y * width + x] = s;
    }
  }
  return out;
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

export interface FitOptions {
  /** L2 penalty on the weights (not the bias), per unit of sample weight. */
  l2?: number;
  /** Newton steps per class (each class converges in far fewer). */
  iterations?: number;
}

function standardise(rows: readonly number[][], mean: readonly number[], std: readonly number[]): number[][] {
  return rows.map((row) => row.map((v, f) => (v - (mean[f] ?? 0)) / (std[f] ?? 1)));
}

/**
 * Fits one logistic regression per class on the items' features, positives weighted by
 * √(negatives / positives) so that rare classes are not simply ignored, then picks each
 * class's threshold that maximises its F1 on the training items.
 * Only train items are used; others are ignored.
 */
export function fitBaselineClassifier(items: readonly CellImageItem[], options: FitOptions = {}): BaselineModel {
  const train = items.filter((item) => item.split === "train");
  const raw = train.map(cellFeatures);
  return fitOnFeatures(
    raw,
    train.map((item) => item.labels),
    options,
  );
}

/** The fitting step of fitBaselineClassifier, on precomputed feature rows. */
export function fitOnFeatures(raw: readonly number[][], labelSets: ReadonlyArray<readonly number[]>, options: FitOptions = {}): BaselineModel {
  const { l2 = 1e-3, iterations = 30 } = options;
  const featureCount = FEATURE_NAMES.length;
  const count = raw.length;
  const mean = Array.from({ length: featureCount }, (_, f) => raw.reduce((s, row) => s + (row[f] ?? 0), 0) / Math.max(1, count));
  const std = mean.map((m, f) => {
    const variance = raw.reduce((s, row) => s + ((row[f] ?? 0) - m) ** 2, 0) / Math.max(1, count);
    return variance > 1e-12 ? Math.sqrt(variance) : 1;
  });
  const x = standardise(raw, mean, std);
  const rows = Float64Array.from(x.flat());

  const weights: number[][] = [];
  const bias: number[] = [];
  const thresholds: number[] = [];
  for (let c = 0; c < CLASS_COUNT; c++) {
    const y = labelSets.map((labels) => (labels.includes(c) ? 1 : 0));
    const positives = y.reduce<number>((s, v) => s + v, 0);
    if (positives === 0 || positives === count) {
      // Nothing to learn: a constant model, never (or always) predicting the class.
      weights.push(new Array<number>(featureCount).fill(0));
      bias.push(positives === 0 ? -10 : 10);
      thresholds.push(positives === 0 ? 1 : 0.5);
      continue;
    }
    const positiveWeight = Math.sqrt((count - positives) / positives);
    const sampleWeights = y.map((target) => (target === 1 ? positiveWeight : 1));
    const totalWeight = sampleWeights.reduce((s, w) => s + w, 0);
    // The penalty is per unit of sample weight, so it means the same for any training-set size.
    const fit = fitLogistic(rows, y, featureCount, { l2: l2 * totalWeight, iterations, sampleWeights });
    weights.push(fit.weights);
    bias.push(fit.bias);
    const probabilities = x.map((row) => sigmoid(row.reduce((z, v, f) => z + (fit.weights[f] ?? 0) * v, fit.bias)));
    thresholds.push(bestF1Threshold(probabilities, y.map((v) => v === 1)));
  }
  return { featureNames: [...FEATURE_NAMES], mean, std, weights, bias, thresholds };
}

/** Per-class probabilities for one feature row. */
function classProbabilities(model: BaselineModel, features: readonly number[]): number[] {
  const x = features.map((v, f) => (v - (model.mean[f] ?? 0)) / (model.std[f] ?? 1));
  return model.weights.map((w, c) => sigmoid(x.reduce((z, v, f) => z + (w[f] ?? 0) * v, model.bias[c] ?? 0)));
}

/**
 * Classes whose probability reaches their threshold. Every HPA image has at least one
 * label, so when none does, the class with the largest probability / threshold is taken.
 */
export function predictFromFeatures(model: BaselineModel, features: readonly number[]): number[] {
  const probabilities = classProbabilities(model, features);
  const labels = probabilities.flatMap((p, c) => (p > (model.thresholds[c] ?? 1) ? [c] : []));
  if (labels.length > 0) return labels;
  let best = 0;
  let bestRatio = -Infinity;
  probabilities.forEach((p, c) => {
    const r = p / (model.thresholds[c] ?? 1);
    if (r > bestRatio) {
      best = c;
      bestRatio = r;
    }
  });
  return [best];
}

export function predictLabels(model: BaselineModel, item: CellImageItem): number[] {
  return predictFromFeatures(model, cellFeatures(item));
}

/** `Id,Predicted` for the given items (typically the test items), predicted by the model. */
export function baselineSubmission(model: BaselineModel, items: readonly CellImageItem[]): string {
  return toHpaSubmissionCsv(items.map((item) => ({ id: item.imageId, labels: predictLabels(model, item) })));
}
