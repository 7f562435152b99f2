// Checks shared by every change of a phase's dates (challenge.updatePhase, challenge.addPhase).
import { AppError, AppErrorCode } from "../../errors";
import type { ChallengeRecord } from "../../repositories/challenge-repository";
import { getTestSetReveal } from "./test-set-reveal";

const iso = (d: Date) => d.toISOString();

/**
 * Phases must not overlap: a submission goes to the one open phase (currentPhase), and two
 * open at once would make which one it counts in depend on their display order.
 */
export function assertNoOverlap(challenge: Pick<ChallengeRecord, "phases">, phase: { id?: string; name: string; startsAt: Date; endsAt: Date }): void {
  const clash = challenge.phases.find((other) => other.id !== phase.id && other.startsAt < phase.endsAt && phase.startsAt < other.endsAt);
  if (clash) {
    throw new AppError(AppErrorCode.INVALID_INPUT, {
      message: `Phase "${phase.name}" (${iso(phase.startsAt)} to ${iso(phase.endsAt)}) overlaps phase "${clash.name}" (${iso(clash.startsAt)} to ${iso(clash.endsAt)}); phases must follow one another.`,
    });
  }
}

/** A revealed test set (private scores and per-image results are out) cannot be hidden again by a phase that ends later. */
export async function assertTestSetStillHidden(challenge: Pick<ChallengeRecord, "datasetId">, endsAt: Date, now: Date): Promise<void> {
  if (endsAt <= now) return;
  const reveal = await getTestSetReveal(challenge.datasetId, now);
  if (reveal.revealed) {
    throw new AppError(AppErrorCode.CONFLICT, {
      message: `This challenge's test images were revealed on ${reveal.revealAt?.toISOString()}; a phase on them cannot be reopened or extended, and no phase can be added that ends later.`,
    });
  }
}
