// The Ladder (server/ranking/ladder.ts) on a phase that has it on: after each scored
// submission, its participant's shown public score changes only if the submission beats it by
// more than the standard error of the difference on the public images.
import { getScorer } from "../../../scorers";
import { higherIsBetter, readStoredRule } from "../scoring-rule/rule-document";
import { createPrng } from "../../../datasets/prng";
import { ladderDecision, ladderThreshold, roundToPrecision } from "../../ranking/ladder";
import { boardStatisticsRepository } from "../../repositories/board-statistics-repository";
import { ladderRepository } from "../../repositories/ladder-repository";
import { loadImageIndex, loadImageStates } from "./store-image-states";
import type { DecodedStates } from "./image-states-codec";

/** Shown scores under the Ladder: three decimals (Blum & Hardt round to the board's precision). */
export const LADDER_PRECISION = 0.001;
/** Resamples for the standard error of a difference when the metric is not a mean. */
const SE_RESAMPLES = 200;

/**
 * The standard error of (candidate − reference) on the public images: s/√n of the per-image
 * differences for a mean; otherwise the standard deviation of the difference over paired
 * bootstrap resamples of the public images (seeded by the two submissions, so reproducible),
 * which estimates the same quantity for any metric.
 */
function standardError(reference: DecodedStates, candidate: DecodedStates, images: readonly number[], scoreOf: (sums: Float64Array, images: number) => number): number {
  const width = candidate.fields.length;
  if (width === 1 && candidate.fields[0] === "score") {
    return ladderThreshold(images.map((i) => reference.values[i]!), images.map((i) => candidate.values[i]!));
  }
  const prng = createPrng(images.length * 7919 + width);
  const a = new Float64Array(width);
  const b = new Float64Array(width);
  const differences: number[] = [];
  for (let r = 0; r < SE_RESAMPLES; r++) {
    a.fill(0);
    b.fill(0);
    for (let k = 0; k < images.length; k++) {
      const image = images[Math.floor(prng.next() * images.length)]!;
      for (let f = 0; f < width; f++) {
        a[f]! += candidate.values[image * width + f]!;
        b[f]! += reference.values[image * width + f]!;
      }
    }
    differences.push(scoreOf(a, images.length) - scoreOf(b, images.length));
  }
  const mean = differences.reduce((s, d) => s + d, 0) / differences.length;
  return Math.sqrt(differences.reduce((s, d) => s + (d - mean) ** 2, 0) / (differences.length - 1));
}

export async function ladderAfterScoring(submissionId: string, phaseId: string): Promise<void> {
  const phase = await boardStatisticsRepository.findPhase(phaseId);
  if (!phase?.ladder) return;
  const scorer = getScorer(phase.challenge.metricId);
  const options = { higherIsBetter: higherIsBetter(readStoredRule(phase.challenge)), precision: LADDER_PRECISION };
  await ladderRepository.withParticipant(phaseId, submissionId, async (tx, submission) => {
    if (submission.status !== "scored" || submission.publicScore === null) return;
    const state = await ladderRepository.findState(tx, phaseId, submission.userId);
    let decision: { shown: number; improved: boolean };
    if (!state || state.submission.publicScore === null) {
      decision = { shown: roundToPrecision(submission.publicScore, LADDER_PRECISION), improved: true };
    } else {
      // Without per-image states to compare (a metric without them), any strict improvement beyond the rounding shows.
      let threshold = 0;
      const scoreOfStates = scorer?.scoreOfStates;
      if (scoreOfStates && submission.imageStatesKey && state.submission.imageStatesKey) {
        const [candidate, reference] = await Promise.all([loadImageStates(submission.imageStatesKey), loadImageStates(state.submission.imageStatesKey)]);
        if (candidate.indexDigest === reference.indexDigest && candidate.fields.join() === reference.fields.join()) {
          const index = await loadImageIndex(candidate.indexDigest);
          const images = index.usages.flatMap((usage, i) => (usage === "Public" || usage === null ? [i] : []));
          const params: unknown = scorer.paramsSchema.parse(phase.challenge.metricParams ?? {});
          if (images.length > 0) threshold = standardError(reference, candidate, images, (sums, n) => scoreOfStates(sums, n, params));
        }
      }
      decision = ladderDecision(state.shownScore, submission.publicScore, threshold, options);
    }
    if (decision.improved) await ladderRepository.show(tx, phaseId, submission.userId, submission.id, decision.shown, submission.createdAt);
    await ladderRepository.recordShown(tx, submission.id, decision.shown);
  });
}
