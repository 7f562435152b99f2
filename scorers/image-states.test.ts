// Per-image mergeable states (ImageStates, Scorer.scoreOfStates): summing the states of any
// multiset of images and applying scoreOfStates must give the metric on that multiset. The
// reference is the scorer itself, run end to end on files in which the drawn images are
// repeated under new ids, so the check holds for pooled, per-class and mean metrics alike.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { csv } from "./classification/reference-support";
import { getScorer, scorerRegistry } from "./index";
import { mulberry32, randomObjects, submissionCsv, truthCsv } from "./instance-seg/reference-support";
import { scoreText } from "./run";
import { isTestUsage, type ImageStates, type ScoreReport, type SubsetUsage } from "./types";

/** Scorers whose metric ranks every sample against all others: no additive per-image state exists (see their READMEs). */
const RANK_BASED = ["auroc", "mean-average-precision"];

const USAGE_CYCLE = ["Public", "Private", "Validation", "Public", "Private", "Ignored", "Public", "Private"] as const;

/** `objects` moved by `by` pixels (column-major), dropping those that would leave the image: partial overlaps with the truth. */
function shifted(objects: string[], by: number, pixels: number): string[] {
  return objects.flatMap((rle) => {
    const t = rle.split(" ").map(Number);
    for (let i = 0; i < t.length; i += 2) t[i]! += by;
    return t[t.length - 2]! + t[t.length - 1]! - 1 <= pixels ? [t.join(" ")] : [];
  });
}

/** Images with and without objects; predictions exact, shifted by a row or a column, random or empty. */
function instanceFiles(seed: number) {
  const rand = mulberry32(seed);
  const [h, w] = [12, 12];
  const images = Array.from({ length: 18 }, (_, i) => ({
    id: `i${i}`,
    h,
    w,
    usage: USAGE_CYCLE[i % USAGE_CYCLE.length]!,
    objects: i % 7 === 3 ? [] : randomObjects(rand, h, w, 1 + Math.floor(rand() * 5)),
  }));
  const predictions = images.map((im) => {
    const k = Math.floor(rand() * 5);
    const objects = k === 0 ? im.objects : k === 1 ? shifted(im.objects, 1, h * w) : k === 2 ? shifted(im.objects, h, h * w) : k === 3 ? randomObjects(rand, h, w, Math.floor(rand() * 4)) : [];
    return { id: im.id, objects };
  });
  return { truth: truthCsv(images), submission: submissionCsv(predictions) };
}

/** Multi-label (a few of the 28 HPA classes, some rows empty) or single-label Ids with guesses. */
function labelFiles(seed: number, multiLabel: boolean) {
  const rand = mulberry32(seed);
  const ids = Array.from({ length: 30 }, (_, i) => `id${i}`);
  const labels = (n: number) => (multiLabel ? [0, 1, 2, 3, 4, 5].filter(() => rand() < 0.3) : [Math.floor(rand() * n)]);
  const truth = ids.map(() => labels(5));
  const guess = truth.map((t) => (rand() < 0.5 ? t : labels(5)));
  return {
    truth: csv("Id,Target,Usage", ids.map((id, i) => `${id},${truth[i]!.join(" ")},${USAGE_CYCLE[i % USAGE_CYCLE.length]}`)),
    // Ignored Ids (i % 8 === 5) may be left out of a submission.
    submission: csv("Id,Predicted", ids.flatMap((id, i) => (i % 16 === 5 ? [] : [`${id},${guess[i]!.join(" ")}`]))),
  };
}

const instance = (...params: object[]) => params.map((p) => ({ params: p, files: instanceFiles }));
const CASES: Record<string, Array<{ params: object; files: (seed: number) => { truth: string; submission: string } }>> = {
  "dsb2018-map": instance({}),
  "f1-at-iou": instance({}, { aggregate: "image" }, { threshold: 0.3 }),
  "ap-at-iou": instance({}, { aggregate: "image", threshold: 0.7 }),
  "panoptic-quality": instance({}, { aggregate: "image" }),
  "ctc-seg": instance({}, { aggregate: "image" }),
  dice: instance({}, { aggregate: "pooled" }),
  jaccard: instance({}, { aggregate: "pooled" }),
  "hpa-macro-f1": [{ params: {}, files: (seed) => labelFiles(seed, true) }],
  "macro-f1": [{ params: {}, files: (seed) => labelFiles(seed, false) }, { params: { classCount: 6 }, files: (seed) => labelFiles(seed, false) }],
  accuracy: [{ params: {}, files: (seed) => labelFiles(seed, false) }],
};

/** Data rows of a CSV by their first field, in file order (an instance image has one row per object). */
function rowsById(text: string): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of text.split("\n").slice(1)) {
    if (line.trim() === "") continue;
    const id = line.slice(0, line.indexOf(","));
    rows.set(id, [...(rows.get(id) ?? []), line]);
  }
  return rows;
}

/** Truth and submission of the multiset: each drawn image `copies` times, under new ids, all Public. */
function multisetFiles(truth: string, submission: string, draws: Map<string, number>) {
  const [truthRows, submissionRows] = [rowsById(truth), rowsById(submission)];
  const copies = (rows: Map<string, string[]>, rewrite: (line: string) => string) =>
    [...draws].flatMap(([id, n]) =>
      Array.from({ length: n }, (_, j) => (rows.get(id) ?? []).map((line) => rewrite(`${id}#${j}${line.slice(id.length)}`))).flat(),
    );
  const header = (text: string) => text.slice(0, text.indexOf("\n"));
  return {
    truth: [header(truth), ...copies(truthRows, (line) => line.replace(/,[^,]*$/, ",Public")), ""].join("\n"),
    submission: [header(submission), ...copies(submissionRows, (line) => line), ""].join("\n"),
  };
}

function sumStates(states: ImageStates, counts: (item: ImageStates["items"][number]) => number) {
  const sums = new Float64Array(states.fields.length);
  let images = 0;
  for (const item of states.items) {
    const n = counts(item);
    for (let k = 0; k < n; k++) item.state.forEach((v, f) => (sums[f]! += v));
    images += n;
  }
  return { sums, images };
}

function scored(scorerId: string, truth: string, submission: string, params: object): ScoreReport {
  const result = scoreText(scorerId, truth, submission, params);
  if (!result.ok) throw new Error(`${scorerId}: ${result.error.message}`);
  return result.value;
}

describe("image states", () => {
  it("should be emitted by every registered scorer, or be absent and documented for a rank-based metric", () => {
    for (const id of Object.keys(scorerRegistry)) {
      const scorer = getScorer(id)!;
      const readme = fs.readFileSync(path.join(import.meta.dirname, id, "README.md"), "utf8");
      expect(readme, id).toMatch(/\*\*Per-image statistics\.\*\*/);
      if (RANK_BASED.includes(id)) {
        expect(scorer.scoreOfStates, id).toBeUndefined();
        const report = scored(id, csv("Id,Target", ["a,0", "b,1"]), csv("Id,Scores", ["a,0.9 0.1", "b,0.2 0.8"]), { classCount: 2 });
        expect(report.imageStates, id).toBeUndefined();
      } else {
        // A case below runs it end to end, which checks that it emits the states.
        expect(scorer.scoreOfStates, id).toBeTypeOf("function");
        expect(CASES[id]?.length, id).toBeGreaterThan(0);
      }
    }
  });

  for (const [scorerId, cases] of Object.entries(CASES)) {
    for (const { params, files } of cases) {
      it(`${scorerId} ${JSON.stringify(params)}: summed states give public, private, score and any resample's score`, () => {
        const scorer = getScorer(scorerId)!;
        const scoreOf = (sums: Float64Array, images: number, validated: unknown) => scorer.scoreOfStates!(sums, images, validated);
        for (const seed of [1, 2, 3]) {
          const { truth, submission } = files(seed);
          const report = scored(scorerId, truth, submission, params);
          const states = report.imageStates!;
          expect(states).toBeDefined();

          // One state per scored image, in truth order, never an Ignored one.
          const usages = [...rowsById(truth).entries()].map(([id, rows]) => ({ id, usage: rows[0]!.slice(rows[0]!.lastIndexOf(",") + 1) }));
          expect(states.items.map(({ id, usage }) => ({ id, usage }))).toEqual(usages.filter((u) => u.usage !== "Ignored"));
          for (const item of states.items) {
            expect(item.state.length).toBe(states.fields.length);
            expect(item.state.every(Number.isFinite)).toBe(true);
          }
          // Each per-item row has the state of its image; ["score"] promises a plain mean of them.
          const byId = new Map(states.items.map((item) => [item.id, item]));
          for (const row of report.perItem ?? []) expect(byId.get(row.id)?.usage).toBe(row.usage);
          if (states.fields.join() === "score" && report.perItem) {
            expect(report.perItem.map((row) => [row.id, row.score])).toEqual(states.items.map((item) => [item.id, item.state[0]]));
          }

          const subsetScore = (keep: (usage: SubsetUsage | null) => boolean) => {
            const { sums, images } = sumStates(states, (item) => (keep(item.usage) ? 1 : 0));
            return scoreOf(sums, images, report.params);
          };
          expect(Math.abs(subsetScore((u) => u === "Public") - report.public!)).toBeLessThanOrEqual(1e-12);
          expect(Math.abs(subsetScore((u) => u === "Private") - report.private!)).toBeLessThanOrEqual(1e-12);
          expect(Math.abs(subsetScore(isTestUsage) - report.score)).toBeLessThanOrEqual(1e-12);
          expect(Math.abs(subsetScore((u) => u === "Validation") - report.bySubset!.Validation!.score)).toBeLessThanOrEqual(1e-12);

          // Bootstrap-like multisets, each image drawn 0–3 times, against scoring the multiset itself.
          const rand = mulberry32(100 + seed);
          let compared = 0;
          for (let trial = 0; trial < 12; trial++) {
            const draws = new Map(states.items.map((item) => [item.id, Math.floor(rand() * 4)]));
            const { sums, images } = sumStates(states, (item) => draws.get(item.id) ?? 0);
            const fromStates = scoreOf(sums, images, report.params);
            expect(Number.isFinite(fromStates)).toBe(true);
            if (images === 0) continue;
            const multiset = multisetFiles(truth, submission, draws);
            const direct = scoreText(scorerId, multiset.truth, multiset.submission, params);
            if (!direct.ok) {
              // Only where the metric has no value (ctc-seg without reference objects).
              expect(direct.error.message).toMatch(/undefined/);
              continue;
            }
            expect(Math.abs(fromStates - direct.value.score)).toBeLessThanOrEqual(1e-12);
            compared++;
          }
          expect(compared).toBeGreaterThan(0);
        }
      });
    }
  }
});
