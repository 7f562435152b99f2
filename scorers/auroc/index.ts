// Macro-averaged area under the ROC curve for multi-label scores: per class, the
// Mann–Whitney statistic with tied scores sharing their average rank.
import { z } from "zod";
import { parseScores } from "../classification/id-table";
import { idTableScorer, macroOverClasses } from "../classification/id-table-scorer";

const ZParams = z.object({ classCount: z.number().int().min(2).max(10_000).default(28) }).strict();

/** AUC of one class, or null without both positives and negatives. */
export function rocAuc(scores: Float64Array, positive: Uint8Array): number | null {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (scores[a] ?? 0) - (scores[b] ?? 0));
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]!] === scores[order[i]!]) j++;
    const averageRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (positive[order[k]!]) {
        positives++;
        rankSum += averageRank;
      }
    }
    i = j + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return null;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export const auroc = idTableScorer({
  id: "auroc",
  version: "1.3.0",
  title: "Macro ROC AUC (multi-label scores)",
  paramsSchema: ZParams,
  outputs: [
    { key: "score", label: "macro AUROC", higherIsBetter: true, range: [0, 1] },
    { key: "classesScored", label: "classes with both outcomes", higherIsBetter: true, range: [0, 10_000] },
  ],
  column: "Scores",
  parse: (text, params) => parseScores(text, params.classCount),
  compute: (ids, truth, rows, params) => macroOverClasses(ids, truth, rows, params.classCount, rocAuc),
});
