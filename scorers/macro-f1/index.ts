// Single-label macro F1: per class 2TP/(2TP+FP+FN), 0 when the class never occurs on either
// side within the averaged classes (scikit-learn's zero_division=0), averaged over classes.
import { classesOf, idTableScorer, macroMean, perClassF1 } from "../classification/id-table-scorer";
import { checkSingleLabelTruth, parseSingleLabel, ZSingleLabelParams } from "../classification/single-label";

export const macroF1 = idTableScorer({
  id: "macro-f1",
  version: "1.3.0",
  title: "Macro F1 (single-label classification)",
  paramsSchema: ZSingleLabelParams,
  outputs: [{ key: "score", label: "macro F1", higherIsBetter: true, range: [0, 1] }],
  column: "Predicted",
  checkTruth: checkSingleLabelTruth,
  parse: parseSingleLabel,
  compute(ids, truth, rows, params) {
    if (ids.length === 0) return null;
    const predictedOf = (id: string) => [rows.get(id) ?? 0];
    const classes = classesOf(ids, truth, predictedOf, params.classCount);
    const perClass = perClassF1(ids, (id) => truth.labels.get(id) ?? [], predictedOf, classes);
    return { score: macroMean(perClass), perClass };
  },
});
