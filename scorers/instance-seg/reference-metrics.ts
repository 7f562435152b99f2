// Test support for the instance-segmentation metric library: the independent reference
// (dense label images, brute-force overlap matrix, exhaustive search for the best matching),
// random cases, and the reference score of each metric. Only tests import this.
import { expect, it } from "vitest";
import { scoreText } from "../run";
import { denseOverlaps, mulberry32, randomObjects, submissionCsv, truthCsv } from "./reference-support";

type Dense = ReturnType<typeof denseOverlaps>;

/**
 * The best one-to-one matching by exhaustive search over the dense matrix (independent of
 * matching.ts): most pairs first, then the largest IoU sum, as StarDist's assignment.
 */
function referenceMatches(d: Dense, accept: (inter: number, union: number, t: number) => boolean) {
  type Pair = { t: number; p: number; inter: number; union: number };
  const options: Pair[][] = [];
  for (let t = 1; t <= d.nT; t++) {
    options[t] = [];
    for (let p = 1; p <= d.nP; p++) {
      const inter = d.inter[t]![p]!;
      const union = d.areaT[t]! + d.areaP[p]! - inter;
      if (inter > 0 && accept(inter, union, t)) options[t]!.push({ t, p, inter, union });
    }
  }
  let best: Pair[] = [];
  let bestIou = 0;
  const chosen: Pair[] = [];
  const usedP = new Set<number>();
  const search = (t: number) => {
    if (t > d.nT) {
      const iou = chosen.reduce((s, x) => s + x.inter / x.union, 0);
      if (chosen.length > best.length || (chosen.length === best.length && iou > bestIou + 1e-12)) {
        best = [...chosen];
        bestIou = iou;
      }
      return;
    }
    search(t + 1);
    for (const pair of options[t]!) {
      if (usedP.has(pair.p)) continue;
      usedP.add(pair.p);
      chosen.push(pair);
      search(t + 1);
      chosen.pop();
      usedP.delete(pair.p);
    }
  };
  search(1);
  return best;
}

export interface Case {
  id: string;
  h: number;
  w: number;
  usage: string;
  objects: string[];
  pred: string[];
}

export function randomCases(seed: number, images: number): Case[] {
  const rand = mulberry32(seed);
  return Array.from({ length: images }, (_, i) => {
    const h = 4 + Math.floor(rand() * 16);
    const w = 4 + Math.floor(rand() * 16);
    const objects = randomObjects(rand, h, w, Math.floor(rand() * 6));
    const pred = rand() < 0.15 ? objects : randomObjects(rand, h, w, Math.floor(rand() * 6));
    return { id: `img${i}`, h, w, usage: i % 2 ? "Private" : "Public", objects, pred };
  });
}

export function runMetric(metric: string, cases: Case[], params: Record<string, unknown>) {
  const result = scoreText(metric, truthCsv(cases), submissionCsv(cases.map((c) => ({ id: c.id, objects: c.pred }))), params);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

/** Per-image values from the reference, then the same two aggregations, written out plainly. */
const references: Record<string, (d: Dense, params: { threshold?: number }) => Record<string, number>> = {
  "f1-at-iou": (d, { threshold = 0.5 }) => {
    // IoU >= t with t = k/10000, in integers.
    const tp = referenceMatches(d, (i, u) => 10000 * i >= Math.round(threshold * 10000) * u).length;
    return { tp, fp: d.nP - tp, fn: d.nT - tp };
  },
  "panoptic-quality": (d) => {
    const m = referenceMatches(d, (i, u) => 2 * i > u);
    return { tp: m.length, fp: d.nP - m.length, fn: d.nT - m.length, iouSum: m.reduce((s, x) => s + x.inter / x.union, 0) };
  },
  "ctc-seg": (d) => {
    let jaccardSum = 0;
    for (let t = 1; t <= d.nT; t++) {
      for (let p = 1; p <= d.nP; p++) {
        const i = d.inter[t]![p]!;
        if (i * 2 > d.areaT[t]!) jaccardSum += i / (d.areaT[t]! + d.areaP[p]! - i);
      }
    }
    return { references: d.nT, jaccardSum };
  },
  pixels: (d) => {
    let intersection = 0;
    for (let t = 1; t <= d.nT; t++) for (let p = 1; p <= d.nP; p++) intersection += d.inter[t]![p]!;
    const truePixels = d.areaT.slice(1).reduce((a, b) => a + b, 0);
    const predPixels = d.areaP.slice(1).reduce((a, b) => a + b, 0);
    return { intersection, truePixels, predPixels };
  },
};

const formulas: Record<string, (c: Record<string, number>) => number | null> = {
  "f1-at-iou": ({ tp, fp, fn }) => (tp! + fp! + fn! === 0 ? 1 : (2 * tp!) / (2 * tp! + fp! + fn!)),
  "ap-at-iou": ({ tp, fp, fn }) => (tp! + fp! + fn! === 0 ? 1 : tp! / (tp! + fp! + fn!)),
  "panoptic-quality": ({ tp, fp, fn, iouSum }) => (tp! + fp! + fn! === 0 ? 1 : iouSum! / (tp! + fp! / 2 + fn! / 2)),
  "ctc-seg": ({ references: r, jaccardSum }) => (r === 0 ? null : jaccardSum! / r!),
  dice: ({ intersection, truePixels, predPixels }) => (truePixels! + predPixels! === 0 ? 1 : (2 * intersection!) / (truePixels! + predPixels!)),
  jaccard: ({ intersection, truePixels, predPixels }) => {
    const u = truePixels! + predPixels! - intersection!;
    return u === 0 ? 1 : intersection! / u;
  },
};

const referenceFor: Record<string, string> = {
  "f1-at-iou": "f1-at-iou",
  "ap-at-iou": "f1-at-iou",
  "panoptic-quality": "panoptic-quality",
  "ctc-seg": "ctc-seg",
  dice: "pixels",
  jaccard: "pixels",
};

function expectedScore(metric: string, cases: Case[], params: { threshold?: number; aggregate: "image" | "pooled" }): number {
  const perImage = cases.map((c) => references[referenceFor[metric]!]!(denseOverlaps(c.objects, c.pred, c.h, c.w), params));
  if (params.aggregate === "pooled") {
    const total: Record<string, number> = {};
    for (const counts of perImage) for (const [k, v] of Object.entries(counts)) total[k] = (total[k] ?? 0) + v;
    return formulas[metric]!(total) ?? 0;
  }
  const scores = perImage.map((c) => formulas[metric]!(c)).filter((s): s is number => s !== null);
  return scores.reduce((a, b) => a + b, 0) / scores.length;
}


/** The scorer against the reference on 600 random images per aggregation (and threshold). */
export function itAgreesWithReference(metric: string, thresholds: ReadonlyArray<number | undefined> = [undefined]): void {
  for (const aggregate of ["image", "pooled"] as const) {
    it(`should agree with the dense reference on 600 random images to 1e-12 (${aggregate})`, () => {
      for (let trial = 0; trial < 60; trial++) {
        const cases = randomCases(1000 * trial + metric.length, 10);
        for (const threshold of thresholds) {
          const params = { aggregate, ...(threshold === undefined ? {} : { threshold }) };
          const got = runMetric(metric, cases, params).score;
          expect(Math.abs(got - expectedScore(metric, cases, params))).toBeLessThan(1e-12);
        }
      }
    });
  }
}
