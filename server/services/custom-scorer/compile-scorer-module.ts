// An uploaded scorer's source becomes the CommonJS text the sandbox evaluates: esbuild
// strips TypeScript types and turns ES module syntax into CommonJS. esbuild only parses and
// prints (it never runs the code, resolves imports or reads files), so this is safe outside
// the sandbox; the input is bounded by the contract. What is stored and run is this output.
import { transformSync, type TransformFailure } from "esbuild";

export type CompiledModule = { ok: true; code: string } | { ok: false; problems: string[] };

const TYPESCRIPT = /\.(ts|mts|cts)$/i;
const JAVASCRIPT = /\.(js|mjs|cjs)$/i;

const isTransformFailure = (error: unknown): error is TransformFailure =>
  typeof error === "object" && error !== null && Array.isArray((error as { errors?: unknown }).errors);

export async function compileScorerModule(filename: string, source: string): Promise<CompiledModule> {
  if (!TYPESCRIPT.test(filename) && !JAVASCRIPT.test(filename)) {
    return { ok: false, problems: [`${filename} is not a JavaScript (.js, .mjs, .cjs) or TypeScript (.ts, .mts, .cts) module.`] };
  }
  const options = { loader: TYPESCRIPT.test(filename) ? ("ts" as const) : ("js" as const), format: "cjs" as const, target: "node20", sourcefile: "scorer.js", logLevel: "silent" as const };
  // transformSync runs its own short-lived esbuild process: the async API's shared service is
  // stopped by sandbox bundle builds (sandbox.ts), which failed transforms in flight and left
  // an unhandled rejection behind. Uploads are bounded by the contract, so blocking is brief.
  try {
    return { ok: true, code: transformSync(source, options).code };
  } catch (error) {
    if (!isTransformFailure(error)) throw error;
    return {
      ok: false,
      problems: error.errors.slice(0, 5).map((e) => `${filename}${e.location ? ` line ${e.location.line}, column ${e.location.column + 1}` : ""}: ${e.text}`),
    };
  }
}
