// A challenge's ONNX model contract, completed and checked against the dataset it scores: a
// classification model must output one score per class of that dataset and, for single-label
// data, name exactly one class per image. Pure; throws AppError with what to change.
import { isClassificationTask, TASK_TYPE_TITLES, type TaskType } from "../../../datasets/task-types";
import { describeZodIssues } from "../../contracts/common";
import { AppError } from "../../errors";
import { ZModelContractSchema, type ModelContract } from "../../onnx/model-contract";
import { datasetClassCount } from "../dataset/class-count";

interface DatasetForContract {
  slug: string;
  taskType: TaskType;
  classNames: readonly string[];
}

/**
 * What a classification contract leaves out comes from the dataset, not from the schema's
 * HPA defaults: its class count, and argmax for single-label data. A 28-class multi-label
 * dataset gets exactly the schema's defaults, so HPA challenges stay as they were.
 */
function withDatasetDefaults(raw: unknown, dataset: DatasetForContract): unknown {
  const classCount = datasetClassCount(dataset);
  if (classCount === null || typeof raw !== "object" || raw === null || Array.isArray(raw)) return raw;
  const given = raw as Record<string, unknown>;
  if (given.task !== "classification") return raw;
  return {
    ...given,
    classCount: given.classCount ?? classCount,
    decision: given.decision ?? (dataset.taskType === "singlelabel_classification" ? "argmax" : "threshold"),
  };
}

export function modelContractForDataset(raw: unknown, dataset: DatasetForContract): ModelContract {
  const parsed = ZModelContractSchema.safeParse(withDatasetDefaults(raw, dataset));
  if (!parsed.success) {
    throw new AppError("INVALID_INPUT", { message: `A challenge that takes ONNX models needs a valid model contract: ${describeZodIssues(parsed.error, "contract", Infinity)}` });
  }
  const contract = parsed.data;
  const title = TASK_TYPE_TITLES[dataset.taskType];
  if ((contract.task === "classification") !== isClassificationTask(dataset.taskType)) {
    throw new AppError("INVALID_INPUT", { message: `A ${contract.task} model contract does not fit a ${title} dataset.` });
  }
  if (contract.task === "classification") {
    const classCount = datasetClassCount(dataset);
    if (contract.classCount !== classCount) {
      throw new AppError("INVALID_INPUT", {
        message: `The model contract's classCount ${contract.classCount} does not match the ${classCount} classes of dataset "${dataset.slug}"; leave classCount out to take the dataset's.`,
      });
    }
    // Thresholds may name no class or several, which a single-label scorer rejects per image.
    if (dataset.taskType === "singlelabel_classification" && contract.decision !== "argmax") {
      throw new AppError("INVALID_INPUT", {
        message: `Dataset "${dataset.slug}" is single-label: the model contract needs decision "argmax" (exactly one class per image), not "${contract.decision}".`,
      });
    }
  }
  return contract;
}
