// The shape every scorer has. Streaming: `init` once, `update` per submission line,
// `merge` to combine states built from separate parts of a file, `finalize` for the report.
import type { z } from "zod";
import type { Parsed, Rejection, ScoreReport, ScorerOutput } from "./types";

export interface Scorer<Params, Truth, State> {
  id: string;
  version: string;
  title: string;
  paramsSchema: z.ZodType<Params>;
  /** The first output is the leaderboard's score. */
  outputs: readonly ScorerOutput[];
  /** Parses the hidden truth once. An error here is the host's problem, not the submitter's. */
  loadTruth(text: string, params: Params): Parsed<Truth>;
  init(truth: Truth, params: Params): State;
  /** One line of the submission file (1-based line number; the header is line 1). */
  update(state: State, line: string, lineNumber: number): Rejection | null;
  merge(a: State, b: State): State;
  finalize(state: State): Parsed<ScoreReport>;
  /**
   * The metric on a multiset of images from the element-wise sum of their `imageStates`
   * (ScoreReport.imageStates) and how many images that is. Must equal finalize's score on
   * every subset of the test images where that is defined; where the metric is undefined
   * (0/0) it returns the value finalize's README convention gives, never NaN. Scorers without
   * it have no per-image statistics (intervals, rank stability) on their leaderboards.
   */
  scoreOfStates?(sums: Float64Array, images: number, params: Params): number;
}

// The registry stores scorers of different parameter, truth and state types side by side.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyScorer = Scorer<any, any, any>;
