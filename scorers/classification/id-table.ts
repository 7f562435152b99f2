// The `Id,<value>` CSV layouts of classification tasks: truth `Id,Target[,Usage]` with
// space-separated class numbers, submissions `Id,<column>` parsed by each scorer.
import { headerOf, splitCsvLine } from "../csv";
import { isTestUsage, isTruthUsage, type Parsed, type Rejection, type SubsetUsage, type TruthUsage } from "../types";

export interface LabelTruth {
  labels: Map<string, number[]>;
  usage: Map<string, TruthUsage>;
  /** Every Id in truth-file order, "Ignored" ones included (they may be predicted, never scored). Validation Ids must be predicted like test Ids. */
  order: string[];
  hasUsage: boolean;
}

export type ParsedValue<T> = { ok: true; value: T } | { ok: false; message: string };

/** Space-separated class numbers below `classCount` (any non-negative integer when null); a set. */
export function parseClassList(text: string, classCount: number | null): ParsedValue<number[]> {
  // Hand-scanned (no regex, no Set): this runs for every row of both files.
  const labels: number[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const start = i;
    while (i < n && text.charCodeAt(i) !== 32 && text.charCodeAt(i) !== 9) i++;
    if (i > start) {
      let value = 0;
      let valid = i - start <= 9;
      for (let k = start; k < i && valid; k++) {
        const c = text.charCodeAt(k);
        if (c < 48 || c > 57) valid = false;
        else value = value * 10 + (c - 48);
      }
      if (!valid || (classCount !== null && value >= classCount)) {
        const range = classCount === null ? "a non-negative integer" : `a class number from 0 to ${classCount - 1}`;
        return { ok: false, message: `label "${text.slice(start, Math.min(i, start + 20))}" is not ${range}` };
      }
      if (!labels.includes(value)) labels.push(value);
    }
    i++;
  }
  return { ok: true, value: labels.sort((a, b) => a - b) };
}

export function loadLabelTruth(text: string, classCount: number | null): Parsed<LabelTruth> {
  const lines = text.split(/\r?\n/);
  const header = headerOf(lines[0] ?? "");
  const hasUsage = header.length === 3 && header[2] === "Usage";
  if (header[0] !== "Id" || header[1] !== "Target" || (header.length !== 2 && !hasUsage)) {
    return { ok: false, error: { message: "truth header must be Id,Target[,Usage]", line: 1 } };
  }
  const truth: LabelTruth = { labels: new Map(), usage: new Map(), order: [], hasUsage };
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (line.trim() === "") continue;
    const [id = "", target = "", use = ""] = splitCsvLine(line);
    const parsed = parseClassList(target, classCount);
    if (!id || !parsed.ok || truth.labels.has(id)) return { ok: false, error: { message: "truth row malformed or duplicated", line: i + 1 } };
    if (hasUsage) {
      if (!isTruthUsage(use)) return { ok: false, error: { message: "truth Usage must be Public, Private, Validation or Ignored", line: i + 1 } };
      truth.usage.set(id, use);
    }
    truth.labels.set(id, parsed.value);
    truth.order.push(id);
  }
  return { ok: true, value: truth };
}

export interface IdTableState<T> {
  truth: LabelTruth;
  rows: Map<string, T>;
  headerSeen: boolean;
}

/** One submission line: header, then `Id,<value>` with unknown and repeated Ids refused. */
export function updateIdTable<T>(
  state: IdTableState<T>,
  line: string,
  lineNumber: number,
  column: string,
  parse: (text: string) => ParsedValue<T>,
): Rejection | null {
  if (!state.headerSeen) {
    state.headerSeen = true;
    const header = headerOf(line);
    if (header.length !== 2 || header[0] !== "Id" || header[1] !== column) {
      return { message: `The header must be "Id,${column}", found "${line.slice(0, 80)}".`, line: lineNumber };
    }
    return null;
  }
  if (line.trim() === "") return null;
  const fields = splitCsvLine(line);
  const [id = "", text = ""] = fields;
  if (fields.length !== 2) return { message: `Expected 2 columns (Id,${column}), found ${fields.length}.`, line: lineNumber, imageId: id };
  if (!state.truth.labels.has(id)) return { message: `Id "${id.slice(0, 100)}" is not in the test set.`, line: lineNumber, imageId: id };
  if (state.rows.has(id)) return { message: `Id "${id}" appears more than once.`, line: lineNumber, imageId: id };
  const parsed = parse(text);
  if (!parsed.ok) return { message: `${parsed.message}.`, line: lineNumber, imageId: id };
  state.rows.set(id, parsed.value);
  return null;
}

/** Every test Id must have a row; the first few missing ones are named. */
export function missingIds<T>(state: IdTableState<T>): Rejection | null {
  if (!state.headerSeen) return { message: "The file is empty.", line: 1 };
  const missing = state.truth.order.filter((id) => !state.rows.has(id) && state.truth.usage.get(id) !== "Ignored");
  if (missing.length === 0) return null;
  const named = missing.slice(0, 5).map((id) => `"${id}"`).join(", ");
  return {
    message: `${missing.length} Id${missing.length === 1 ? " is" : "s are"} missing from the submission (${named}${missing.length > 5 ? ", …" : ""}).`,
    imageId: missing[0],
  };
}

export function mergeIdTables<T>(a: IdTableState<T>, b: IdTableState<T>): IdTableState<T> {
  for (const [id, value] of b.rows) a.rows.set(id, value);
  return a;
}

/**
 * Ids of the whole test set and of each Usage subset, for overall / public / private scores,
 * and of the Validation rows (scored on their own, never part of the test set).
 */
export function idSubsets(truth: LabelTruth): Record<"all" | SubsetUsage, string[]> {
  const withUsage = (usage: SubsetUsage) => truth.order.filter((id) => truth.usage.get(id) === usage);
  return {
    all: truth.order.filter((id) => isTestUsage(truth.usage.get(id) ?? null)),
    Public: withUsage("Public"),
    Private: withUsage("Private"),
    Validation: withUsage("Validation"),
  };
}

/** Parses `classCount` space-separated finite numbers (scores, probabilities or logits). */
export function parseScores(text: string, classCount: number): ParsedValue<Float64Array> {
  const tokens = text.trim() === "" ? [] : text.trim().split(/\s+/);
  if (tokens.length !== classCount) return { ok: false, message: `expected ${classCount} scores, found ${tokens.length}` };
  const scores = new Float64Array(classCount);
  for (let c = 0; c < classCount; c++) {
    const value = Number(tokens[c]);
    if (!Number.isFinite(value) || tokens[c] === "") return { ok: false, message: `score ${c + 1} ("${(tokens[c] ?? "").slice(0, 20)}") is not a finite number` };
    scores[c] = value;
  }
  return { ok: true, value: scores };
}
