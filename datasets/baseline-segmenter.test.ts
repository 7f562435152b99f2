import { describe, expect, it } from "vitest";
import { baselineSegment, baselineSegmentPng } from "./baseline-segmenter";
import { otsuThreshold } from "./otsu";
import { encodeRgbPng } from "./png";
import { createPrng } from "./prng";
import { syntheticNuclei } from "./synthetic-nuclei";

/**
 * DSB 2018 average precision of one image, written independently of scorers/: IoU > t
 * matches are unique for t ≥ 0.5, so TP is the number of pairs above t.
 */
function imageAveragePrecision(truth: ArrayLike<number>, predicted: ArrayLike<number>): number {
  const truthAreas = new Map<number, number>();
  const predictedAreas = new Map<number, number>();
  const intersections = new Map<string, { t: number; p: number; n: number }>();
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i] ?? 0;
    const p = predicted[i] ?? 0;
    if (t !== 0) truthAreas.set(t, (truthAreas.get(t) ?? 0) + 1);
    if (p !== 0) predictedAreas.set(p, (predictedAreas.get(p) ?? 0) + 1);
    if (t !== 0 && p !== 0) {
      const entry = intersections.get(`${t}:${p}`) ?? { t, p, n: 0 };
      entry.n++;
      intersections.set(`${t}:${p}`, entry);
    }
  }
  if (truthAreas.size === 0 && predictedAreas.size === 0) return 1;
  const ious = [...intersections.values()].map(
    ({ t, p, n }) => n / ((truthAreas.get(t) ?? 0) + (predictedAreas.get(p) ?? 0) - n),
  );
  let sum = 0;
  for (let k = 0; k < 10; k++) {
    const tp = ious.filter((iou) => iou > 0.5 + 0.05 * k).length;
    sum += tp / (truthAreas.size + predictedAreas.size - tp);
  }
  return sum / 10;
}

const distinct = (labels: ArrayLike<number>): number => new Set(Array.from(labels).filter((l) => l !== 0)).size;

/** Three 5×5 squares and one 2×2 speck on a noisy background. */
function squaresImage(dark: boolean): { grey: Uint8Array; width: number; height: number } {
  const width = 30;
  const height = 20;
  const prng = createPrng(3);
  const grey = new Uint8Array(width * height);
  const squares = [
    [2, 2, 5],
    [12, 10, 5],
    [22, 3, 5],
    [20, 16, 2],
  ] as const;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const inside = squares.some(([sx, sy, size]) => x >= sx && x < sx + size && y >= sy && y < sy + size);
      const base = inside === dark ? 200 : 30;
      grey[y * width + x] = base + prng.int(-8, 8);
    }
  }
  return { grey, width, height };
}

describe("otsuThreshold", () => {
  it("should split a bimodal histogram between the modes and report their separation", () => {
    const grey = Uint8Array.from([...Array<number>(60).fill(20), ...Array<number>(40).fill(180)]);
    const { threshold, separation } = otsuThreshold(grey);
    expect(threshold).toBeGreaterThanOrEqual(20);
    expect(threshold).toBeLessThan(180);
    expect(separation).toBe(160);
  });
});

describe("baselineSegment", () => {
  it("should find bright squares, drop the small speck and number components 1..n", () => {
    const { grey, width, height } = squaresImage(false);
    const labels = baselineSegment(grey, width, height);
    expect(distinct(labels)).toBe(3);
    expect(Math.max(...labels)).toBe(3);
    // The smoothing may round corners; the cores must be labelled.
    expect(labels[4 * width + 4]).toBe(1);
    expect(labels[12 * width + 14]).not.toBe(0);
    expect(labels[17 * width + 21]).toBe(0);
  });

  it("should invert dark-on-light (brightfield) images", () => {
    const bright = squaresImage(false);
    const dark = squaresImage(true);
    expect(baselineSegment(dark.grey, dark.width, dark.height)).toEqual(
      baselineSegment(bright.grey, bright.width, bright.height),
    );
  });

  it("should return no objects for an image of background noise", () => {
    const prng = createPrng(9);
    const grey = Uint8Array.from({ length: 64 * 48 }, () => 20 + prng.int(0, 12));
    expect(distinct(baselineSegment(grey, 64, 48))).toBe(0);
  });

  it("should read colour PNGs through their luma", () => {
    const { grey, width, height } = squaresImage(true);
    const rgb = new Uint8Array(width * height * 3);
    grey.forEach((v, p) => rgb.set([v, v, Math.min(255, v + 20)], p * 3));
    const result = baselineSegmentPng(encodeRgbPng(rgb, width, height));
    expect([result.width, result.height]).toEqual([width, height]);
    expect(distinct(result.labels)).toBe(3);
  });

  // Generating and segmenting images: seconds on a busy 2-core machine.
  it("should find roughly the right number of nuclei on sparse generated images", { timeout: 60_000 }, () => {
    const dataset = syntheticNuclei.generate({ seed: 31, count: 24 });
    const sparse = dataset.items.filter((i) => i.metadata.density === "sparse");
    expect(sparse.length).toBeGreaterThan(5);
    let found = 0;
    let truth = 0;
    for (const item of sparse) {
      const { labels } = baselineSegmentPng(item.png);
      found += distinct(labels);
      truth += item.objectCount;
      // Per image: merged touching nuclei may lower the count, but never wildly.
      expect(distinct(labels)).toBeGreaterThanOrEqual(Math.floor(item.objectCount * 0.5));
      expect(distinct(labels)).toBeLessThanOrEqual(item.objectCount + 2);
    }
    expect(found / truth).toBeGreaterThan(0.75);
    expect(found / truth).toBeLessThanOrEqual(1.05);
  });

  it("should reach a real but beatable DSB mAP on the test images (what the sample submission scores)", { timeout: 60_000 }, () => {
    const aps: number[] = [];
    for (const seed of [2018, 7]) {
      for (const item of syntheticNuclei.generate({ seed }).items.filter((i) => i.split !== "train")) {
        aps.push(imageAveragePrecision(item.labels, baselineSegmentPng(item.png).labels));
      }
    }
    const mAP = aps.reduce((s, v) => s + v, 0) / aps.length;
    expect(mAP).toBeGreaterThan(0.3);
    expect(mAP).toBeLessThan(0.8);
  });
});
