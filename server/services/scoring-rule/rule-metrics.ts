// The metrics a challenge's rule may name: the built-in scorers that read its dataset's truth,
// and the custom scorer versions that passed their trial for it.
import type { TaskType } from "../../../datasets/task-types";
import { getScorer } from "../../../scorers";
import { paramsSchemaOf, ZCustomScorerDeclarationSchema } from "../../../scorers/custom/declaration";
import type { MetricChoice } from "../../contracts/scoring-rule";
import { customScorerRepository, type CustomScorerVersionRecord } from "../../repositories/custom-scorer-repository";
import { customMetricId, parseCustomMetricId } from "../custom-scorer/custom-metric-id";
import { paramFields } from "./param-fields";
import { datasetClassCount } from "../dataset/class-count";
import { takesClassCount, type DatasetClasses, type RuleMetric } from "./rule-document";

/**
 * Which scorers read which truth layout (the DSB CSV, or HPA-style Id,Target rows with several
 * labels, or with exactly one). The multi-label metrics would accept single-label truth but
 * score another question (each class on its own), so they are not offered for it.
 */
const METRICS_BY_TASK = {
  instance_segmentation: ["dsb2018-map", "f1-at-iou", "ap-at-iou", "panoptic-quality", "ctc-seg", "dice", "jaccard"],
  multilabel_classification: ["hpa-macro-f1", "auroc", "mean-average-precision"],
  singlelabel_classification: ["accuracy", "macro-f1"],
} as const;

export function metricsForTask(taskType: TaskType): readonly string[] {
  return METRICS_BY_TASK[taskType];
}

export function builtInRuleMetric(id: string): RuleMetric | null {
  const scorer = getScorer(id);
  if (!scorer) return null;
  return { id, title: scorer.title, custom: false, outputs: scorer.outputs, paramsSchema: scorer.paramsSchema, statistics: scorer.scoreOfStates !== undefined };
}

function customRuleMetric(row: CustomScorerVersionRecord): RuleMetric | null {
  const declaration = ZCustomScorerDeclarationSchema.safeParse(row.declaration);
  if (!declaration.success) return null;
  return {
    id: customMetricId(row.scorerId, row.version),
    title: declaration.data.title,
    custom: true,
    outputs: declaration.data.outputs,
    paramsSchema: paramsSchemaOf(declaration.data.params),
    // The server keeps no per-image states of a custom scorer (it cannot trust its scoreOfStates).
    statistics: false,
    moduleKey: row.moduleKey,
  };
}

/** The metric `metricId` names for this challenge, or null when it names none it may use. */
export async function ruleMetricFor(challenge: { id: string; dataset: { taskType: TaskType } }, metricId: string): Promise<RuleMetric | null> {
  const custom = parseCustomMetricId(metricId);
  if (custom) {
    const row = await customScorerRepository.findByChallengeAndVersion(challenge.id, custom.scorerId, custom.version);
    return row ? customRuleMetric(row) : null;
  }
  return metricsForTask(challenge.dataset.taskType).includes(metricId) ? builtInRuleMetric(metricId) : null;
}

/** Every metric the host may choose, each with its generated parameter form. */
export async function metricChoices(challenge: { id: string; dataset: { taskType: TaskType } }, fixedKeys: (metric: RuleMetric) => string[]): Promise<MetricChoice[]> {
  const builtIn = metricsForTask(challenge.dataset.taskType).flatMap((id) => builtInRuleMetric(id) ?? []);
  const custom = (await customScorerRepository.listByChallenge(challenge.id)).flatMap((row) => customRuleMetric(row) ?? []);
  return [...builtIn, ...custom].map((metric) => ({
    id: metric.id,
    title: metric.title,
    custom: metric.custom,
    outputs: metric.outputs.map((o) => ({ ...o, range: [o.range[0], o.range[1]] as [number, number] })),
    fields: paramFields(metric.paramsSchema, fixedKeys(metric)),
    statistics: metric.statistics,
  }));
}

/** Parameters the challenge sets itself: a classification dataset's class count. */
export const classCountKeys = (classes: DatasetClasses | null) => (metric: RuleMetric) => (classes !== null && takesClassCount(metric.paramsSchema) ? ["classCount"] : []);

/** A classification dataset's classes and the built-in metrics for its task that can score them; null otherwise. */
export function datasetClasses(dataset: { slug: string; taskType: TaskType; classNames: readonly string[] }): DatasetClasses | null {
  const count = datasetClassCount(dataset);
  if (count === null) return null;
  const fitting = metricsForTask(dataset.taskType).filter((id) => getScorer(id)?.paramsSchema.safeParse({ classCount: count }).success);
  return { count, datasetSlug: dataset.slug, fitting };
}
