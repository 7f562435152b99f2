import type { AddPhaseRequest, PhaseDto } from "../../contracts/challenge";
import type { SessionUser } from "../../contracts/common";
import { challengeRepository } from "../../repositories/challenge-repository";
import { assertSensibleQuota } from "./assert-sensible-quota";
import { findHostedChallenge } from "./find-hosted-challenge";
import { stageSettingsData } from "./stage-settings";
import { assertNoOverlap, assertTestSetStillHidden } from "./phase-schedule";
import { toPhaseDto } from "./to-challenge-dto";

/** A further phase (a second stage, say), shown after the others. */
export async function addPhase(input: { user: SessionUser; request: AddPhaseRequest }): Promise<PhaseDto> {
  const { slug, confirmQuota, testDatasetSlug, isFinal, committedModels, ...phase } = input.request;
  const challenge = await findHostedChallenge(slug, input.user);
  assertSensibleQuota({ ...phase, confirmQuota, phaseName: phase.name });
  assertNoOverlap(challenge, phase);
  const stage = await stageSettingsData(challenge, phase, { testDatasetSlug, isFinal, committedModels }, null, new Date());
  // A later end moves the reveal of the test set (and of every challenge sharing it).
  await assertTestSetStillHidden({ datasetId: stage.testDatasetId ?? challenge.datasetId }, phase.endsAt, new Date());
  return toPhaseDto(await challengeRepository.createPhaseLast(challenge.id, { ...phase, ...stage }), new Date(), true);
}
