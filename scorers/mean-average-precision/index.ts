// Macro mean of per-class average precision for multi-label scores, as scikit-learn's
// average_precision_score: AP = Σ_n (R_n − R_{n−1}) · P_n over distinct score thresholds.
import { z } from "zod";
import { parseScores } from "../classification/id-table";
import { idTableScorer, macroOverClasses } from "../classification/id-table-scorer";

const ZParams = z.object({ classCount: z.number().int().min(1).max(10_000).default(28) }).strict();

/** AP of one class, or null when it has no positives. */
export function averagePrecision(scores: Float64Array, positive: Uint8Array): number | null {
  const n = scores.length;
  const totalPositives = positive.reduce((s, v) => s + v, 0);
  if (totalPositives === 0) return null;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0));
  let tp = 0;
  let seen = 0;
  let previousRecall = 0;
  let ap = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]!] === scores[order[i]!]) j++;
    for (let k = i; k <= j; k++) tp += positive[order[k]!] ?? 0;
    seen = j + 1;
    const recall = tp / totalPositives;
    ap += (recall - previousRecall) * (tp / seen);
    previousRecall = recall;
    i = j + 1;
  }
  return ap;
}

export const meanAveragePrecision = idTableScorer({
  id: "mean-average-precision",
  version: "1.3.0",
  title: "Macro mean average precision (multi-label scores)",
  paramsSchema: ZParams,
  outputs: [
    { key: "score", label: "mAP", higherIsBetter: true, range: [0, 1] },
    { key: "classesScored", label: "classes with positives", higherIsBetter: true, range: [0, 10_000] },
  ],
  column: "Scores",
  parse: (text, params) => parseScores(text, params.classCount),
  compute: (ids, truth, rows, params) => macroOverClasses(ids, truth, rows, params.classCount, averagePrecision),
});
