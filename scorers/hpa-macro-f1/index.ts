// Human Protein Atlas Image Classification: macro F1 over the 28 classes, with F1 = 0 for a
// class that has no true and no predicted labels (scikit-learn's zero_division=0).
import { z } from "zod";
import { parseClassList } from "../classification/id-table";
import { idTableScorer, labelCountStates, macroF1OfStates, macroMean, perClassF1 } from "../classification/id-table-scorer";
import { HPA_CLASSES } from "./classes";

const CLASS_COUNT = HPA_CLASSES.length;
const ALL_CLASSES = HPA_CLASSES.map((_, c) => c);

const ZParams = z
  .object({ classCount: z.literal(CLASS_COUNT).default(CLASS_COUNT) })
  .strict();

export const hpaMacroF1 = idTableScorer({
  id: "hpa-macro-f1",
  version: "1.3.0",
  title: "Macro F1 over the 28 HPA classes",
  paramsSchema: ZParams,
  outputs: [{ key: "score", label: "macro F1", higherIsBetter: true, range: [0, 1] }],
  column: "Predicted",
  // Rows are label sets: a label repeated in one row counts once.
  parse: (text) => parseClassList(text, CLASS_COUNT),
  compute(ids, truth, rows) {
    const perClass = perClassF1(ids, (id) => truth.labels.get(id) ?? [], (id) => rows.get(id) ?? [], ALL_CLASSES, (c) => HPA_CLASSES[c] ?? String(c));
    return { score: macroMean(perClass), perClass };
  },
  states: {
    build: (_ids, truth, rows) => labelCountStates(ALL_CLASSES, (id) => truth.labels.get(id) ?? [], (id) => rows.get(id) ?? []),
    score: (sums) => macroF1OfStates(sums, false),
  },
});
