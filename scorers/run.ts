// The pure driver around a scorer: text chunks in (any boundaries), report out. No I/O.
import { getScorer } from "./index";
import type { AnyScorer } from "./scorer";
import type { Parsed, Rejection, ScoreReport } from "./types";

/** How many characters of the file's start are enough to recognise its encoding or format. */
const SNIFF_CHARS = 4;

/**
 * What the decoded start of a file says about its bytes. The sandbox decodes the file as
 * UTF-8, so binary formats arrive as replacement characters: gzip's 1f 8b as "\u001f\ufffd",
 * a UTF-16 byte-order mark (FF FE or FE FF) as "\ufffd\ufffd", UTF-16 ASCII text as every
 * other character NUL.
 */
export function sniffEncoding(start: string): Rejection | null {
  if (start.startsWith("\u001f\ufffd")) return { message: "The file is gzip-compressed; upload the uncompressed CSV." };
  if (start.startsWith("PK\u0003\u0004")) return { message: "The file is a zip archive; upload the CSV itself, not an archive." };
  if (start.startsWith("\ufffd\ufffd") || /^(?:[^\u0000]\u0000){2}|^(?:\u0000[^\u0000]){2}/.test(start)) {
    return { message: "The file is UTF-16 encoded; save it as UTF-8." };
  }
  return null;
}

/** NUL and undecodable bytes, which no CSV line holds (and PostgreSQL cannot store). */
function lineEncodingProblem(line: string, lineNumber: number): Rejection | null {
  if (line.includes("\u0000")) {
    return { line: lineNumber, message: `Line ${lineNumber} contains a NUL byte; the file must be plain UTF-8 text (is it binary or UTF-16?).` };
  }
  if (line.includes("\ufffd")) {
    return { line: lineNumber, message: `Line ${lineNumber} is not valid UTF-8 text; save the file as UTF-8.` };
  }
  return null;
}

export interface ScoringRun {
  /** Feeds the next piece of the submission. Returns the first rejection, or null. */
  push(chunk: string): Rejection | null;
  end(): Parsed<ScoreReport>;
}

export function startRun(scorerId: string, truthText: string, params: unknown): Parsed<ScoringRun> {
  const scorer = getScorer(scorerId);
  if (!scorer) return { ok: false, error: { message: `unknown scorer "${scorerId}"` } };
  return startRunWith(scorer, truthText, params);
}

/**
 * The same driver around a scorer that is not in the registry: a host's custom scorer,
 * adapted inside the sandbox (server/sandbox/custom-scorer-module.ts).
 */
export function startRunWith(scorer: AnyScorer, truthText: string, params: unknown): Parsed<ScoringRun> {
  const scorerId = scorer.id;
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
  /** The file's first characters until the encoding has been checked (null after). */
  let head: string | null = "";

  const feed = (line: string) => {
    lineNumber += 1;
    const clean = line.endsWith("\r") ? line.slice(0, -1) : line;
    rejection = lineEncodingProblem(clean, lineNumber) ?? scorer.update(state, lineNumber === 1 ? clean.replace(/^\uFEFF/, "") : clean, lineNumber);
  };
  /**
   * Checks the start of the file once enough of it has arrived, or a whole line, or all of it
   * (so a whole-file verdict comes before any line's). True when rejected.
   */
  const sniff = (chunk: string, final: boolean): boolean => {
    if (head === null) return false;
    head += chunk.slice(0, SNIFF_CHARS);
    if (head.length < SNIFF_CHARS && !final && !head.includes("\n")) return false;
    rejection = sniffEncoding(head);
    head = null;
    return rejection !== null;
  };

  return {
    ok: true,
    value: {
      push(chunk) {
        if (rejection) return rejection;
        // Before any line is split: a gzip file may hold no newline for megabytes.
        if (sniff(chunk, false)) return rejection;
        pending += chunk;
        let newline = pending.indexOf("\n");
        let start = 0;
        while (newline !== -1 && !rejection) {
          feed(pending.slice(start, newline));
          start = newline + 1;
          newline = pending.indexOf("\n", start);
        }
        pending = pending.slice(start);
        // A binary file may hold no newline for megabytes: refuse it now rather than buffer it.
        if (!rejection && head === null && /[\u0000\ufffd]/.test(chunk)) rejection = lineEncodingProblem(pending, lineNumber + 1);
        return rejection;
      },
      end() {
        if (!rejection) sniff("", true);
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
