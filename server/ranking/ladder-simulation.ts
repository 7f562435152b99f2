// The "boosting" attack on a leaderboard (Blum & Hardt 2015, section 5; Dwork et al. 2015),
// simulated: binary labels that nothing predicts, random ±1 prediction vectors submitted
// one after another, and the majority vote of those the board rewarded. Against a board
// that shows every public score, the vote fits the public labels' noise and looks far
// better than chance there, while staying at chance on the private images; the Ladder
// (ladder.ts) should leave the attacker at chance on both. Pure and seeded: the same
// options give the same numbers.
import { createPrng } from "../../datasets/prng";
import { ladderStep, roundToPrecision } from "./ladder";

export interface BoostingAttackOptions {
  publicSize: number;
  privateSize: number;
  /** k: the random prediction vectors submitted before the combined one. */
  submissions: number;
  seed: number;
  /** The board's precision (0.001: three decimals). */
  precision: number;
}

interface AttackOutcome {
  /** The combined submission's exact accuracy on the public and on the private images. */
  publicAccuracy: number;
  privateAccuracy: number;
  /** How many of the k vectors went into the majority vote. */
  kept: number;
}

export interface BoostingAttackResult {
  /** A board that shows every public accuracy (rounded); the attacker keeps shown ≥ 0.5. */
  plain: AttackOutcome;
  /** The Ladder, the same rule for the attacker (the paper's): keep shown ≥ 0.5. */
  ladder: AttackOutcome;
  /**
   * The Ladder again, the attacker keeping only the vectors whose shown score went up
   * (the first one if it was shown above 0.5): a sharper use of the Ladder's feedback
   * for this attack.
   */
  ladderRisesOnly: AttackOutcome;
  /** How many of the k submissions the Ladder showed a new score for (the first included). */
  ladderImproved: number;
  /** The Ladder's shown score after the k submissions. */
  ladderFinalShown: number;
  /** The best of the k scores the plain board showed, for comparison with ladderFinalShown. */
  plainBestShown: number;
}

/**
 * Labels, then the k vectors, are drawn from one mulberry32 stream seeded with `seed`, one
 * number per label or prediction (< 0.5 → −1). The public images come first. Each vector is
 * scored on the public images (per-image score 1 if correct, 0 if not; the board score is
 * the mean) by both boards, and the attacker decides at once whether to keep it, so vectors
 * are tallied, not stored. Majority ties predict +1 (the labels are random, so a tie is
 * right half the time whichever way it goes).
 */
export function boostingAttack(options: BoostingAttackOptions): BoostingAttackResult {
  const { publicSize, privateSize, submissions, seed, precision } = options;
  if (!Number.isInteger(publicSize) || publicSize < 1) throw new RangeError(`boostingAttack: publicSize must be a positive integer, got ${publicSize}`);
  if (!Number.isInteger(privateSize) || privateSize < 1) throw new RangeError(`boostingAttack: privateSize must be a positive integer, got ${privateSize}`);
  if (!Number.isInteger(submissions) || submissions < 1) throw new RangeError(`boostingAttack: submissions must be a positive integer, got ${submissions}`);
  const size = publicSize + privateSize;
  const prng = createPrng(seed);
  const sign = (): number => (prng.next() < 0.5 ? -1 : 1);
  const labels = Int8Array.from({ length: size }, sign);

  const prediction = new Int8Array(size);
  const perImage = new Uint8Array(publicSize);
  const reference = new Uint8Array(publicSize);
  const votes = { plain: new Int32Array(size), ladder: new Int32Array(size), ladderRisesOnly: new Int32Array(size) };
  const kept = { plain: 0, ladder: 0, ladderRisesOnly: 0 };
  const keep = (which: keyof typeof votes): void => {
    const tally = votes[which];
    for (let i = 0; i < size; i++) tally[i]! += prediction[i]!;
    kept[which]++;
  };
  const ladderOptions = { higherIsBetter: true, precision };
  let ladderShown: number | null = null;
  let ladderImproved = 0;
  let plainBestShown = Number.NEGATIVE_INFINITY;

  for (let t = 0; t < submissions; t++) {
    for (let i = 0; i < size; i++) prediction[i] = sign();
    let correct = 0;
    for (let i = 0; i < publicSize; i++) {
      const hit = prediction[i] === labels[i] ? 1 : 0;
      perImage[i] = hit;
      correct += hit;
    }
    const accuracy = correct / publicSize;

    const plainShown = roundToPrecision(accuracy, precision);
    plainBestShown = Math.max(plainBestShown, plainShown);
    if (plainShown >= 0.5) keep("plain");

    const step = ladderStep(ladderShown === null ? null : { shown: ladderShown, perImage: reference }, { score: accuracy, perImage }, ladderOptions);
    // What the attacker sees is the shown number only; a rise is judged on it, from chance.
    const risen = step.shown > (ladderShown ?? 0.5);
    if (step.improved) {
      reference.set(perImage);
      ladderImproved++;
    }
    ladderShown = step.shown;
    if (step.shown >= 0.5) keep("ladder");
    if (risen) keep("ladderRisesOnly");
  }

  const outcome = (which: keyof typeof votes): AttackOutcome => {
    const tally = votes[which];
    let publicCorrect = 0;
    let privateCorrect = 0;
    for (let i = 0; i < size; i++) {
      const correct = (tally[i]! >= 0 ? 1 : -1) === labels[i];
      if (!correct) continue;
      if (i < publicSize) publicCorrect++;
      else privateCorrect++;
    }
    return { publicAccuracy: publicCorrect / publicSize, privateAccuracy: privateCorrect / privateSize, kept: kept[which] };
  };
  return { plain: outcome("plain"), ladder: outcome("ladder"), ladderRisesOnly: outcome("ladderRisesOnly"), ladderImproved, ladderFinalShown: ladderShown!, plainBestShown };
}
