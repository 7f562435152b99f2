// The task a dataset poses, as the database's TaskType enum spells it. Both classification
// tasks share the HPA layout, truth CSV (`Id,Target[,Usage]`) and archives; they differ in
// how many labels an image has, hence in the metrics and the model's decision rule.

export const CLASSIFICATION_TASK_TYPES = ["multilabel_classification", "singlelabel_classification"] as const;
export type ClassificationTaskType = (typeof CLASSIFICATION_TASK_TYPES)[number];

export const TASK_TYPES = ["instance_segmentation", ...CLASSIFICATION_TASK_TYPES] as const;
export type TaskType = (typeof TASK_TYPES)[number];

export function isClassificationTask(taskType: string): taskType is ClassificationTaskType {
  return (CLASSIFICATION_TASK_TYPES as readonly string[]).includes(taskType);
}

/** For messages and pages. */
export const TASK_TYPE_TITLES = {
  instance_segmentation: "instance segmentation",
  multilabel_classification: "multi-label classification",
  singlelabel_classification: "single-label classification",
} as const satisfies Record<TaskType, string>;
