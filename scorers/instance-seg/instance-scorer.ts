// Builds a streaming scorer over the DSB file formats from a per-image measurement and a
// rule for combining measurements (mean over images, or pooled counts over all objects).
import { z } from "zod";
import { meanImageStates, meanOfStates } from "../image-states";
import type { Scorer } from "../scorer";
import { buildReport, undefinedScore } from "../report";
import { isTestUsage, type ImageStates, type ItemScore, type Parsed, type ScoreReport, type ScorerOutput, type SubsetUsage } from "../types";
import {
  loadInstanceTruth,
  mergeInstanceSubmissions,
  newInstanceSubmission,
  updateInstanceSubmission,
  type InstanceSubmission,
  type InstanceTruth,
} from "./instance-csv";
import { imageOverlaps, type ImageOverlaps } from "./overlaps";

export const ZAggregate = z.enum(["image", "pooled"]);

/** Additive counts of one image; pooled scores sum them over images before the formula. */
export type Counts = Record<string, number>;

export interface InstanceMetric<P extends { aggregate: "image" | "pooled"; maxObjectsPerImage: number }> {
  id: string;
  version: string;
  title: string;
  paramsSchema: z.ZodType<P>;
  outputs: readonly ScorerOutput[];
  /** The per-image counts the formula needs. */
  count(overlaps: ImageOverlaps, params: P): Counts;
  /** The keys `count` returns: the fields of the pooled per-image state, in this order. */
  counts: readonly string[];
  /** The score (and any extra outputs) from counts; null when undefined (e.g. no reference objects). */
  formula(counts: Counts, params: P): { score: number; outputs?: Record<string, number> } | null;
  /**
   * Whether `formula` gives every single image a score. If not, a mean over images leaves the
   * unscored ones out, and its per-image state is a sum and a count instead of the score.
   */
  scoresEveryImage: boolean;
}

/** Per-image state of a mean over the images that have a score (see InstanceMetric.scoresEveryImage). */
const SCORED_MEAN_FIELDS = ["sum", "count"];

interface State<P> {
  submission: InstanceSubmission;
  params: P;
}

function sum(all: Counts[]): Counts {
  const total: Counts = {};
  for (const counts of all) for (const [k, v] of Object.entries(counts)) total[k] = (total[k] ?? 0) + v;
  return total;
}

export function instanceScorer<P extends { aggregate: "image" | "pooled"; maxObjectsPerImage: number }>(
  metric: InstanceMetric<P>,
): Scorer<P, InstanceTruth, State<P>> {
  function imageStates(rows: Array<{ id: string; usage: SubsetUsage | null; counts: Counts; score: number | null }>, params: P): ImageStates {
    if (params.aggregate === "pooled") {
      return { fields: [...metric.counts], items: rows.map((r) => ({ id: r.id, usage: r.usage, state: metric.counts.map((k) => r.counts[k] ?? 0) })) };
    }
    if (metric.scoresEveryImage) return meanImageStates(rows.map((r) => ({ id: r.id, usage: r.usage, score: r.score ?? 0 })));
    // An image without a score adds nothing, so a resample of images keeps finalize's mean.
    return { fields: [...SCORED_MEAN_FIELDS], items: rows.map((r) => ({ id: r.id, usage: r.usage, state: r.score === null ? [0, 0] : [r.score, 1] })) };
  }

  /** The metric from summed imageStates; where it is undefined (no image scored, 0/0) it is 0, as each README says. */
  function scoreOfStates(sums: Float64Array, images: number, params: P): number {
    if (params.aggregate === "pooled") {
      const counts: Counts = Object.fromEntries(metric.counts.map((k, i) => [k, sums[i] ?? 0]));
      return metric.formula(counts, params)?.score ?? 0;
    }
    if (metric.scoresEveryImage) return meanOfStates(sums, images);
    const [sum = 0, count = 0] = sums;
    return count === 0 ? 0 : sum / count;
  }

  function aggregate(rows: Array<{ counts: Counts; score: number | null }>, params: P) {
    if (params.aggregate === "pooled") return metric.formula(sum(rows.map((r) => r.counts)), params);
    const scores = rows.map((r) => r.score).filter((s): s is number => s !== null);
    return scores.length === 0 ? null : { score: scores.reduce((a, b) => a + b, 0) / scores.length };
  }

  function finalize(state: State<P>): Parsed<ScoreReport> {
    const { submission, params } = state;
    if (!submission.headerSeen) return { ok: false, error: { message: "The file is empty.", line: 1 } };
    const rows: Array<{ id: string; usage: SubsetUsage | null; counts: Counts; score: number | null }> = [];
    for (const imageId of submission.truth.order) {
      const image = submission.truth.images.get(imageId);
      if (!image) continue;
      const table = imageOverlaps(imageId, image, submission.predictions.get(imageId) ?? []);
      if (!table.ok) return table;
      if (image.usage === "Ignored") continue; // validated above, never scored
      const counts = metric.count(table.value, params);
      rows.push({ id: imageId, usage: image.usage, counts, score: metric.formula(counts, params)?.score ?? null });
    }
    // Validation images are scored per image and as their own subset, never in the test score.
    const overall = aggregate(rows.filter((r) => isTestUsage(r.usage)), params);
    if (!overall) return undefinedScore(metric.id);
    const perItem: ItemScore[] = rows
      .filter((r) => r.score !== null)
      .map((r) => ({ id: r.id, usage: r.usage, score: r.score ?? 0, values: r.counts }));
    return {
      ok: true,
      value: buildReport(metric, {
        overall,
        hasUsage: submission.truth.hasUsage,
        subset: (usage) => {
          const part = aggregate(rows.filter((r) => r.usage === usage), params);
          return part ? { score: part.score, ...(part.outputs ? { outputs: part.outputs } : {}) } : null;
        },
        params,
        perItem,
        imageStates: imageStates(rows, params),
        itemMean: params.aggregate === "image",
      }),
    };
  }

  return {
    id: metric.id,
    version: metric.version,
    title: metric.title,
    paramsSchema: metric.paramsSchema,
    outputs: metric.outputs,
    loadTruth: (text) => loadInstanceTruth(text),
    init: (truth, params) => ({ submission: newInstanceSubmission(truth, params.maxObjectsPerImage), params }),
    update: (state, line, lineNumber) => updateInstanceSubmission(state.submission, line, lineNumber),
    merge: (a, b) => ({ ...a, submission: mergeInstanceSubmissions(a.submission, b.submission) }),
    finalize,
    scoreOfStates,
  };
}

export const ZMaxObjects = z.number().int().min(1).max(1_000_000).default(1000);

/** IoU thresholds in steps of 1/10000, so they compare exactly. */
export const ZThreshold = z
  .number()
  .gt(0)
  .lt(1)
  .refine((t) => Math.abs(t * 10_000 - Math.round(t * 10_000)) < 1e-6, "use at most 4 decimals");
