// The trial a custom scorer must pass before it can go live: in the sandbox, its module is
// loaded and asked what it declares, then run on every trial case (the challenge's sample
// submission, the baselines' files, the host's known answers) against the challenge's truth.
// It is refused, with a report saying which case and why, when it throws, does not finish
// within the limits, rejects a file that is valid by construction, returns a score that is
// not a finite number or lies outside its declared range, or disagrees with a known answer.
// The first failing case ends the trial: a scorer that loops should not cost every case's limit.
import fs from "node:fs";
import { paramsSchemaOf, ZCustomScorerDeclarationSchema, type CustomScorerDeclaration } from "../../../scorers/custom/declaration";
import type { TrialCaseDto } from "../../contracts/custom-scorer";
import { env } from "../../env";
import { childLogger } from "../../log";
import { runInSandbox, type SandboxLimits, type SandboxOutcome } from "../../sandbox/sandbox";
import { Semaphore } from "../../sandbox/semaphore";
import { printable } from "../../printable";
import { formatRejection } from "../scoring/format-rejection";

/** Trials (and scoring-rule previews) run in the web process, as model checks do: at most this many at once. */
export const trialSemaphore = new Semaphore(env.MODEL_CHECK_CONCURRENCY);

/** A trial case's files are the challenge's own; a minute or two is plenty, and an upload waits for it. */
export const TRIAL_LIMITS: SandboxLimits = { timeoutMs: Math.min(env.SCORER_TIMEOUT_SECONDS * 1000, 120_000), memoryMb: env.SCORER_MEMORY_MB };

export interface TrialCase {
  name: string;
  kind: TrialCaseDto["kind"];
  /** Local path of the prediction file. */
  path: string;
  expectedScore?: number;
  tolerance?: number;
}

interface TrialResult {
  problems: string[];
  cases: TrialCaseDto[];
  /** Set once the module has been described (and the parameters checked). */
  declaration: CustomScorerDeclaration | null;
  params: Record<string, unknown> | null;
}

const log = childLogger({ component: "custom-scorer-trial" });
const round = (x: number) => Number(x.toPrecision(10));

/** Why a sandbox outcome other than a score refuses the scorer, in the host's terms. */
function outcomeProblem(outcome: SandboxOutcome, limits: SandboxLimits): string {
  switch (outcome.kind) {
    case "error":
      if (outcome.cause === "timeout") return `it did not finish within the trial's limit of ${Math.round(limits.timeoutMs / 1000)} s (an endless loop?)`;
      if (outcome.cause === "memory") return `it ran out of memory (limit ${limits.memoryMb} MiB)`;
      // The host's own code: its message is theirs to see (sandbox paths only, no server path).
      if (outcome.cause === "config") return printable(outcome.detail, 800).replace(/\.$/, "");
      if (outcome.cause === "unavailable" || outcome.cause === "aborted") return outcome.message;
      return "it crashed the scoring process (an uncaught asynchronous error, or it ended the process)";
    case "rejected":
      return `it rejected the file: ${formatRejection(outcome.rejection)}`;
    default:
      return `unexpected sandbox reply "${outcome.kind}"`;
  }
}

/** The truth's header names a Usage column: the scorer must score the public and private rows separately. */
function truthHasUsage(truthPath: string): boolean {
  const fd = fs.openSync(truthPath, "r");
  try {
    const head = Buffer.alloc(4096);
    const read = fs.readSync(fd, head, 0, head.length, 0);
    const header = head.subarray(0, read).toString("utf8").split(/\r?\n/)[0] ?? "";
    return header.split(",").map((h) => h.trim().replace(/^\uFEFF/, "")).includes("Usage");
  } finally {
    fs.closeSync(fd);
  }
}

/** Checks one scored case against the declaration (and its known answer); the problem, or null. */
function checkScore(report: Record<string, unknown>, declaration: CustomScorerDeclaration, trialCase: TrialCase, expectsSubsets: boolean): string | null {
  const [main] = declaration.outputs;
  const values: Array<[string, unknown, readonly [number, number]]> = [];
  if (main) values.push(["score", report.score, main.range], ["public", report.public, main.range], ["private", report.private, main.range]);
  const outputs = (report.outputs ?? {}) as Record<string, unknown>;
  for (const output of declaration.outputs.slice(1)) if (output.key in outputs) values.push([`output "${output.key}"`, outputs[output.key], output.range]);
  for (const [what, value, [low, high]] of values) {
    if (value === null && (what === "public" || what === "private") && !expectsSubsets) continue;
    if (typeof value !== "number" || !Number.isFinite(value)) {
      return what === "public" || what === "private"
        ? `it returned no ${what} score, but the truth has a Usage column: return public and private, each over the rows of that Usage`
        : `it returned ${what} ${String(value)}, not a finite number`;
    }
    if (value < low || value > high) return `it returned ${what} ${round(value)}, outside its declared range [${low}, ${high}]`;
  }
  if (trialCase.expectedScore !== undefined) {
    const score = report.score as number;
    const tolerance = trialCase.tolerance ?? 1e-6;
    if (Math.abs(score - trialCase.expectedScore) > tolerance) {
      return `it disagrees with the known answer: score ${round(score)}, expected ${trialCase.expectedScore} (tolerance ${tolerance})`;
    }
  }
  return null;
}

/**
 * Tries the module at `modulePath` (compiled CommonJS, a local file) on `cases` against the
 * truth at `truthPath`. Never throws for anything the module does.
 */
export async function tryCustomScorer(input: { modulePath: string; truthPath: string; cases: TrialCase[]; params: unknown; limits?: SandboxLimits }): Promise<TrialResult> {
  const limits = input.limits ?? TRIAL_LIMITS;
  const result: TrialResult = { problems: [], cases: [], declaration: null, params: null };
  const described = await trialSemaphore.run(() => runInSandbox({ mode: "describe-scorer", modulePath: input.modulePath }, limits));
  if (described.kind !== "described") {
    if (described.kind === "error" && described.cause === "crash") log.warn({ detail: described.detail }, "custom scorer crashed while loading");
    result.problems.push(`The module could not be loaded: ${outcomeProblem(described, limits)}.`);
    return result;
  }
  const declaration = ZCustomScorerDeclarationSchema.safeParse(described.declaration);
  if (!declaration.success) {
    const issues = declaration.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "declaration"}: ${i.message}`);
    result.problems.push(`The scorer's declaration is invalid: ${issues.join("; ")}.`);
    return result;
  }
  result.declaration = declaration.data;
  const params = paramsSchemaOf(declaration.data.params).safeParse(input.params ?? {});
  if (!params.success) {
    const issues = params.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "params"}: ${i.message}`);
    result.problems.push(`The parameters do not fit the scorer's declared parameters: ${issues.join("; ")}.`);
    return result;
  }
  result.params = params.data;
  if (input.cases.length === 0) {
    result.problems.push("There is nothing to try the scorer on: this challenge has no sample submission or baseline yet, so give at least one known answer.");
    return result;
  }
  const expectsSubsets = truthHasUsage(input.truthPath);
  for (const trialCase of input.cases) {
    const outcome = await trialSemaphore.run(() =>
      runInSandbox(
        {
          scorerId: `custom:${declaration.data.id}`,
          params: params.data,
          truthPath: input.truthPath,
          submissionPath: trialCase.path,
          customScorer: { modulePath: input.modulePath },
        },
        limits,
      ),
    );
    const problem = outcome.kind === "scored" ? checkScore(outcome.report, declaration.data, trialCase, expectsSubsets) : outcomeProblem(outcome, limits);
    const score = outcome.kind === "scored" && typeof outcome.report.score === "number" ? outcome.report.score : null;
    result.cases.push({
      name: trialCase.name,
      kind: trialCase.kind,
      passed: problem === null,
      score,
      expectedScore: trialCase.expectedScore ?? null,
      elapsedMs: Math.round(outcome.elapsedMs),
      message: problem ?? `score ${score === null ? "none" : round(score)}`,
    });
    if (problem) {
      const what = trialCase.kind === "sample" ? "the sample submission" : trialCase.kind === "baseline" ? "the baseline" : "the known answer";
      result.problems.push(`On ${what} ${trialCase.name}: ${problem}.`);
      return result;
    }
  }
  return result;
}
