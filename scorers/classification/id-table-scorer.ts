// Builds a classification scorer from a submission column parser and a score function over
// a set of Ids (called for the test Ids, then for the Public, Private and Validation subsets).
import type { z } from "zod";
import type { Scorer } from "../scorer";
import { buildReport, undefinedScore } from "../report";
import type { ClassScore, Parsed, ScoreReport, ScorerOutput } from "../types";
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
          return part ? { score: part.score, perClass: part.perClass, perClassValues: part.perClassValues } : null;
        },
        params: state.params,
        perClass: overall.perClass,
        perClassValues: overall.perClassValues,
      }),
    };
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

/** Per-class F1, precision, recall and support from true and predicted label sets (zero_division = 0). */
export function perClassF1(
  ids: readonly string[],
  truthOf: (id: string) => readonly number[],
  predictedOf: (id: string) => readonly number[],
  classes: readonly number[],
  nameOf: (c: number) => string = String,
): ClassScore[] {
  const index = new Map(classes.map((c, i) => [c, i]));
  const tp = new Array<number>(classes.length).fill(0);
  const fp = new Array<number>(classes.length).fill(0);
  const fn = new Array<number>(classes.length).fill(0);
  // Label lists are short (a handful per row): array scans beat building sets per row.
  for (const id of ids) {
    const t = truthOf(id);
    const p = predictedOf(id);
    for (const c of p) {
      const i = index.get(c);
      if (i === undefined) continue;
      if (t.includes(c)) tp[i]!++;
      else fp[i]!++;
    }
    for (const c of t) {
      const i = index.get(c);
      if (i !== undefined && !p.includes(c)) fn[i]!++;
    }
  }
  const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
  return classes.map((c, i) => ({
    classId: c,
    name: nameOf(c),
    f1: ratio(2 * tp[i]!, 2 * tp[i]! + fp[i]! + fn[i]!),
    precision: ratio(tp[i]!, tp[i]! + fp[i]!),
    recall: ratio(tp[i]!, tp[i]! + fn[i]!),
    support: tp[i]! + fn[i]!,
  }));
}

export const macroMean = (classes: readonly ClassScore[]) => classes.reduce((s, c) => s + c.f1, 0) / classes.length;
