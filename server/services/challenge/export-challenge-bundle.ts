// A hosted challenge as a bundle (format v1): challenge.yaml (with the scoring rule), the four
// pages, an ONNX challenge's example model and, when its metric is a custom scorer, the stored
// (compiled) module and its declaration. The dataset
// goes by slug only: its hidden truth never leaves the site in a bundle.
import { strToU8, zipSync } from "fflate";
import { stringify } from "yaml";
import {
  BUNDLE_EXAMPLE_MODEL,
  BUNDLE_PAGE_FILES,
  BUNDLE_SCORER_DECLARATION,
  BUNDLE_SCORER_MODULE,
  CHALLENGE_BUNDLE_FORMAT,
} from "../../contracts/challenge-bundle";
import { quotaProblems } from "../../contracts/challenge";
import type { SessionUser } from "../../contracts/common";
import { getBlobStore } from "../../blob";
import { AppError, AppErrorCode } from "../../errors";
import { customScorerRepository } from "../../repositories/custom-scorer-repository";
import { datasetRepository } from "../../repositories/dataset-repository";
import { parseCustomMetricId } from "../custom-scorer/custom-metric-id";
import { readStoredRule } from "../scoring-rule/rule-document";
import { findHostedChallenge } from "./find-hosted-challenge";

export async function exportChallengeBundle(input: { user: SessionUser; slug: string }): Promise<{ filename: string; zip: Uint8Array }> {
  const challenge = await findHostedChallenge(input.slug, input.user);
  const dataset = await datasetRepository.findById(challenge.datasetId);
  if (!dataset) throw new AppError(AppErrorCode.INTERNAL, { message: `The dataset of "${challenge.slug}" is missing.` });

  const files: Record<string, Uint8Array> = {};
  const custom = parseCustomMetricId(challenge.metricId);
  if (custom) {
    const version = await customScorerRepository.findByChallengeAndVersion(challenge.id, custom.scorerId, custom.version);
    if (!version) throw new AppError(AppErrorCode.INTERNAL, { message: `The custom scorer ${challenge.metricId} of "${challenge.slug}" is missing.` });
    files[BUNDLE_SCORER_MODULE] = new Uint8Array(await getBlobStore().get(version.moduleKey));
    files[BUNDLE_SCORER_DECLARATION] = strToU8(`${JSON.stringify(version.declaration, null, 2)}\n`);
  }

  if (challenge.exampleModelKey) files[BUNDLE_EXAMPLE_MODEL] = new Uint8Array(await getBlobStore().get(challenge.exampleModelKey));
  const { metric: _metric, ...scoring } = readStoredRule(challenge);
  const manifest = {
    format: CHALLENGE_BUNDLE_FORMAT,
    slug: challenge.slug,
    title: challenge.title,
    summary: challenge.summary,
    taskType: challenge.taskType,
    metric: { id: challenge.metricId, params: challenge.metricParams ?? {} },
    scoring,
    submissionKinds: challenge.submissionKinds,
    modelContract: challenge.modelContract ?? null,
    dataset: { slug: dataset.slug },
    ...(challenge.teamMergeDeadline ? { teamMergeDeadline: challenge.teamMergeDeadline.toISOString() } : {}),
    phases: challenge.phases.map((phase) => ({
      name: phase.name,
      startsAt: phase.startsAt.toISOString(),
      endsAt: phase.endsAt.toISOString(),
      dailyQuota: phase.dailyQuota,
      totalQuota: phase.totalQuota,
      failedCountTowardsQuota: phase.failedCountTowardsQuota,
      ladder: phase.ladder,
      finalChoices: phase.finalChoices,
      ...(phase.testDataset ? { testDatasetSlug: phase.testDataset.slug } : {}),
      ...(phase.isFinal ? { isFinal: true } : {}),
      ...(phase.committedModels ? { committedModels: true } : {}),
      // The host kept these quotas once already; the import should not ask again.
      ...(quotaProblems(phase).length > 0 ? { confirmQuota: true } : {}),
    })),
    ...(custom ? { customScorer: { module: BUNDLE_SCORER_MODULE, declaration: BUNDLE_SCORER_DECLARATION } } : {}),
    ...(challenge.exampleModelKey ? { exampleModel: BUNDLE_EXAMPLE_MODEL } : {}),
  };

  files["challenge.yaml"] = strToU8(stringify(manifest, { lineWidth: 0 }));
  files[BUNDLE_PAGE_FILES.overview] = strToU8(challenge.overviewMd);
  files[BUNDLE_PAGE_FILES.data] = strToU8(challenge.dataMd);
  files[BUNDLE_PAGE_FILES.evaluation] = strToU8(challenge.evaluationMd);
  files[BUNDLE_PAGE_FILES.rules] = strToU8(challenge.rulesMd);
  return { filename: `${challenge.slug}-bundle.zip`, zip: zipSync(files, { level: 9 }) };
}
