// Inside the sandbox only: a host's custom scorer module (CommonJS text, compiled at upload by
// server/services/custom-scorer/compile-scorer-module.ts) evaluated in a fresh V8 context and
// adapted to the Scorer interface, so scorers/run.ts drives it exactly like a built-in one.
//
// The context is not the security boundary (node:vm is not one): bubblewrap, prlimit and Node's
// permission model around this process are. It is there so that a scorer has no Node API by
// accident: no require, process, timers or network, and every attempt fails at once with a
// message saying why, instead of surfacing as a crash or a timeout. Nothing of this realm is
// handed to the module (its params arrive as a copy made in its own realm, text as strings),
// which keeps the usual `x.constructor.constructor("return process")()` escape closed too.
import vm from "node:vm";
import { paramsSchemaOf, ZCustomScorerDeclarationSchema, type CustomScorerDeclaration } from "../../scorers/custom/declaration";
import type { AnyScorer } from "../../scorers/scorer";
import type { Parsed, Rejection, ScoreReport } from "../../scorers/types";

/** A throw, a wrong return value or a broken declaration of the host's code; the message names the stage. */
export class CustomScorerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CustomScorerError";
  }
}

/** Defined in the module's own realm: what a scorer must not use fails with a reason. */
const PRELUDE = `
(() => {
  const refuse = (what, why) => function () { throw new Error(what + " is not available to a scorer: " + why); };
  const noIo = "a scorer is one self-contained module without I/O (see scorers/CUSTOM-SCORERS.md)";
  const noNetwork = "scorers run without a network";
  globalThis.fetch = refuse("fetch()", noNetwork);
  globalThis.WebSocket = refuse("WebSocket", noNetwork);
  globalThis.XMLHttpRequest = refuse("XMLHttpRequest", noNetwork);
  globalThis.setTimeout = refuse("setTimeout()", "scorers are synchronous");
  globalThis.setInterval = refuse("setInterval()", "scorers are synchronous");
  globalThis.require = function require(name) {
    throw new Error("require(" + JSON.stringify(String(name)) + ") is not available to a scorer: " + noIo);
  };
  Object.defineProperty(globalThis, "process", { get: refuse("process", noIo) });
})();
`;

const MAX_MESSAGE = 500;

/** A thrown value as text; the module may have thrown anything, even something whose toString throws. */
function describeThrown(error: unknown): string {
  try {
    const stack = typeof error === "object" && error !== null && "stack" in error ? String((error as { stack: unknown }).stack) : "";
    const where = /scorer\.js:(\d+)(?::\d+)?/.exec(stack);
    const text = String(error).slice(0, MAX_MESSAGE);
    return where ? `${text} (scorer.js line ${where[1]})` : text;
  } catch {
    return "an exception that cannot be shown as text";
  }
}

function call<T>(stage: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof CustomScorerError) throw error;
    throw new CustomScorerError(`The scorer threw in ${stage}: ${describeThrown(error)}`);
  }
}

type Exported = Record<string, unknown>;

export interface LoadedModule {
  /** The module's declaration as plain JSON (checked by the caller). */
  declaration: unknown;
  exported: Exported;
  context: vm.Context;
}

/** Evaluates the module (CommonJS text) in a fresh context; its `default` export, or the exports, is the scorer. */
export function loadCustomModule(code: string): LoadedModule {
  const context = vm.createContext({}, { codeGeneration: { strings: false, wasm: false } });
  vm.runInContext(PRELUDE, context);
  const wrapper = new vm.Script(`(function (module, exports, require) {\n${code}\n})`, { filename: "scorer.js", lineOffset: -1 });
  const exported = call("loading the module", () => {
    const module = vm.runInContext("({ exports: {} })", context) as { exports: Exported };
    const factory = wrapper.runInContext(context) as (module: unknown, exports: unknown, require: unknown) => void;
    factory(module, module.exports, vm.runInContext("require", context));
    const value = module.exports;
    const scorer = value && typeof value === "object" && value.default && typeof value.default === "object" ? (value.default as Exported) : value;
    if (!scorer || typeof scorer !== "object") throw new CustomScorerError("The module must export the scorer object (export default { id, version, … }).");
    return scorer;
  });
  const declaration = call("its declaration", () => {
    const pick = (key: string) => exported[key];
    // A copy made by JSON: getters run once, here, and nothing of the module's realm is kept.
    return JSON.parse(JSON.stringify({ id: pick("id"), version: pick("version"), title: pick("title"), outputs: pick("outputs"), params: pick("params") ?? {} })) as unknown;
  });
  return { declaration, exported, context };
}

const METHODS = ["loadTruth", "init", "update", "merge", "finalize"] as const;

function finiteOrNull(value: unknown, what: string): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "number" || !Number.isFinite(value)) throw new CustomScorerError(`finalize returned ${what} ${describeValue(value)}, not a finite number.`);
  return value;
}

function describeValue(value: unknown): string {
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return JSON.stringify(value.slice(0, 40));
  if (value && typeof (value as { then?: unknown }).then === "function") return "a Promise (scorers are synchronous)";
  return typeof value;
}

function parsedOf<T>(stage: string, value: unknown, ok: (v: unknown) => T): Parsed<T> {
  if (!value || typeof value !== "object" || typeof (value as { ok?: unknown }).ok !== "boolean") {
    throw new CustomScorerError(`${stage} must return { ok: true, value } or { ok: false, error }, got ${describeValue(value)}.`);
  }
  const parsed = value as { ok: boolean; value?: unknown; error?: unknown };
  return parsed.ok ? { ok: true, value: ok(parsed.value) } : { ok: false, error: rejectionOf(stage, parsed.error) };
}

function rejectionOf(stage: string, value: unknown): Rejection {
  if (!value || typeof value !== "object" || typeof (value as { message?: unknown }).message !== "string") {
    throw new CustomScorerError(`${stage} returned a rejection without a message ({ message, line? }).`);
  }
  const { message, line, imageId } = value as { message: string; line?: unknown; imageId?: unknown };
  return {
    message: message.slice(0, MAX_MESSAGE),
    ...(typeof line === "number" && Number.isInteger(line) && line > 0 ? { line } : {}),
    ...(typeof imageId === "string" ? { imageId: imageId.slice(0, 200) } : {}),
  };
}

/** The module as a Scorer; every call into it is guarded (see CustomScorerError). */
export function customScorerOf(loaded: LoadedModule): { scorer: AnyScorer; declaration: CustomScorerDeclaration } {
  const parsed = ZCustomScorerDeclarationSchema.safeParse(loaded.declaration);
  if (!parsed.success) {
    throw new CustomScorerError(`The scorer's declaration is invalid: ${parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "declaration"}: ${i.message}`).join("; ")}`);
  }
  const declaration = parsed.data;
  const { exported, context } = loaded;
  for (const method of METHODS) {
    if (typeof exported[method] !== "function") throw new CustomScorerError(`The scorer does not export ${method}() (it needs ${METHODS.join(", ")}).`);
  }
  const method = (name: (typeof METHODS)[number]) => exported[name] as (...args: unknown[]) => unknown;
  // Parameters enter the module's realm as a copy built there.
  const contextJsonParse = vm.runInContext("JSON.parse", context) as (text: string) => unknown;
  const own = (value: unknown) => contextJsonParse(JSON.stringify(value));
  let params: Record<string, unknown> = {};
  const scorer: AnyScorer = {
    id: `custom:${declaration.id}`,
    version: declaration.version,
    title: declaration.title,
    paramsSchema: paramsSchemaOf(declaration.params),
    outputs: declaration.outputs,
    loadTruth(text: string, validParams: Record<string, unknown>) {
      params = validParams;
      return call("loadTruth", () => parsedOf("loadTruth", method("loadTruth").call(exported, text, own(validParams)), (truth) => truth));
    },
    init: (truth: unknown) => call("init", () => method("init").call(exported, truth, own(params))),
    update: (state: unknown, line: string, lineNumber: number) =>
      call(`update (line ${lineNumber})`, () => {
        const result = method("update").call(exported, state, line, lineNumber);
        return result === null || result === undefined ? null : rejectionOf(`update (line ${lineNumber})`, result);
      }),
    merge: (a: unknown, b: unknown) => call("merge", () => method("merge").call(exported, a, b)),
    finalize: (state: unknown): Parsed<ScoreReport> =>
      call("finalize", () =>
        parsedOf("finalize", method("finalize").call(exported, state), (value) => {
          if (!value || typeof value !== "object") throw new CustomScorerError("finalize must return { ok: true, value: { score, public?, private?, outputs? } }.");
          const result = value as { score?: unknown; public?: unknown; private?: unknown; outputs?: unknown };
          const score = finiteOrNull(result.score, "score");
          if (score === null) throw new CustomScorerError("finalize returned no score (value.score must be a finite number).");
          const outputs: Record<string, number> = { score };
          for (const output of declaration.outputs.slice(1)) {
            const raw = result.outputs && typeof result.outputs === "object" ? (result.outputs as Record<string, unknown>)[output.key] : undefined;
            const number = finiteOrNull(raw, `output "${output.key}"`);
            if (number !== null) outputs[output.key] = number;
          }
          return {
            scorerId: `custom:${declaration.id}`,
            scorerVersion: declaration.version,
            score,
            public: finiteOrNull(result.public, "public"),
            private: finiteOrNull(result.private, "private"),
            outputs,
            params,
          };
        }),
      ),
  };
  return { scorer, declaration };
}
