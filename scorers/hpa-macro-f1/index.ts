// Human Protein Atlas Image Classification: macro F1 over the 28 classes, with F1 = 0 for a
// class that has no true and no predicted labels (scikit-learn's zero_division=0).
import { z } from "zod";
import { headerOf, splitCsvLine } from "../csv";
import type { Scorer } from "../scorer";
import type { ClassScore, Parsed, Rejection, ScoreReport, Usage } from "../types";
import { HPA_CLASSES } from "./classes";

const CLASS_COUNT = HPA_CLASSES.length;

const ZParams = z.object({}).strict();
type Params = z.infer<typeof ZParams>;

interface Truth {
  /** Id -> label bitmask (bit c = class c). */
  labels: Map<string, number>;
  usage: Map<string, Usage>;
  order: string[];
  hasUsage: boolean;
}

interface State {
  truth: Truth;
  predicted: Map<string, number>;
  headerSeen: boolean;
}

type LabelParse = { ok: true; mask: number } | { ok: false; message: string };

/** Space-separated class numbers; a repeated label counts once (a set, as in the competition). */
export function parseLabels(text: string): LabelParse {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: true, mask: 0 };
  let mask = 0;
  for (const token of trimmed.split(/\s+/)) {
    if (!/^\d+$/.test(token) || Number(token) >= CLASS_COUNT) {
      return { ok: false, message: `label "${token.slice(0, 20)}" is not a class number from 0 to ${CLASS_COUNT - 1}` };
    }
    mask |= 1 << Number(token);
  }
  return { ok: true, mask };
}

function loadTruth(text: string): Parsed<Truth> {
  const lines = text.split(/\r?\n/);
  const header = headerOf(lines[0] ?? "");
  const hasUsage = header.length === 3 && header[2] === "Usage";
  if (header[0] !== "Id" || header[1] !== "Target" || (header.length !== 2 && !hasUsage)) {
    return { ok: false, error: { message: "truth header must be Id,Target[,Usage]", line: 1 } };
  }
  const labels = new Map<string, number>();
  const usage = new Map<string, Usage>();
  const order: string[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (line.trim() === "") continue;
    const [id = "", target = "", use = ""] = splitCsvLine(line);
    const parsed = parseLabels(target);
    if (!id || !parsed.ok || labels.has(id)) return { ok: false, error: { message: "truth row malformed or duplicated", line: i + 1, imageId: id } };
    if (hasUsage) {
      if (use !== "Public" && use !== "Private") return { ok: false, error: { message: "truth Usage must be Public or Private", line: i + 1 } };
      usage.set(id, use);
    }
    labels.set(id, parsed.mask);
    order.push(id);
  }
  return { ok: true, value: { labels, usage, order, hasUsage } };
}

function update(state: State, line: string, lineNumber: number): Rejection | null {
  if (!state.headerSeen) {
    state.headerSeen = true;
    const header = headerOf(line);
    if (header.length !== 2 || header[0] !== "Id" || header[1] !== "Predicted") {
      return { message: `The header must be "Id,Predicted", found "${line.slice(0, 80)}".`, line: lineNumber };
    }
    return null;
  }
  if (line.trim() === "") return null;
  const fields = splitCsvLine(line);
  const [id = "", predicted = ""] = fields;
  if (fields.length !== 2) return { message: `Expected 2 columns (Id,Predicted), found ${fields.length}.`, line: lineNumber, imageId: id };
  if (!state.truth.labels.has(id)) return { message: `Id "${id.slice(0, 100)}" is not in the test set.`, line: lineNumber, imageId: id };
  if (state.predicted.has(id)) return { message: `Id "${id}" appears more than once.`, line: lineNumber, imageId: id };
  const parsed = parseLabels(predicted);
  if (!parsed.ok) return { message: `${parsed.message}.`, line: lineNumber, imageId: id };
  state.predicted.set(id, parsed.mask);
  return null;
}

interface Counts {
  tp: number[];
  fp: number[];
  fn: number[];
}

function count(ids: readonly string[], truth: Map<string, number>, predicted: Map<string, number>): Counts {
  const counts: Counts = { tp: new Array(CLASS_COUNT).fill(0), fp: new Array(CLASS_COUNT).fill(0), fn: new Array(CLASS_COUNT).fill(0) };
  for (const id of ids) {
    const t = truth.get(id) ?? 0;
    const p = predicted.get(id) ?? 0;
    for (let c = 0; c < CLASS_COUNT; c++) {
      const bit = 1 << c;
      if (t & bit && p & bit) counts.tp[c]!++;
      else if (p & bit) counts.fp[c]!++;
      else if (t & bit) counts.fn[c]!++;
    }
  }
  return counts;
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

function perClass(counts: Counts): ClassScore[] {
  return HPA_CLASSES.map((name, c) => {
    const tp = counts.tp[c] ?? 0;
    const fp = counts.fp[c] ?? 0;
    const fn = counts.fn[c] ?? 0;
    return { classId: c, name, f1: ratio(2 * tp, 2 * tp + fp + fn), precision: ratio(tp, tp + fp), recall: ratio(tp, tp + fn), support: tp + fn };
  });
}

const macro = (classes: ClassScore[]) => classes.reduce((sum, c) => sum + c.f1, 0) / classes.length;

function finalize(state: State): Parsed<ScoreReport> {
  if (!state.headerSeen) return { ok: false, error: { message: "The file is empty.", line: 1 } };
  const missing = state.truth.order.filter((id) => !state.predicted.has(id));
  if (missing.length > 0) {
    const named = missing.slice(0, 5).map((id) => `"${id}"`).join(", ");
    return {
      ok: false,
      error: { message: `${missing.length} Id${missing.length === 1 ? " is" : "s are"} missing from the submission (${named}${missing.length > 5 ? ", …" : ""}); give every test Id a row, with an empty Predicted for no labels.`, imageId: missing[0] },
    };
  }
  const { labels, usage, order, hasUsage } = state.truth;
  const all = perClass(count(order, labels, state.predicted));
  const subset = (u: Usage) => macro(perClass(count(order.filter((id) => usage.get(id) === u), labels, state.predicted)));
  return {
    ok: true,
    value: {
      scorerId: hpaMacroF1.id,
      scorerVersion: hpaMacroF1.version,
      score: macro(all),
      public: hasUsage ? subset("Public") : null,
      private: hasUsage ? subset("Private") : null,
      outputs: {},
      perClass: all,
      params: {},
    },
  };
}

export const hpaMacroF1: Scorer<Params, Truth, State> = {
  id: "hpa-macro-f1",
  version: "1.0.0",
  title: "Macro F1 over the 28 HPA classes",
  paramsSchema: ZParams,
  outputs: [{ key: "score", label: "macro F1", higherIsBetter: true, range: [0, 1] }],
  loadTruth: (text) => loadTruth(text),
  init: (truth) => ({ truth, predicted: new Map(), headerSeen: false }),
  update,
  merge(a, b) {
    for (const [id, mask] of b.predicted) a.predicted.set(id, mask);
    return a;
  },
  finalize,
};
