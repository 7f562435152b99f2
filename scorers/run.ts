// The pure driver around a scorer: text chunks in (any boundaries), report out. No I/O.
import { getScorer } from "./index";
import type { Parsed, Rejection, ScoreReport } from "./types";

export interface ScoringRun {
  /** Feeds the next piece of the submission. Returns the first rejection, or null. */
  push(chunk: string): Rejection | null;
  end(): Parsed<ScoreReport>;
}

export function startRun(scorerId: string, truthText: string, params: unknown): Parsed<ScoringRun> {
  const scorer = getScorer(scorerId);
  if (!scorer) return { ok: false, error: { message: `unknown scorer "${scorerId}"` } };
  const parsedParams = scorer.paramsSchema.safeParse(params ?? {});
  if (!parsedParams.success) {
    return { ok: false, error: { message: `invalid parameters for ${scorerId}: ${parsedParams.error.message}` } };
  }
  const truth = scorer.loadTruth(truthText, parsedParams.data);
  if (!truth.ok) return { ok: false, error: { message: `hidden truth unusable: ${truth.error.message}` } };
  const state = scorer.init(truth.value, parsedParams.data);

  let pending = "";
  let lineNumber = 0;
  let rejection: Rejection | null = null;

  const feed = (line: string) => {
    lineNumber += 1;
    const clean = line.endsWith("\r") ? line.slice(0, -1) : line;
    rejection = scorer.update(state, lineNumber === 1 ? clean.replace(/^\uFEFF/, "") : clean, lineNumber);
  };

  return {
    ok: true,
    value: {
      push(chunk) {
        if (rejection) return rejection;
        pending += chunk;
        let newline = pending.indexOf("\n");
        let start = 0;
        while (newline !== -1 && !rejection) {
          feed(pending.slice(start, newline));
          start = newline + 1;
          newline = pending.indexOf("\n", start);
        }
        pending = pending.slice(start);
        return rejection;
      },
      end() {
        if (!rejection && pending.length > 0) {
          feed(pending);
          pending = "";
        }
        if (rejection) return { ok: false, error: rejection };
        if (lineNumber === 0) return { ok: false, error: { message: "The file is empty.", line: 1 } };
        return scorer.finalize(state);
      },
    },
  };
}

export function scoreText(scorerId: string, truthText: string, submissionText: string, params?: unknown): Parsed<ScoreReport> {
  const run = startRun(scorerId, truthText, params);
  if (!run.ok) return run;
  const rejection = run.value.push(submissionText);
  if (rejection) return { ok: false, error: rejection };
  return run.value.end();
}
