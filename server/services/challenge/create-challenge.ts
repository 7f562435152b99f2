// Opens a challenge on a stored dataset: one phase, downloads from the dataset, the creator
// as host. Used by hosts (challenge.create) and by the demo seed.
import crypto from "node:crypto";
import { TASK_TYPE_TITLES } from "../../../datasets/task-types";
import { ZDatasetStatsSchema } from "../../../datasets/dataset-stats";
import { getBlobStore } from "../../blob";
import type { SessionUser } from "../../contracts/common";
import { ZCreateChallengeRequestSchema, type CreateChallengeInput } from "../../contracts/challenge";
import { AppError } from "../../errors";
import { challengeRepository } from "../../repositories/challenge-repository";
import { datasetClassCount } from "../dataset/class-count";
import { datasetRepository } from "../../repositories/dataset-repository";
import { scoringRuleRepository } from "../../repositories/scoring-rule-repository";
import { checkRule, defaultRule } from "../scoring-rule/rule-document";
import { builtInRuleMetric, datasetClasses, metricsForTask } from "../scoring-rule/rule-metrics";
import { assertSensibleQuota } from "./assert-sensible-quota";
import { defaultPages } from "./default-pages";
import { modelContractForDataset } from "./model-contract-for-dataset";
import { getTestSetReveal, type TestSetReveal } from "./test-set-reveal";

/**
 * A test set may back several challenges only if its reveal waits for all of them. Once it
 * has been revealed (private scores and per-image results are out), it cannot be hidden again.
 */
function sharedTestSetNotice(reveal: TestSetReveal, datasetName: string, newEnd: Date): string | null {
  if (reveal.challenges.length === 0) return null;
  if (reveal.revealed) {
    throw new AppError("CONFLICT", {
      message:
        `The test images of "${datasetName}" were revealed on ${reveal.revealAt?.toISOString()} (${reveal.challenges.map((c) => c.title).join(", ")} closed): ` +
        "private scores and per-image results are public, so they cannot be a new challenge's hidden test set. Import the data again with another split, or use another dataset.",
    });
  }
  const revealAt = reveal.revealAt && reveal.revealAt > newEnd ? reveal.revealAt : newEnd;
  return (
    `The test images of "${datasetName}" also back ${reveal.challenges.map((c) => `"${c.title}"`).join(", ")}. ` +
    `Private scores and per-image results of all of these challenges are revealed together, once the last phase on them has closed (${revealAt.toISOString()}).`
  );
}

export async function createChallenge(input: { user: SessionUser | null; request: CreateChallengeInput; exampleModel?: Uint8Array }) {
  const request = ZCreateChallengeRequestSchema.parse(input.request);
  const { confirmQuota, ...phase } = request.phase;
  assertSensibleQuota({ ...phase, confirmQuota, phaseName: phase.name });
  const dataset = await datasetRepository.findBySlug(request.datasetSlug);
  if (!dataset) throw new AppError("NOT_FOUND", { message: `No dataset "${request.datasetSlug}".` });
  // Completed from the dataset (class count, argmax for single-label) and checked against it.
  const takesModels = request.submissionKinds.includes("onnx_model") || request.modelContract !== undefined;
  const modelContract = takesModels ? modelContractForDataset(request.modelContract, dataset) : null;
  const allowed = metricsForTask(dataset.taskType);
  const metricId = request.metricId ?? allowed[0]!;
  const ruleMetric = allowed.includes(metricId) ? builtInRuleMetric(metricId) : null;
  if (!ruleMetric) {
    throw new AppError("INVALID_INPUT", { message: `Metric "${metricId}" does not fit a ${TASK_TYPE_TITLES[dataset.taskType]} dataset; use one of ${allowed.join(", ")}.` });
  }
  // A classification metric scores the dataset's own classes unless the host says otherwise.
  const classCount = datasetClassCount(dataset);
  const proposed = { ...defaultRule(ruleMetric, request.metricParams), ...request.scoring };
  const checked = checkRule(proposed, ruleMetric, { classes: datasetClasses(dataset), ladderPhases: [] });
  if (!checked.ok) throw new AppError("INVALID_INPUT", { message: checked.problems.join(" ") });
  const scoringRule = checked.rule;
  if (await challengeRepository.findBySlugIncludePhases(request.slug)) {
    throw new AppError("CONFLICT", { message: `A challenge at /challenges/${request.slug} already exists.` });
  }
  const notice = sharedTestSetNotice(await getTestSetReveal(dataset.id), dataset.name, request.phase.endsAt);
  const stats = ZDatasetStatsSchema.safeParse(dataset.stats);
  const pages = {
    ...defaultPages({
      title: request.title,
      taskType: dataset.taskType,
      metricTitle: ruleMetric.title,
      datasetName: dataset.name,
      stats: stats.success ? stats.data : null,
      classCount,
    }),
    ...request.pages,
  };
  let exampleModelKey: string | null = null;
  if (input.exampleModel) {
    exampleModelKey = `challenges/${request.slug}/${crypto.randomBytes(4).toString("hex")}/example_model.onnx`;
    await getBlobStore().put(exampleModelKey, input.exampleModel);
  }
  const created = await challengeRepository.create({
    slug: request.slug,
    title: request.title,
    summary: request.summary,
    overviewMd: pages.overview,
    dataMd: pages.data,
    evaluationMd: pages.evaluation,
    rulesMd: pages.rules,
    taskType: dataset.taskType,
    metricId,
    metricParams: scoringRule.metric.params as object,
    scoringRule: scoringRule as object,
    submissionKinds: request.submissionKinds,
    status: "active",
    datasetId: dataset.id,
    sampleSubmissionKey: dataset.sampleSubmissionKey,
    trainingZipKey: dataset.trainingZipKey,
    testImagesZipKey: dataset.testImagesZipKey,
    ...(modelContract ? { modelContract: modelContract as object } : {}),
    exampleModelKey,
    phases: { create: [{ ...phase, position: 0 }] },
  });
  await scoringRuleRepository.createFirstVersion(created.id, scoringRule, input.user?.id ?? null);
  if (input.user) await challengeRepository.addHost(created.id, input.user.id);
  return { ...created, notice };
}
