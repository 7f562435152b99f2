// A phase's stage settings as hosts set them (challenge.addPhase, challenge.updatePhase,
// bundles): its own test set, whether its board is the final one, committed models.
import { TASK_TYPE_TITLES } from "../../../datasets/task-types";
import { AppError, AppErrorCode } from "../../errors";
import type { ChallengeRecord } from "../../repositories/challenge-repository";
import { datasetRepository } from "../../repositories/dataset-repository";
import { getTestSetReveal } from "./test-set-reveal";
import { previousPhase } from "./stage-test-set";

export interface StageSettingsRequest {
  testDatasetSlug?: string | null | undefined;
  isFinal?: boolean | undefined;
  committedModels?: boolean | undefined;
}

type StageChallenge = Pick<ChallengeRecord, "datasetId" | "taskType" | "submissionKinds"> & { phases: ReadonlyArray<{ id: string; startsAt: Date; endsAt: Date }> };

const invalid = (message: string) => new AppError(AppErrorCode.INVALID_INPUT, { message });

/**
 * The columns to store for the settings asked for, after checking them against the challenge
 * and the phase (`current`: the phase as stored; absent for a new one). Settings left out
 * are not returned, so they stay as they are.
 */
export async function stageSettingsData(
  challenge: StageChallenge,
  phase: { id?: string; name: string; startsAt: Date; endsAt: Date },
  request: StageSettingsRequest,
  current: { testDatasetId: string | null; committedModels: boolean; committedRunsAt: Date | null } | null,
  now: Date,
): Promise<{ testDatasetId?: string | null; isFinal?: boolean; committedModels?: boolean }> {
  const data: { testDatasetId?: string | null; isFinal?: boolean; committedModels?: boolean } = {};
  const opened = current !== null && phase.startsAt <= now;
  if (request.testDatasetSlug !== undefined) {
    let testDatasetId: string | null = null;
    if (request.testDatasetSlug !== null) {
      const dataset = await datasetRepository.findBySlug(request.testDatasetSlug);
      if (!dataset) throw invalid(`testDatasetSlug: no dataset "${request.testDatasetSlug}" on this site; import it first (Host page, or npm run dataset -- import …).`);
      if (dataset.taskType !== challenge.taskType) {
        throw invalid(`testDatasetSlug: dataset "${dataset.slug}" holds ${TASK_TYPE_TITLES[dataset.taskType]} data; this challenge's is ${TASK_TYPE_TITLES[challenge.taskType]}.`);
      }
      const counts = await datasetRepository.countItemsBySplit(dataset.id);
      if (counts.public_test + counts.private_test === 0) throw invalid(`testDatasetSlug: dataset "${dataset.slug}" has no test images.`);
      // The challenge's own dataset is the default: storing it would only hide that.
      testDatasetId = dataset.id === challenge.datasetId ? null : dataset.id;
      if (testDatasetId) {
        const reveal = await getTestSetReveal(testDatasetId, now);
        if (reveal.revealed) throw new AppError(AppErrorCode.CONFLICT, { message: `testDatasetSlug: the test images of "${dataset.slug}" were revealed on ${reveal.revealAt?.toISOString()}; they cannot be a stage's hidden test set.` });
      }
    }
    if (testDatasetId !== (current?.testDatasetId ?? null)) {
      if (opened) throw new AppError(AppErrorCode.CONFLICT, { message: `Phase "${phase.name}" has opened: its test set cannot change (submissions were made on it).` });
      data.testDatasetId = testDatasetId;
    }
  }
  if (request.isFinal !== undefined) data.isFinal = request.isFinal;
  if (request.committedModels !== undefined && request.committedModels !== (current?.committedModels ?? false)) {
    if (current?.committedRunsAt) throw new AppError(AppErrorCode.CONFLICT, { message: `Phase "${phase.name}" has already run its committed models.` });
    if (opened) throw new AppError(AppErrorCode.CONFLICT, { message: `Phase "${phase.name}" has opened: whether it takes committed models cannot change.` });
    if (request.committedModels) {
      if (!challenge.submissionKinds.includes("onnx_model")) throw invalid("committedModels: this challenge does not take ONNX models, so no model can be committed.");
      if (!previousPhase(challenge.phases, phase)) throw invalid(`committedModels: no phase ends before "${phase.name}" opens, so no model can have been committed in one.`);
    }
    data.committedModels = request.committedModels;
  }
  return data;
}
