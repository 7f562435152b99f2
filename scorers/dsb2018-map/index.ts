// 2018 Data Science Bowl: mean over images of the average, over IoU thresholds 0.50…0.95,
// of TP / (TP + FP + FN). See README.md for the exact definition and our edge-case choices.
import { z } from "zod";
import { meanImageStates, meanOfStates } from "../image-states";
import {
  loadInstanceTruth,
  mergeInstanceSubmissions,
  newInstanceSubmission,
  updateInstanceSubmission,
  type InstanceSubmission,
  type InstanceTruth,
} from "../instance-seg/instance-csv";
import { imageOverlaps, unionOf } from "../instance-seg/overlaps";
import { buildReport } from "../report";
import type { Scorer } from "../scorer";
import { isTestUsage, type ItemScore, type Parsed, type ScoreReport, type SubsetUsage } from "../types";

const THRESHOLD_STEPS = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19] as const; // t = k / 20

const ZParams = z.object({ maxObjectsPerImage: z.number().int().min(1).max(1_000_000).default(1000) }).strict();
type Params = z.infer<typeof ZParams>;

interface State {
  submission: InstanceSubmission;
  params: Params;
}

const mean = (values: number[]) => (values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length);

function finalize(state: State): Parsed<ScoreReport> {
  const { submission } = state;
  if (!submission.headerSeen) return { ok: false, error: { message: "The file is empty.", line: 1 } };
  const perItem: ItemScore[] = [];
  // Precision at each threshold per image, so the breakdown can be given per subset too.
  const precisionsOf = new Map<string, number[]>();
  for (const imageId of submission.truth.order) {
    const image = submission.truth.images.get(imageId);
    if (!image) continue;
    const table = imageOverlaps(imageId, image, submission.predictions.get(imageId) ?? []);
    if (!table.ok) return table;
    if (image.usage === "Ignored") continue; // decoy: validated above, never scored
    const overlaps = table.value;
    const { nTrue, nPred } = overlaps;
    // Objects on each side are disjoint, so above IoU 0.5 a match is one-to-one: TP(t) is
    // the number of pairs above t. Decided exactly: IoU > k/20  <=>  20·I > k·U.
    const tpAt = THRESHOLD_STEPS.map(() => 0);
    for (const pair of overlaps.pairs) {
      const union = unionOf(overlaps, pair);
      THRESHOLD_STEPS.forEach((k, s) => {
        if (20 * pair.intersection > k * union) tpAt[s] = (tpAt[s] ?? 0) + 1;
      });
    }
    const precisions =
      nTrue === 0 && nPred === 0
        ? THRESHOLD_STEPS.map(() => 1) // our choice; Kaggle's kernel gives NaN (0/0)
        : tpAt.map((tp) => tp / (tp + (nPred - tp) + (nTrue - tp)));
    precisionsOf.set(imageId, precisions);
    const tp50 = tpAt[0] ?? 0;
    perItem.push({ id: imageId, usage: image.usage, score: mean(precisions), values: { tp50, fp50: nPred - tp50, fn50: nTrue - tp50 } });
  }
  const perThreshold = (items: readonly ItemScore[]) =>
    THRESHOLD_STEPS.map((k, s) => ({ threshold: k / 20, value: mean(items.map((i) => precisionsOf.get(i.id)?.[s] ?? 0)) }));
  // No image in a subset (e.g. no Private rows): no score, rather than a misleading 0.
  const subset = (usage: SubsetUsage) => {
    const items = perItem.filter((i) => i.usage === usage);
    return items.length === 0 ? null : { score: mean(items.map((i) => i.score)), perThreshold: perThreshold(items) };
  };
  // Validation images have per-image rows and their own subset, but are not test images.
  const testItems = perItem.filter((i) => isTestUsage(i.usage));
  return {
    ok: true,
    value: buildReport(dsb2018Map, {
      overall: { score: mean(testItems.map((i) => i.score)) },
      hasUsage: submission.truth.hasUsage,
      subset,
      params: state.params,
      perItem,
      imageStates: meanImageStates(perItem),
      perThreshold: perThreshold(testItems),
      itemMean: true,
    }),
  };
}

export const dsb2018Map: Scorer<Params, InstanceTruth, State> = {
  id: "dsb2018-map",
  version: "1.3.0",
  title: "Mean average precision over IoU thresholds 0.50–0.95 (DSB 2018)",
  paramsSchema: ZParams,
  outputs: [{ key: "score", label: "mAP@[.5:.95]", higherIsBetter: true, range: [0, 1] }],
  loadTruth: (text) => loadInstanceTruth(text),
  init: (truth, params) => ({ submission: newInstanceSubmission(truth, params.maxObjectsPerImage), params }),
  update: (state, line, lineNumber) => updateInstanceSubmission(state.submission, line, lineNumber),
  merge: (a, b) => ({ ...a, submission: mergeInstanceSubmissions(a.submission, b.submission) }),
  finalize,
  scoreOfStates: meanOfStates,
};
