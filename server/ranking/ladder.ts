// The parameter-free Ladder (Blum & Hardt 2015), an overfitting guard for a public
// leaderboard: an entry's shown score changes only when a submission beats the last shown
// score by more than the noise of the comparison, s/√n, with s the sample standard deviation
// of the per-image score differences against the submission whose score is shown. A
// participant who submits many variants and keeps what the board rewards then learns
// little about the public images beyond real improvements (see README.md, "The Ladder").

export interface LadderOptions {
  higherIsBetter: boolean;
  /**
   * Shown scores are rounded to the nearest multiple of this (0.001: three decimals), halves
   * away from zero. 0 shows them unrounded.
   */
  precision: number;
}

export interface LadderDecision {
  /** What the board shows for the entry after this submission. */
  shown: number;
  /**
   * The submission beat the shown score by more than the threshold, so its score (rounded)
   * is shown and it becomes the reference for the next comparison. The shown number can
   * stay the same when the gain is below half the precision. When false, the previous shown
   * value and the previous reference stay.
   */
  improved: boolean;
}

/**
 * The nearest multiple of `precision` to `value`, halves away from zero; `precision` 0
 * returns `value`. A value within a billionth of a step of a half counts as the half, so
 * that a score that is a half on paper stays one in floating point: 2002/4000 = 0.5005 is
 * stored as 0.50049999999999994…, and rounds to 0.501, not 0.500. A multiple of a precision
 * whose reciprocal is an integer (0.001, 0.0005) is computed as q / (1/precision), which
 * gives the double nearest the decimal (0.567, not 567 · 0.001 = 0.5670000000000001).
 */
export function roundToPrecision(value: number, precision: number): number {
  checkPrecision(precision);
  if (!Number.isFinite(value)) throw new RangeError(`ladder: a score must be finite, got ${value}`);
  if (precision === 0) return value;
  const magnitude = Math.abs(value / precision);
  const whole = Math.floor(magnitude);
  const q = Math.sign(value) * (magnitude - whole >= 0.5 - 1e-9 ? whole + 1 : whole);
  const steps = 1 / precision;
  const integerSteps = Math.round(steps);
  const rounded = Math.abs(steps - integerSteps) <= 1e-9 * steps ? q / integerSteps : Number((q * precision).toPrecision(15));
  // -0 would print as "0" but compare oddly with Object.is; the board has no negative zero.
  return rounded === 0 ? 0 : rounded;
}

/**
 * s/√n: the standard error of the mean per-image difference between `candidate` and
 * `reference` (the submission whose score is shown), the threshold of the one-sided paired
 * test. s is the sample standard deviation (n − 1 in the denominator), computed from the
 * mean of the differences (two passes, no cancellation). With one image s is undefined; it
 * is taken as 0, so the Ladder then shows any strict improvement. The sign convention of
 * the differences does not matter: s is the same for higher- and lower-is-better.
 */
export function ladderThreshold(reference: ArrayLike<number>, candidate: ArrayLike<number>): number {
  const n = candidate.length;
  if (reference.length !== n) throw new RangeError(`ladder: the reference has ${reference.length} per-image scores and the new submission ${n}`);
  if (n === 0) throw new RangeError("ladder: no public images");
  let sum = 0;
  for (let i = 0; i < n; i++) sum += candidate[i]! - reference[i]!;
  if (!Number.isFinite(sum)) throw new RangeError("ladder: a per-image score is not finite");
  if (n === 1) return 0;
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const deviation = candidate[i]! - reference[i]! - mean;
    squares += deviation * deviation;
  }
  return Math.sqrt(squares / (n - 1)) / Math.sqrt(n);
}

/**
 * The Ladder's rule with the threshold given: for metrics that are not a mean of per-image
 * scores (a pooled F1, a Dice over the whole set), the caller estimates the standard error
 * of the score difference another way (e.g. a paired bootstrap over the public images) and
 * passes it here. `previousShown` null: the entry's first scored submission, always shown.
 * Otherwise `newScore` (unrounded) must beat `previousShown` (the rounded value on the
 * board, as in the paper) by strictly more than `threshold`.
 */
export function ladderDecision(previousShown: number | null, newScore: number, threshold: number, options: LadderOptions): LadderDecision {
  if (!Number.isFinite(threshold) || threshold < 0) throw new RangeError(`ladder: the threshold must be finite and ≥ 0, got ${threshold}`);
  const shown = roundToPrecision(newScore, options.precision);
  if (previousShown === null) return { shown, improved: true };
  if (!Number.isFinite(previousShown)) throw new RangeError(`ladder: the shown score must be finite, got ${previousShown}`);
  const improved = options.higherIsBetter ? newScore > previousShown + threshold : newScore < previousShown - threshold;
  return improved ? { shown, improved } : { shown: previousShown, improved };
}

/**
 * One submission through the parameter-free Ladder, for a score that is the mean of
 * per-image scores on the n public images. `previous` is the entry's shown score and the
 * per-image scores of the submission it was taken from (null before the first scored
 * submission); `next.score` is the new submission's public score and `next.perImage` its
 * per-image scores, in the same image order. When `improved`, the caller keeps
 * `next.perImage` as the new reference; otherwise it keeps the old one. `threshold` is
 * s/√n (0 for the first submission).
 */
export function ladderStep(
  previous: { shown: number; perImage: ArrayLike<number> } | null,
  next: { score: number; perImage: ArrayLike<number> },
  options: LadderOptions,
): LadderDecision & { threshold: number } {
  if (next.perImage.length === 0) throw new RangeError("ladder: no public images");
  const threshold = previous === null ? 0 : ladderThreshold(previous.perImage, next.perImage);
  return { ...ladderDecision(previous === null ? null : previous.shown, next.score, threshold, options), threshold };
}

function checkPrecision(precision: number): void {
  if (!Number.isFinite(precision) || precision < 0) throw new RangeError(`ladder: the precision must be finite and ≥ 0, got ${precision}`);
}
