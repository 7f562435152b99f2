// The metrics a challenge's rule may name: the built-in scorers that read its dataset's truth,
// and the custom scorer versions that passed their trial for it.
import { getScorer } from "../../../scorers";
import { paramsSchemaOf, ZCustomScorerDeclarationSchema } from "../../../scorers/custom/declaration";
import type { MetricChoice } from "../../contracts/scoring-rule";
import { customScorerRepository, type CustomScorerVersionRecord } from "../../repositories/custom-scorer-repository";
import { metricsForTask } from "../challenge/create-challenge";
import { customMetricId, parseCustomMetricId } from "../custom-scorer/custom-metric-id";
import { paramFields } from "./param-fields";
import { datasetClassCount } from "../dataset/class-count";
import { takesClassCount, type DatasetClasses, type RuleMetric } from "./rule-document";

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
export async function ruleMetricFor(challenge: { id: string; dataset: { taskType: string } }, metricId: string): Promise<RuleMetric | null> {
  const custom = parseCustomMetricId(metricId);
  if (custom) {
    const row = await customScorerRepository.findByChallengeAndVersion(challenge.id, custom.scorerId, custom.version);
    return row ? customRuleMetric(row) : null;
  }
  return metricsForTask(challenge.dataset.taskType as Parameters<typeof metricsForTask>[0]).includes(metricId) ? builtInRuleMetric(metricId) : null;
}

/** Every metric the host may choose, each with its generated parameter form. */
export async function metricChoices(challenge: { id: string; dataset: { taskType: string } }, fixedKeys: (metric: RuleMetric) => string[]): Promise<MetricChoice[]> {
  const builtIn = metricsForTask(challenge.dataset.taskType as Parameters<typeof metricsForTask>[0]).flatMap((id) => builtInRuleMetric(id) ?? []);
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
export function datasetClasses(dataset: { slug: string; taskType: string; classNames: readonly string[] }): DatasetClasses | null {
  const count = datasetClassCount(dataset);
  if (count === null) return null;
  const fitting = metricsForTask(dataset.taskType as Parameters<typeof metricsForTask>[0]).filter((id) => getScorer(id)?.paramsSchema.safeParse({ classCount: count }).success);
  return { count, datasetSlug: dataset.slug, fitting };
}
