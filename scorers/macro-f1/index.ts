// Single-label macro F1: per class 2TP/(2TP+FP+FN), 0 when the class never occurs on either
// side within the averaged classes (scikit-learn's zero_division=0), averaged over classes.
import { classesOf, idTableScorer } from "../classification/id-table-scorer";
import { parseSingleLabel, ZSingleLabelParams } from "../classification/single-label";
import type { ClassScore } from "../types";

export const macroF1 = idTableScorer({
  id: "macro-f1",
  version: "1.0.0",
  title: "Macro F1 (single-label classification)",
  paramsSchema: ZSingleLabelParams,
  outputs: [{ key: "score", label: "macro F1", higherIsBetter: true, range: [0, 1] }],
  column: "Predicted",
  parse: parseSingleLabel,
  compute(ids, truth, rows, params) {
    if (ids.length === 0) return null;
    const classes = classesOf(ids, truth, (id) => [rows.get(id) ?? 0], params.classCount);
    const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
    const perClass: ClassScore[] = classes.map((c) => {
      let tp = 0;
      let fp = 0;
      let fn = 0;
      for (const id of ids) {
        const t = truth.labels.get(id)?.[0];
        const p = rows.get(id);
        if (t === c && p === c) tp++;
        else if (p === c) fp++;
        else if (t === c) fn++;
      }
      return { classId: c, name: String(c), f1: ratio(2 * tp, 2 * tp + fp + fn), precision: ratio(tp, tp + fp), recall: ratio(tp, tp + fn), support: tp + fn };
    });
    return { score: perClass.reduce((s, c) => s + c.f1, 0) / perClass.length, perClass };
  },
});
