import { AppError, AppErrorCode } from "../../errors";
import type { ChallengeRecord, PhaseRecord } from "../../repositories/challenge-repository";
import type { QuotaUsage } from "../../repositories/submission-repository";
import { currentPhase, phaseState } from "../challenge/phase-state";

export function phaseClosedMessage(phase: PhaseRecord, now: Date): string {
  return phaseState(phase, now) === "upcoming"
    ? `Phase "${phase.name}" opens on ${phase.startsAt.toISOString()}; submissions are not accepted yet.`
    : `Phase "${phase.name}" closed on ${phase.endsAt.toISOString()}; submissions are no longer accepted.`;
}

export function quotaMessage(phase: PhaseRecord, usage: QuotaUsage): string {
  if (usage.usedTotal >= phase.totalQuota) {
    return `You have used all ${phase.totalQuota} submissions of phase "${phase.name}".`;
  }
  return `You have used all ${phase.dailyQuota} submissions for today (UTC) in phase "${phase.name}". Try again after midnight UTC.`;
}

/** The phase a submission goes to: the one named, else the current one; it must be open. */
export function resolvePhase(challenge: ChallengeRecord, phaseId: string | undefined, now: Date): PhaseRecord {
  const phase = phaseId ? challenge.phases.find((p) => p.id === phaseId) : currentPhase(challenge.phases, now);
  if (!phase) {
    throw new AppError(AppErrorCode.NOT_FOUND, {
      message: phaseId ? `No phase ${phaseId} in this challenge.` : "This challenge has no phases.",
    });
  }
  if (phaseState(phase, now) !== "open") {
    throw new AppError(AppErrorCode.PHASE_CLOSED, { message: phaseClosedMessage(phase, now) });
  }
  return phase;
}
