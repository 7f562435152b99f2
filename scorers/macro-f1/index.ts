// Single-label macro F1: per class 2TP/(2TP+FP+FN), 0 when the class never occurs on either
// side within the averaged classes (scikit-learn's zero_division=0), averaged over classes.
import { classesOf, idTableScorer, labelCountStates, macroF1OfStates, macroMean, perClassF1 } from "../classification/id-table-scorer";
import { checkSingleLabelTruth, parseSingleLabel, ZSingleLabelParams } from "../classification/single-label";

/** A single-label prediction as the label list perClassF1 and labelCountStates take. */
const predictionsOf = (rows: Map<string, number>) => (id: string) => [rows.get(id) ?? 0];

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
    const predictedOf = predictionsOf(rows);
    const classes = classesOf(ids, truth, predictedOf, params.classCount);
    const perClass = perClassF1(ids, (id) => truth.labels.get(id) ?? [], predictedOf, classes);
    return { score: macroMean(perClass), perClass };
  },
  states: {
    // Without classCount: the classes of all scored Ids; a resample averages those it has labels of.
    build: (ids, truth, rows, params) => {
      const predictedOf = predictionsOf(rows);
      return labelCountStates(classesOf(ids, truth, predictedOf, params.classCount), (id) => truth.labels.get(id) ?? [], predictedOf);
    },
    score: (sums, _images, params) => macroF1OfStates(sums, params.classCount === null),
  },
});
