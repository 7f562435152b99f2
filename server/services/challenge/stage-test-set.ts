// Stages with their own test images (as the DSB's stage 2): which dataset a phase is scored
// on, and when its test images may be shown.
import type { PhaseRecord } from "../../repositories/challenge-repository";

/** The dataset a phase is scored on: its own test set (a stage's), else the challenge's. */
export function testDatasetIdOf(phase: { testDatasetId: string | null }, challenge: { datasetId: string }): string {
  return phase.testDatasetId ?? challenge.datasetId;
}

/**
 * Phases scored on a test set of their own whose images may be downloaded: only once the
 * phase has opened. Before that, nothing of them is listed or served, to anyone.
 */
export function openedStageTestSets<P extends Pick<PhaseRecord, "id" | "name" | "startsAt" | "testDataset">>(phases: readonly P[], now: Date) {
  return phases.flatMap((phase, index) => (phase.testDataset && phase.startsAt <= now ? [{ phase, stage: index + 1, dataset: phase.testDataset }] : []));
}

/** The phase a stage takes committed models from: the one that ended last before it opens. */
export function previousPhase<P extends { id: string; startsAt: Date; endsAt: Date }>(phases: readonly P[], phase: { id?: string; startsAt: Date }): P | null {
  const before = phases.filter((p) => p.id !== phase.id && p.endsAt <= phase.startsAt);
  return before.sort((a, b) => b.endsAt.getTime() - a.endsAt.getTime())[0] ?? null;
}

/** The stage that runs the models committed in this phase, if any. */
export function stageTakingModelsFrom<P extends { id: string; startsAt: Date; endsAt: Date; committedModels: boolean }>(phases: readonly P[], phaseId: string): P | null {
  return phases.find((p) => p.committedModels && previousPhase(phases, p)?.id === phaseId) ?? null;
}

/**
 * What a board or a submission shows of a committed-model run: the model's sha256 and when it
 * was committed. Without an explicit choice the model was fixed when it was uploaded.
 */
export function committedModelOf(run: { sha256: string; committedFrom: { committedAt: Date | null; createdAt: Date } | null }): { sha256: string; committedAt: Date } | null {
  return run.committedFrom ? { sha256: run.sha256, committedAt: run.committedFrom.committedAt ?? run.committedFrom.createdAt } : null;
}
