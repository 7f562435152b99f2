// One scoring job: run the scorer (or the model, then the scorer) in the sandbox on a
// submission and write the outcome exactly once, under the shared lease.
import { getBlobStore, type LocalPath } from "../../blob";
import { env } from "../../env";
import { HPA_CHANNELS } from "../../../datasets/types";
import { datasetRepository } from "../../repositories/dataset-repository";
import { submissionRepository } from "../../repositories/submission-repository";
import { runInSandbox, type SandboxLimits } from "../../sandbox/sandbox";
import { printable } from "../../printable";
import { formatRejection } from "./format-rejection";
import { JobStoppedError, LeaseLostError, runLeasedJob, type LeasedJob } from "../../jobs/leased-job";
import { imageStatesKey, storeImageStates } from "../statistics/store-image-states";
import { afterSubmissionScored } from "../statistics/after-scoring";
import { resolveScorerForSubmission, scoreOutOfRange } from "../custom-scorer/resolve-custom-scorer";
import { boardValues, readStoredRule } from "../scoring-rule/rule-document";

export type ProcessOutcome = "scored" | "failed" | "skipped" | "lost" | "cancelled" | "released";

export interface ProcessOptions {
  workerId: string;
  /** The worker's stop signal: aborting it kills the sandbox and gives the job back to the queue. */
  signal?: AbortSignal;
  limits?: SandboxLimits;
  log?: (message: string) => void;
}

/**
 * What the sandbox needs to run a model: the contract and where each hidden test image is
 * (local files from the caller's `withLocalFiles`, fetched in parallel from a remote store).
 */
async function modelRun(contract: unknown, datasetId: string, localPath: LocalPath) {
  if (!contract) throw new Error("this challenge accepts models but declares no model contract");
  const images = await datasetRepository.listTestImages(datasetId);
  const items = await Promise.all(
    images.map(async (image) => {
      const paths: Record<string, string> =
        image.channelKeys.length === HPA_CHANNELS.length
          ? Object.fromEntries(await Promise.all(HPA_CHANNELS.map(async (channel, i) => [channel, await localPath(image.channelKeys[i]!)] as const)))
          : { image: await localPath(image.imageKey) };
      return { imageId: image.imageId, paths };
    }),
  );
  return { contract, intraOpThreads: env.MODEL_THREADS, items };
}

/**
 * A job's sandboxed run on stored blobs (scoring and transfer evaluations): the scorer, after
 * the model when one is given. The sandbox binds inputs read-only from local files, so a
 * remote store's copies live only for this run. A run stopped by the job's signal (lease lost,
 * cancel, shutdown) or by the worker shutting down (stopAllSandboxes) throws instead of
 * returning an outcome: that is not the job's fault, and nothing is written.
 */
export async function runStoredInSandbox(
  input: {
    scorerId: string;
    params: unknown;
    truthKey: string;
    submissionKey: string;
    model?: { contract: unknown; datasetId: string };
    /** A host's custom scorer module (blob key) instead of the registry's scorerId. */
    customScorerKey?: string;
  },
  limits: SandboxLimits,
  signal: AbortSignal,
) {
  const outcome = await getBlobStore().withLocalFiles(async (localPath) =>
    runInSandbox(
      {
        scorerId: input.scorerId,
        params: input.params,
        truthPath: await localPath(input.truthKey),
        submissionPath: await localPath(input.submissionKey),
        ...(input.model ? { model: await modelRun(input.model.contract, input.model.datasetId, localPath) } : {}),
        ...(input.customScorerKey ? { customScorer: { modulePath: await localPath(input.customScorerKey) } } : {}),
      },
      limits,
      { signal },
    ),
  );
  signal.throwIfAborted();
  if (outcome.kind === "error" && outcome.cause === "aborted") throw new JobStoppedError("stopping");
  return outcome;
}

type FinishData = Parameters<typeof submissionRepository.finish>[1] & { previousStatesKey?: string | null; phaseId?: string };

function scoringJob(options: ProcessOptions): LeasedJob<FinishData> {
  const log = options.log ?? (() => undefined);
  return {
    kind: "scoring",
    internalErrorMessage: "An internal error stopped scoring; the hosts have been told.",
    async run({ lease, signal }) {
      const submissionId = lease.id;
      const started = Date.now();
      const submission = await submissionRepository.findForScoring(submissionId);
      if (!submission) throw new LeaseLostError();
      // A challenge may name a host's custom scorer (custom:<id>@<version>) instead of a built-in one.
      const scorer = await resolveScorerForSubmission(submissionId, submission.challenge.metricId);
      if ("missing" in scorer) {
        log(`submission ${submissionId}: ${scorer.missing}`);
        return { status: "failed", failureKind: "error", errorMessage: "The challenge's scoring configuration is broken; the hosts have been told.", scoringMs: Date.now() - started };
      }
      const testSet = submission.phase.testDataset ?? submission.challenge.dataset;
      const outcome = await runStoredInSandbox(
        {
          scorerId: submission.challenge.metricId,
          params: submission.challenge.metricParams,
          truthKey: testSet.truthKey,
          submissionKey: submission.blobKey,
          ...(submission.kind === "onnx_model" ? { model: { contract: submission.challenge.modelContract, datasetId: testSet.id } } : {}),
          ...(scorer.custom ? { customScorerKey: scorer.moduleKey } : {}),
        },
        options.limits ?? { timeoutMs: env.SCORER_TIMEOUT_SECONDS * 1000, memoryMb: env.SCORER_MEMORY_MB },
        signal,
      );
      const scoringMs = Date.now() - started;

      // The trial checked the custom scorer's range on its cases; a live score outside it is not stored.
      const invalid = outcome.kind === "scored" && scorer.custom ? scoreOutOfRange(outcome.report, scorer.declaration) : null;
      if (invalid) {
        log(`submission ${submissionId}: ${invalid}`);
        return { status: "failed", failureKind: "error", errorMessage: "The challenge's scorer returned an invalid score; the hosts have been told.", scoringMs };
      }
      if (outcome.kind === "scored") {
        // Per-image states go to the blob store; the row keeps the report without them.
        const { imageStates, ...report } = outcome.report;
        // Custom scorers have no scoreOfStates the server could trust: their states are not kept.
        const statesKey = scorer.custom ? null : await storeImageStates(submissionId, lease.attempt, imageStates);
        // The boards' numbers under the challenge's rule as read when this attempt started: the
        // ranked output over the public images and over the private board's images.
        const board = boardValues(report, readStoredRule(submission.challenge));
        return {
          status: "scored",
          publicScore: board.public,
          privateScore: board.private,
          scoringRuleVersion: submission.challenge.scoringRuleVersion,
          boardOutputs: board.outputs,
          result: report,
          scorerId: String(report.scorerId ?? submission.challenge.metricId),
          scorerVersion: String(report.scorerVersion ?? ""),
          scoringMs,
          imageStatesKey: statesKey,
          previousStatesKey: submission.imageStatesKey,
          phaseId: submission.phaseId,
        };
      }
      if (outcome.kind === "error") log(`submission ${submissionId} attempt ${lease.attempt}: ${outcome.message}\n${outcome.detail}`);
      const errorMessage =
        outcome.kind === "rejected"
          ? formatRejection(outcome.rejection)
          : outcome.kind === "model-error"
            ? `The model failed while running on the test images: ${outcome.message}`
            : outcome.kind === "inspected" || outcome.kind === "described"
              ? "Internal error: unexpected reply from the sandbox."
              : submission.kind === "onnx_model"
                ? outcome.message.replace(/^Scoring/, "Running the model")
                : outcome.message;
      return {
        status: "failed",
        failureKind: outcome.kind === "rejected" || outcome.kind === "model-error" ? "rejected" : "error",
        // A model's error may quote its own tensor names; PostgreSQL refuses NUL in text.
        errorMessage: printable(errorMessage, 2_000, { keepNewlines: true }),
        scoringMs,
      };
    },
    async commit({ lease }, data) {
      const { previousStatesKey, phaseId: _phaseId, ...finish } = data;
      if (!(await submissionRepository.finish(lease, finish))) return false;
      // A re-score's earlier states are now unreferenced.
      if (previousStatesKey && previousStatesKey !== (finish.status === "scored" ? finish.imageStatesKey : null)) {
        await getBlobStore().delete(previousStatesKey).catch((error: unknown) => log(`could not remove ${previousStatesKey}: ${String(error)}`));
      }
      return true;
    },
    // This attempt's states, if it stored any; a committed earlier attempt's are another key.
    discard: ({ lease }) => getBlobStore().delete(imageStatesKey(lease.id, lease.attempt)),
  };
}

/**
 * One scoring job under the shared lease (server/jobs/leased-job.ts). A bug or an outage on
 * our side fails the submission visibly (it does not count towards quota) instead of leaving
 * it "running" for the takeover loop.
 */
export async function processSubmission(submissionId: string, options: ProcessOptions): Promise<ProcessOutcome> {
  const outcome = await runLeasedJob(scoringJob(options), submissionId, { owner: options.workerId, ...(options.signal ? { signal: options.signal } : {}) });
  if (outcome.status !== "done") return outcome.status;
  const { value } = outcome;
  // The Ladder's step and the boards' statistics follow the score; a failure here leaves the
  // score committed and is retried by the next scoring of the phase (and logged).
  if (value.status === "scored" && value.phaseId) {
    await afterSubmissionScored(submissionId, value.phaseId).catch((error: unknown) => options.log?.(`statistics after ${submissionId}: ${String(error)}`));
  }
  return value.status;
}
