// The contract between scorers and everything that runs them (sandbox, CLI, tests).
// Scorers are pure: no I/O, no clock, no unseeded randomness.
export type Usage = "Public" | "Private";
/**
 * A truth row's Usage. "Ignored" rows (Kaggle's stage-2 decoy images, added so that hand
 * labelling the test set did not pay) may be predicted but never count in any score.
 */
export type TruthUsage = Usage | "Ignored";

export function isTruthUsage(value: string): value is TruthUsage {
  return value === "Public" || value === "Private" || value === "Ignored";
}

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

/** One row of a per-image (or per-sample) breakdown. */
export interface ItemScore {
  id: string;
  usage: Usage | null;
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
  perClass?: ClassScore[];
  perClassValues?: Array<{ classId: number; value: number; support: number }>;
  perThreshold?: Array<{ threshold: number; value: number }>;
}

export interface ScoreReport {
  scorerId: string;
  scorerVersion: string;
  /** Overall score over every row of the truth file. */
  score: number;
  /** Score over the truth rows marked Public / Private; null when the truth has no Usage column. */
  public: number | null;
  private: number | null;
  /** Every output the scorer declares, by key; `outputs.score` repeats `score`. */
  outputs: Record<string, number>;
  perItem?: ItemScore[];
  perClass?: ClassScore[];
  /** One value per class for metrics that are not F1-based (per-class AUROC or AP). */
  perClassValues?: Array<{ classId: number; value: number; support: number }>;
  /** e.g. DSB precision at each IoU threshold, overall. */
  perThreshold?: Array<{ threshold: number; value: number }>;
  /**
   * The score and its breakdowns over the Public rows alone and over the Private rows alone.
   * What participants may see while a phase runs is built from `Public` only: a breakdown
   * over all rows would mix the private images in.
   */
  bySubset?: Partial<Record<Usage, SubsetReport>>;
  /** True when `score` is the mean of the per-item scores, so a mean over any group of items is the metric on that group. */
  itemMean?: boolean;
  /** Validated parameters actually used. */
  params: Record<string, unknown>;
}
