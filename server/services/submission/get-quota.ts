import type { SessionUser } from "../../contracts/common";
import { teamRepository } from "../../repositories/team-repository";
import type { QuotaDto } from "../../contracts/submission";
import { submissionRepository } from "../../repositories/submission-repository";
import { currentPhase, phaseState } from "../challenge/phase-state";
import { stageTakingModelsFrom } from "../challenge/stage-test-set";
import { findVisibleChallenge } from "../challenge/find-challenge";

export async function getQuota(input: { slug: string; user: SessionUser }): Promise<QuotaDto | null> {
  const challenge = await findVisibleChallenge(input.slug, input.user);
  const now = new Date();
  const phase = currentPhase(challenge.phases, now);
  if (!phase) return null;
  // A team's quota and choices are its account's, whichever member asks.
  const entrant = await teamRepository.entrantOf(challenge.id, input.user.id);
  const [usage, chosen] = await Promise.all([
    submissionRepository.quotaUsage(entrant, phase.id, phase.failedCountTowardsQuota, now),
    submissionRepository.countFinalChoices(entrant, phase.id),
  ]);
  const resetsAt = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
  const remainingTotal = Math.max(0, phase.totalQuota - usage.usedTotal);
  return {
    phaseId: phase.id,
    phaseName: phase.name,
    phaseState: phaseState(phase, now),
    dailyQuota: phase.dailyQuota,
    totalQuota: phase.totalQuota,
    usedToday: usage.usedToday,
    usedTotal: usage.usedTotal,
    remainingToday: Math.min(remainingTotal, Math.max(0, phase.dailyQuota - usage.usedToday)),
    remainingTotal,
    resetsAt,
    finalChoices: { chosen, limit: phase.finalChoices, closesAt: phase.endsAt },
    commitsFor: stageTakingModelsFrom(challenge.phases, phase.id)?.name ?? null,
    committedModels: phase.committedModels,
  };
}
