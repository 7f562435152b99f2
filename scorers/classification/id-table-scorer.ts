// Builds a classification scorer from a submission column parser and a score function over
// a set of Ids (called for the test Ids, then for the Public, Private and Validation subsets).
import type { z } from "zod";
import type { Scorer } from "../scorer";
import { buildReport, undefinedScore } from "../report";
import type { ClassScore, ImageStates, Parsed, ScoreReport, ScorerOutput } from "../types";
import {
  idSubsets,
  loadLabelTruth,
  mergeIdTables,
  missingIds,
  updateIdTable,
  type IdTableState,
  type LabelTruth,
  type ParsedValue,
} from "./id-table";

export interface IdTableMetric<P extends { classCount: number | null }, T> {
  id: string;
  version: string;
  title: string;
  paramsSchema: z.ZodType<P>;
  outputs: readonly ScorerOutput[];
  column: string;
  /** Extra checks of the hidden truth (a host error), e.g. exactly one label per row. */
  checkTruth?(truth: LabelTruth): string | null;
  parse(text: string, params: P): ParsedValue<T>;
  /** Null when the score is undefined on these Ids (e.g. no class has both outcomes). */
  compute(ids: readonly string[], truth: LabelTruth, rows: Map<string, T>, params: P): Pick<ScoreReport, "score" | "perClass" | "perClassValues"> & { outputs?: Record<string, number> } | null;
  /**
   * Additive per-Id states (see ImageStates): `build` gets every scored Id (test and
   * Validation), `score` is the metric from summed states. Absent for rank-based metrics
   * (AUROC, AP), which are no function of per-Id counts.
   */
  states?: {
    build(ids: readonly string[], truth: LabelTruth, rows: Map<string, T>, params: P): { fields: string[]; of(id: string): number[] };
    score(sums: Float64Array, images: number, params: P): number;
  };
}

interface State<P, T> extends IdTableState<T> {
  params: P;
}

export function idTableScorer<P extends { classCount: number | null }, T>(metric: IdTableMetric<P, T>): Scorer<P, LabelTruth, State<P, T>> {
  function finalize(state: State<P, T>): Parsed<ScoreReport> {
    const missing = missingIds(state);
    if (missing) return { ok: false, error: missing };
    const ids = idSubsets(state.truth);
    const overall = metric.compute(ids.all, state.truth, state.rows, state.params);
    if (!overall) return undefinedScore(metric.id);
    return {
      ok: true,
      value: buildReport(metric, {
        overall,
        hasUsage: state.truth.hasUsage,
        subset: (usage) => {
          const part = ids[usage].length === 0 ? null : metric.compute(ids[usage], state.truth, state.rows, state.params);
          return part ? { score: part.score, perClass: part.perClass, perClassValues: part.perClassValues, ...(part.outputs ? { outputs: part.outputs } : {}) } : null;
        },
        params: state.params,
        perClass: overall.perClass,
        perClassValues: overall.perClassValues,
        ...(metric.states ? { imageStates: imageStatesOf(metric.states, state) } : {}),
      }),
    };
  }
  function imageStatesOf(states: NonNullable<typeof metric.states>, state: State<P, T>): ImageStates {
    const items: ImageStates["items"] = [];
    for (const id of state.truth.order) {
      const usage = state.truth.usage.get(id) ?? null;
      if (usage !== "Ignored") items.push({ id, usage, state: [] });
    }
    const built = states.build(items.map((item) => item.id), state.truth, state.rows, state.params);
    for (const item of items) item.state = built.of(item.id);
    return { fields: built.fields, items };
  }
  return {
    id: metric.id,
    version: metric.version,
    title: metric.title,
    paramsSchema: metric.paramsSchema,
    outputs: metric.outputs,
    loadTruth(text, params) {
      const truth = loadLabelTruth(text, params.classCount);
      const problem = truth.ok ? metric.checkTruth?.(truth.value) : null;
      return problem ? { ok: false, error: { message: problem } } : truth;
    },
    init: (truth, params) => ({ truth, params, rows: new Map(), headerSeen: false }),
    update: (state, line, lineNumber) => updateIdTable(state, line, lineNumber, metric.column, (text) => metric.parse(text, state.params)),
    merge: (a, b) => ({ ...mergeIdTables(a, b), params: a.params }),
    finalize,
    ...(metric.states ? { scoreOfStates: metric.states.score } : {}),
  };
}

/** Classes to average over: 0…classCount-1 when given, else every class seen in truth or submission (scikit-learn's default). */
export function classesOf(ids: readonly string[], truth: LabelTruth, predicted: (id: string) => readonly number[], classCount: number | null): number[] {
  if (classCount !== null) return Array.from({ length: classCount }, (_, c) => c);
  const seen = new Set<number>();
  for (const id of ids) {
    for (const c of truth.labels.get(id) ?? []) seen.add(c);
    for (const c of predicted(id)) seen.add(c);
  }
  return [...seen].sort((a, b) => a - b);
}

/**
 * A macro average of a per-class statistic of multi-label scores (AUROC, AP): classes where
 * the statistic is undefined (null) are left out and counted in `classesScored`.
 */
export function macroOverClasses(
  ids: readonly string[],
  truth: LabelTruth,
  rows: Map<string, Float64Array>,
  classCount: number,
  statistic: (scores: Float64Array, positive: Uint8Array) => number | null,
): (Pick<ScoreReport, "score" | "perClassValues"> & { outputs: Record<string, number> }) | null {
  const perClassValues: Array<{ classId: number; value: number; support: number }> = [];
  for (let c = 0; c < classCount; c++) {
    const scores = Float64Array.from(ids, (id) => rows.get(id)?.[c] ?? 0);
    const positive = Uint8Array.from(ids, (id) => ((truth.labels.get(id) ?? []).includes(c) ? 1 : 0));
    const value = statistic(scores, positive);
    if (value !== null) perClassValues.push({ classId: c, value, support: positive.reduce((s, v) => s + v, 0) });
  }
  if (perClassValues.length === 0) return null;
  return {
    score: perClassValues.reduce((s, c) => s + c.value, 0) / perClassValues.length,
    perClassValues,
    outputs: { classesScored: perClassValues.length },
  };
}

/**
 * Adds one row's TP, FP and FN of each class to `counts`, class-major triples in the order of
 * `index` (class → position); labels of other classes are not counted.
 */
function addLabelCounts(t: readonly number[], p: readonly number[], index: ReadonlyMap<number, number>, counts: number[]): void {
  // Label lists are short (a handful per row): array scans beat building sets per row.
  for (const c of p) {
    const i = index.get(c);
    if (i === undefined) continue;
    counts[3 * i + (t.includes(c) ? 0 : 1)]!++;
  }
  for (const c of t) {
    const i = index.get(c);
    if (i !== undefined && !p.includes(c)) counts[3 * i + 2]!++;
  }
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
const f1Of = (tp: number, fp: number, fn: number) => ratio(2 * tp, 2 * tp + fp + fn);

/** Per-class F1, precision, recall and support from true and predicted label sets (zero_division = 0). */
export function perClassF1(
  ids: readonly string[],
  truthOf: (id: string) => readonly number[],
  predictedOf: (id: string) => readonly number[],
  classes: readonly number[],
  nameOf: (c: number) => string = String,
): ClassScore[] {
  const index = new Map(classes.map((c, i) => [c, i]));
  const counts = new Array<number>(3 * classes.length).fill(0);
  for (const id of ids) addLabelCounts(truthOf(id), predictedOf(id), index, counts);
  return classes.map((c, i) => {
    const [tp = 0, fp = 0, fn = 0] = counts.slice(3 * i, 3 * i + 3);
    return { classId: c, name: nameOf(c), f1: f1Of(tp, fp, fn), precision: ratio(tp, tp + fp), recall: ratio(tp, tp + fn), support: tp + fn };
  });
}

/** Per-Id states of a macro F1: TP, FP and FN of each of `classes`, as perClassF1 counts them. */
export function labelCountStates(
  classes: readonly number[],
  truthOf: (id: string) => readonly number[],
  predictedOf: (id: string) => readonly number[],
): { fields: string[]; of(id: string): number[] } {
  const index = new Map(classes.map((c, i) => [c, i]));
  return {
    fields: classes.flatMap((c) => [`tp:${c}`, `fp:${c}`, `fn:${c}`]),
    of(id) {
      const counts = new Array<number>(3 * classes.length).fill(0);
      addLabelCounts(truthOf(id), predictedOf(id), index, counts);
      return counts;
    },
  };
}

/**
 * Macro F1 (zero_division = 0) from summed labelCountStates: over every class, or with
 * `presentOnly` over the classes with a label on either side (scikit-learn's default labels,
 * as classesOf picks them). 0 when no class is averaged (no Ids).
 */
export function macroF1OfStates(sums: Float64Array, presentOnly: boolean): number {
  let total = 0;
  let classes = 0;
  for (let i = 0; i + 2 < sums.length; i += 3) {
    const tp = sums[i]!;
    const fp = sums[i + 1]!;
    const fn = sums[i + 2]!;
    if (presentOnly && tp + fp + fn === 0) continue;
    total += f1Of(tp, fp, fn);
    classes++;
  }
  return classes === 0 ? 0 : total / classes;
}

export const macroMean = (classes: readonly ClassScore[]) => classes.reduce((s, c) => s + c.f1, 0) / classes.length;
