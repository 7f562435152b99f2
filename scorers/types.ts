// The contract between scorers and everything that runs them (sandbox, CLI, tests).
// Scorers are pure: no I/O, no clock, no unseeded randomness.
/** The test subsets: the public and private leaderboards are computed on these. */
type Usage = "Public" | "Private";
/**
 * Subsets a report scores separately: the test subsets, and "Validation", host-chosen images
 * outside the test set whose per-image results may be shown while a phase runs. Validation
 * rows never count in `score`, `public` or `private`: per-image feedback on them says
 * nothing about a test image.
 */
export type SubsetUsage = Usage | "Validation";
/**
 * A truth row's Usage. "Ignored" rows (Kaggle's stage-2 decoy images, added so that hand
 * labelling the test set did not pay) may be predicted but never count in any score.
 */
export type TruthUsage = SubsetUsage | "Ignored";

const TRUTH_USAGES = ["Public", "Private", "Validation", "Ignored"] as const satisfies readonly TruthUsage[];

export function isTruthUsage(value: string): value is TruthUsage {
  return (TRUTH_USAGES as readonly string[]).includes(value);
}

/** Rows that count in `score` (and in `public` / `private` by their Usage). */
export const isTestUsage = (usage: TruthUsage | null): boolean => usage !== "Validation" && usage !== "Ignored";

/** Where a submission is wrong. Never carries hidden-truth content. */
export interface Rejection {
  message: string;
  line?: number;
  imageId?: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: Rejection };

export interface ScorerOutput {
  key: string;
  label: string;
  higherIsBetter: boolean;
  range: readonly [number, number];
}

/**
 * Per-image mergeable states: one additive vector per image (test, Validation), in `fields`
 * order. The state of a set of images is the element-wise sum of theirs (an image drawn twice
 * in a bootstrap resample counts twice), and the scorer's `scoreOfStates` turns a summed state
 * into the metric. A mean over images has fields ["score"] (the score is sum / images); a
 * pooled F1 has ["tp", "fp", "fn"]; a macro-F1 has tp, fp and fn per class.
 */
export interface ImageStates {
  fields: string[];
  items: Array<{ id: string; usage: SubsetUsage | null; state: number[] }>;
}

/** One row of a per-image (or per-sample) breakdown. */
export interface ItemScore {
  id: string;
  /** Null without a Usage column; "Validation" rows are not in `score`, `public` or `private`. */
  usage: SubsetUsage | null;
  score: number;
  values?: Record<string, number>;
}

export interface ClassScore {
  classId: number;
  name: string;
  f1: number;
  precision: number;
  recall: number;
  support: number;
}

/** A score over one subset of the truth rows, with the breakdowns that can be computed on it. */
export interface SubsetReport {
  score: number;
  /** The scorer's further declared outputs over this subset (what a rule's board columns show). */
  outputs?: Record<string, number>;
  perClass?: ClassScore[];
  perClassValues?: Array<{ classId: number; value: number; support: number }>;
  perThreshold?: Array<{ threshold: number; value: number }>;
}

export interface ScoreReport {
  scorerId: string;
  scorerVersion: string;
  /** Overall score over the test rows of the truth file (Validation and Ignored rows left out). */
  score: number;
  /** Score over the truth rows marked Public / Private; null when the truth has no Usage column. */
  public: number | null;
  private: number | null;
  /** Every output the scorer declares, by key; `outputs.score` repeats `score`. */
  outputs: Record<string, number>;
  perItem?: ItemScore[];
  /**
   * Every scored image's mergeable state (see ImageStates): what lets the server compute the
   * metric on any subset or resample of images without the submission. Server side only.
   */
  imageStates?: ImageStates;
  perClass?: ClassScore[];
  /** One value per class for metrics that are not F1-based (per-class AUROC or AP). */
  perClassValues?: Array<{ classId: number; value: number; support: number }>;
  /** e.g. DSB precision at each IoU threshold, overall. */
  perThreshold?: Array<{ threshold: number; value: number }>;
  /**
   * The score and its breakdowns over the Public rows alone, the Private rows alone and the
   * Validation rows alone (each absent when it has no rows or is undefined there).
   * What participants may see while a phase runs is built from `Public` (and `Validation`)
   * only: a breakdown over all rows would mix the private images in.
   */
  bySubset?: Partial<Record<SubsetUsage, SubsetReport>>;
  /**
   * True when `score` is the mean of the per-item scores of the test rows (usage other than
   * "Validation"), so a mean over any group of items is the metric on that group.
   */
  itemMean?: boolean;
  /** Validated parameters actually used. */
  params: Record<string, unknown>;
}
