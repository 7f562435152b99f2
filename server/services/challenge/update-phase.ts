import type { PhaseDto, UpdatePhaseRequest } from "../../contracts/challenge";
import type { SessionUser } from "../../contracts/common";
import { AppError, AppErrorCode } from "../../errors";
import { enqueueBoardStatistics } from "../../queue/scoring-queue";
import { challengeRepository } from "../../repositories/challenge-repository";
import { ladderRepository } from "../../repositories/ladder-repository";
import { ladderUnavailable, readStoredRule } from "../scoring-rule/rule-document";
import { builtInRuleMetric } from "../scoring-rule/rule-metrics";
import { assertSensibleQuota } from "./assert-sensible-quota";
import { canHostChallenge } from "./can-host-challenge";
import { stageSettingsData } from "./stage-settings";
import { testDatasetIdOf } from "./stage-test-set";
import { assertNoOverlap, assertTestSetStillHidden } from "./phase-schedule";
import { toPhaseDto } from "./to-challenge-dto";

/** Hosts change a phase's name, dates and quotas, whether failed submissions count, and the Ladder. */
export async function updatePhase(input: { user: SessionUser; request: UpdatePhaseRequest }): Promise<PhaseDto> {
  const { phaseId, confirmQuota, testDatasetSlug, isFinal, committedModels, ...changes } = input.request;
  const challengeId = await challengeRepository.findChallengeIdOfPhase(phaseId);
  if (!challengeId || !(await canHostChallenge(input.user, challengeId))) {
    throw new AppError(AppErrorCode.NOT_FOUND, { message: "No such phase among the challenges you host." });
  }
  const challenge = await challengeRepository.findByIdIncludePhases(challengeId);
  const current = challenge?.phases.find((p) => p.id === phaseId);
  if (!challenge || !current) throw new AppError(AppErrorCode.NOT_FOUND, { message: "No such phase." });
  const startsAt = changes.startsAt ?? current.startsAt;
  const endsAt = changes.endsAt ?? current.endsAt;
  const name = changes.name ?? current.name;
  if (startsAt >= endsAt) throw new AppError(AppErrorCode.INVALID_INPUT, { message: "The phase must start before it ends." });
  const dailyQuota = changes.dailyQuota ?? current.dailyQuota;
  const totalQuota = changes.totalQuota ?? current.totalQuota;
  // Only a change is checked: a quota confirmed once is not asked about again with every save.
  if (dailyQuota !== current.dailyQuota || totalQuota !== current.totalQuota) {
    assertSensibleQuota({ dailyQuota, totalQuota, confirmQuota, phaseName: name });
  }
  if (startsAt.getTime() !== current.startsAt.getTime() || endsAt.getTime() !== current.endsAt.getTime()) {
    assertNoOverlap(challenge, { id: phaseId, name, startsAt, endsAt });
  }
  if (endsAt.getTime() !== current.endsAt.getTime()) await assertTestSetStillHidden({ datasetId: testDatasetIdOf(current, challenge) }, endsAt, new Date());
  if (changes.ladder === true && !current.ladder) {
    const unguardable = ladderUnavailable(readStoredRule(challenge), builtInRuleMetric(challenge.metricId)?.statistics ?? false);
    if (unguardable) throw new AppError(AppErrorCode.INVALID_INPUT, { message: `The overfitting guard (Ladder) ${unguardable} under this challenge's scoring rule.` });
  }
  const stage = await stageSettingsData(challenge, { id: phaseId, name, startsAt: current.startsAt, endsAt }, { testDatasetSlug, isFinal, committedModels }, current, new Date());
  const updated = await challengeRepository.updatePhase(phaseId, { ...changes, ...stage });
  if (changes.ladder !== undefined && changes.ladder !== current.ladder) {
    // The shown scores are rebuilt by a worker, replaying the phase's submissions in order.
    await ladderRepository.reset(phaseId);
    await enqueueBoardStatistics(phaseId);
  }
  return toPhaseDto(updated, new Date(), true);
}
