// Builds a classification scorer from a submission column parser and a score function over
// a set of Ids (called for all Ids, then for the Public and Private subsets).
import type { z } from "zod";
import type { Scorer } from "../scorer";
import type { Parsed, ScoreReport, ScorerOutput } from "../types";
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
    if (!overall) return { ok: false, error: { message: `${metric.id} is undefined on this test set (see the scorer's README).` } };
    const subset = (which: string[]) => metric.compute(which, state.truth, state.rows, state.params)?.score ?? null;
    return {
      ok: true,
      value: {
        scorerId: metric.id,
        scorerVersion: metric.version,
        score: overall.score,
        public: state.truth.hasUsage ? subset(ids.Public) : null,
        private: state.truth.hasUsage ? subset(ids.Private) : null,
        outputs: overall.outputs ?? {},
        perClass: overall.perClass,
        perClassValues: overall.perClassValues,
        params: { ...state.params },
      },
    };
  }
  return {
    id: metric.id,
    version: metric.version,
    title: metric.title,
    paramsSchema: metric.paramsSchema,
    outputs: metric.outputs,
    loadTruth: (text, params) => loadLabelTruth(text, params.classCount),
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
