// The scoring rule's meaning, without I/O: checking a rule against its metric, what changed
// between two versions, and which numbers a scorer's report puts on each board under a rule.
import type { z } from "zod";
import { ZScoringRuleSchema, type ScoringRule } from "../../contracts/scoring-rule";
import { describeZodIssues } from "../../contracts/common";

/** What a rule needs to know about its metric (built-in or custom). */
export interface RuleMetric {
  id: string;
  title: string;
  custom: boolean;
  outputs: ReadonlyArray<{ key: string; label: string; higherIsBetter: boolean; range: readonly [number, number] }>;
  paramsSchema: z.ZodType;
  /** It has per-image states: intervals and the Ladder exist for its "score". */
  statistics: boolean;
  /** A custom scorer's compiled module (blob key). */
  moduleKey?: string;
}

/** A metric ranked by its score: ties to the earlier submission, no columns, the private images. */
function scoreRule(metricId: string, params: unknown, direction: ScoringRule["ranking"]["direction"]): ScoringRule {
  return {
    metric: { id: metricId, params: params as ScoringRule["metric"]["params"] },
    ranking: { output: "score", direction, tieBreak: "earlier-submission" },
    columns: [],
    privateBoard: "private-images",
  };
}

/** The rule a challenge gets with its metric: rank by the metric's score in its declared direction. */
export function defaultRule(metric: RuleMetric, params: Record<string, unknown>): ScoringRule {
  return scoreRule(metric.id, params, metric.outputs[0]?.higherIsBetter === false ? "lower" : "higher");
}

/**
 * A challenge's stored rule. The migration gave every challenge one and every write checks
 * it; a row that still does not parse (edited by hand) reads as its metric ranked by score,
 * higher first, the registry's direction for every built-in scorer.
 */
export function readStoredRule(row: { scoringRule: unknown; metricId: string; metricParams?: unknown }): ScoringRule {
  const parsed = ZScoringRuleSchema.safeParse(row.scoringRule);
  return parsed.success ? parsed.data : scoreRule(row.metricId, row.metricParams ?? {}, "higher");
}

export const higherIsBetter = (rule: Pick<ScoringRule, "ranking">): boolean => rule.ranking.direction === "higher";

/** Whether a parameter schema has a `classCount` key (the dataset's class count goes there). */
export function takesClassCount(schema: z.ZodType): boolean {
  const shape = (schema as { shape?: Record<string, unknown> }).shape;
  return shape !== undefined && "classCount" in shape;
}

/** A classification dataset's classes, and the metrics for its task that can score that many. */
export interface DatasetClasses {
  count: number;
  datasetSlug: string;
  fitting: readonly string[];
}

/**
 * The metric's parameters with defaults filled in, for a challenge on a dataset with `classes`
 * (null: not classification): a metric taking classCount scores exactly the dataset's classes
 * unless the host gives another count. The problems instead, when they do not fit.
 */
function resolveParams(metric: RuleMetric, params: Record<string, unknown>, classes: DatasetClasses | null): { params: Record<string, unknown> } | { problems: string[] } {
  const injected = classes !== null && takesClassCount(metric.paramsSchema) && !("classCount" in params);
  if (injected && !metric.paramsSchema.safeParse({ ...params, classCount: classes.count }).success) {
    return { problems: [`Metric "${metric.id}" cannot score the ${classes.count} classes of dataset "${classes.datasetSlug}"; use one that takes classCount (${classes.fitting.join(", ") || "none"}).`] };
  }
  const parsed = metric.paramsSchema.safeParse(injected ? { ...params, classCount: classes.count } : params);
  if (!parsed.success) return { problems: [`Metric parameters: ${describeZodIssues(parsed.error, "params", Infinity)}`] };
  return { params: parsed.data as Record<string, unknown> };
}

/**
 * The rule as it will be stored (parameters normalised by the metric's schema), or every
 * problem with it, each naming the field. `ladderPhases`: names of phases guarded by the
 * Ladder, which needs per-image states of the ranked output.
 */
export function checkRule(
  rule: ScoringRule,
  metric: RuleMetric,
  context: { classes: DatasetClasses | null; ladderPhases: readonly string[] },
): { ok: true; rule: ScoringRule } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const outputs = new Map(metric.outputs.map((o) => [o.key, o]));
  const keys = metric.outputs.map((o) => o.key).join(", ");
  const ranked = outputs.get(rule.ranking.output);
  if (!ranked) problems.push(`ranking.output: "${rule.ranking.output}" is not an output of ${metric.id} (it has ${keys}).`);
  else if ((rule.ranking.direction === "higher") !== ranked.higherIsBetter) {
    problems.push(
      `ranking.direction: ${metric.id}'s output "${ranked.key}" (${ranked.label}) is ${ranked.higherIsBetter ? "higher" : "lower"}-is-better; ranking it ${rule.ranking.direction}-first would put the worst entry on top.`,
    );
  }
  for (const [i, column] of rule.columns.entries()) {
    if (!outputs.has(column)) problems.push(`columns[${i}]: "${column}" is not an output of ${metric.id} (it has ${keys}).`);
    else if (column === rule.ranking.output) problems.push(`columns[${i}]: "${column}" is the ranked output, which every board shows already.`);
    else if (rule.columns.indexOf(column) !== i) problems.push(`columns[${i}]: "${column}" is listed twice.`);
  }
  const unguardable = ladderUnavailable(rule, metric.statistics);
  if (context.ladderPhases.length > 0 && unguardable) {
    problems.push(`ranking: the overfitting guard (Ladder) of ${context.ladderPhases.map((p) => `"${p}"`).join(", ")} ${unguardable}; turn the guard off first.`);
  }
  const params = resolveParams(metric, rule.metric.params, context.classes);
  if ("problems" in params) problems.push(...params.problems);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, rule: { ...rule, metric: { id: metric.id, params: (params as { params: ScoringRule["metric"]["params"] }).params } } };
}

/**
 * Why the Ladder cannot guard boards under this rule (it compares per-image states of the
 * ranked output), or null when it can. `statistics`: the metric keeps per-image states.
 */
export function ladderUnavailable(rule: Pick<ScoringRule, "metric" | "ranking">, statistics: boolean): string | null {
  if (rule.ranking.output !== "score") return `needs per-image states of the ranked output, which output "${rule.ranking.output}" does not have`;
  if (!statistics) return `needs per-image states, which ${rule.metric.id} does not keep`;
  return null;
}

const show = (value: unknown) => (value === undefined ? "(none)" : JSON.stringify(value));

/** What changed from `before` to `after`, one line per field ("metric.params.threshold: 0.5 → 0.7"). */
export function ruleChanges(before: ScoringRule | null, after: ScoringRule): string[] {
  if (!before) return ["the first rule"];
  const changes: string[] = [];
  if (before.metric.id !== after.metric.id) changes.push(`metric: ${before.metric.id} → ${after.metric.id}`);
  const keys = [...new Set([...Object.keys(before.metric.params), ...Object.keys(after.metric.params)])].sort();
  for (const key of keys) {
    const a = before.metric.params[key];
    const b = after.metric.params[key];
    if (JSON.stringify(a) !== JSON.stringify(b)) changes.push(`metric.params.${key}: ${show(a)} → ${show(b)}`);
  }
  for (const key of ["output", "direction", "tieBreak"] as const) {
    if (before.ranking[key] !== after.ranking[key]) changes.push(`ranking.${key}: ${before.ranking[key]} → ${after.ranking[key]}`);
  }
  if (JSON.stringify(before.columns) !== JSON.stringify(after.columns)) changes.push(`columns: [${before.columns.join(", ")}] → [${after.columns.join(", ")}]`);
  if (before.privateBoard !== after.privateBoard) changes.push(`privateBoard: ${before.privateBoard} → ${after.privateBoard}`);
  return changes;
}

/** Changes that alter stored scores (as opposed to how boards present them): they call for a re-score. */
export function changesScores(before: ScoringRule, after: ScoringRule): boolean {
  return (
    before.metric.id !== after.metric.id ||
    JSON.stringify(before.metric.params) !== JSON.stringify(after.metric.params) ||
    before.ranking.output !== after.ranking.output ||
    before.privateBoard !== after.privateBoard ||
    after.columns.some((c) => !before.columns.includes(c))
  );
}

interface ReportLike {
  score?: unknown;
  public?: unknown;
  private?: unknown;
  outputs?: unknown;
  bySubset?: unknown;
}

type Values = Record<string, number>;
const num = (value: unknown): number | null => (typeof value === "number" && Number.isFinite(value) ? value : null);

function outputsOf(part: unknown): Values {
  const outputs = part && typeof part === "object" ? (part as { outputs?: unknown; score?: unknown }) : {};
  const values: Values = {};
  if (outputs.outputs && typeof outputs.outputs === "object") {
    for (const [key, value] of Object.entries(outputs.outputs)) if (num(value) !== null) values[key] = value as number;
  }
  if (num(outputs.score) !== null) values.score = outputs.score as number;
  return values;
}

export interface BoardValues {
  /** The ranked output over the public images (over all test images without a Usage column). */
  public: number | null;
  private: number | null;
  /** Every output the report has, per board (what the rule's columns are read from). */
  outputs: { public: Values; private: Values };
}

/**
 * The numbers a scorer's report puts on each board under `rule`: the ranked output over the
 * public images and over the private board's images (the private ones, or all test images).
 * Built from the report's per-subset parts only, so the public board never mixes in a private
 * image.
 */
export function boardValues(report: ReportLike, rule: Pick<ScoringRule, "ranking" | "privateBoard">): BoardValues {
  const bySubset = (report.bySubset && typeof report.bySubset === "object" ? report.bySubset : {}) as Record<string, unknown>;
  const overall = outputsOf({ outputs: report.outputs, score: report.score });
  const hasUsage = num(report.public) !== null || num(report.private) !== null;
  const publicValues = hasUsage ? outputsOf(bySubset.Public) : overall;
  const privateValues = !hasUsage ? {} : rule.privateBoard === "all-test-images" ? overall : outputsOf(bySubset.Private);
  // Reports stored before per-subset outputs existed still have the score per subset.
  if (hasUsage && num(report.public) !== null) publicValues.score ??= report.public as number;
  if (hasUsage && rule.privateBoard === "private-images" && num(report.private) !== null) privateValues.score ??= report.private as number;
  const key = rule.ranking.output;
  return { public: publicValues[key] ?? null, private: privateValues[key] ?? null, outputs: { public: publicValues, private: privateValues } };
}
