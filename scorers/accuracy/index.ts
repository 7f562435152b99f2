// Single-label accuracy: the share of test Ids whose predicted class is the true class.
import { idTableScorer } from "../classification/id-table-scorer";
import { checkSingleLabelTruth, parseSingleLabel, ZSingleLabelParams } from "../classification/single-label";
import { MEAN_FIELDS, meanOfStates } from "../image-states";

export const accuracy = idTableScorer({
  id: "accuracy",
  version: "1.3.0",
  title: "Accuracy (single-label classification)",
  paramsSchema: ZSingleLabelParams,
  outputs: [{ key: "score", label: "accuracy", higherIsBetter: true, range: [0, 1] }],
  column: "Predicted",
  checkTruth: checkSingleLabelTruth,
  parse: parseSingleLabel,
  compute(ids, truth, rows) {
    if (ids.length === 0) return null;
    const correct = ids.filter((id) => truth.labels.get(id)?.[0] === rows.get(id)).length;
    return { score: correct / ids.length };
  },
  // Accuracy is the mean over Ids of "predicted right" (1 or 0).
  states: {
    build: (_ids, truth, rows) => ({ fields: [...MEAN_FIELDS], of: (id) => [truth.labels.get(id)?.[0] === rows.get(id) ? 1 : 0] }),
    score: meanOfStates,
  },
});
