import type { ChallengeSummaryDto, PhaseDto } from "../../contracts/challenge";
import type { ChallengeRecord, PhaseRecord } from "../../repositories/challenge-repository";
import { currentPhase, phaseState } from "./phase-state";

export function toPhaseDto(phase: PhaseRecord, now: Date, viewerIsHost = false): PhaseDto {
  return {
    id: phase.id,
    name: phase.name,
    startsAt: phase.startsAt,
    endsAt: phase.endsAt,
    dailyQuota: phase.dailyQuota,
    totalQuota: phase.totalQuota,
    failedCountTowardsQuota: phase.failedCountTowardsQuota,
    ladder: phase.ladder,
    finalChoices: phase.finalChoices,
    ownTestSet: phase.testDatasetId !== null,
    testDatasetSlug: viewerIsHost ? (phase.testDataset?.slug ?? null) : null,
    isFinal: phase.isFinal,
    committedModels: phase.committedModels,
    state: phaseState(phase, now),
  };
}

export function toChallengeSummaryDto(
  challenge: ChallengeRecord,
  activity: { participants: number; submissions: number } | undefined,
  now: Date,
): ChallengeSummaryDto {
  const phase = currentPhase(challenge.phases, now);
  return {
    slug: challenge.slug,
    title: challenge.title,
    summary: challenge.summary,
    taskType: challenge.taskType,
    metricId: challenge.metricId,
    status: challenge.status,
    currentPhase: phase ? toPhaseDto(phase, now) : null,
    participants: activity?.participants ?? 0,
    submissions: activity?.submissions ?? 0,
  };
}
