import { isClassificationTask } from "../../../datasets/task-types";
import { HPA_CLASSES } from "../../../scorers/hpa-macro-f1/classes";

/**
 * A classification dataset's number of classes; those stored before class names were kept have
 * HPA's 28 (single-label datasets are newer and always store their names).
 */
export function datasetClassCount(dataset: { taskType: string; classNames: readonly string[] }): number | null {
  if (!isClassificationTask(dataset.taskType)) return null;
  return dataset.classNames.length > 0 ? dataset.classNames.length : HPA_CLASSES.length;
}
