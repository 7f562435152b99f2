import { HPA_CLASSES } from "../../../scorers/hpa-macro-f1/classes";

/** A classification dataset's number of classes; those stored before class names were kept have HPA's 28. */
export function datasetClassCount(dataset: { taskType: string; classNames: readonly string[] }): number | null {
  if (dataset.taskType !== "multilabel_classification") return null;
  return dataset.classNames.length > 0 ? dataset.classNames.length : HPA_CLASSES.length;
}
