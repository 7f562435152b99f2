// One scoring job: claim the submission, keep the claim alive with heartbeats, run the
// scorer in the sandbox, and write the outcome exactly once (fenced by the attempt number).
import { getBlobStore } from "../../blob";
import { env } from "../../env";
import { HPA_CHANNELS } from "../../../datasets/types";
import { datasetRepository } from "../../repositories/dataset-repository";
import { submissionRepository } from "../../repositories/submission-repository";
import { runInSandbox, type SandboxLimits } from "../../sandbox/sandbox";
import { printable } from "../../printable";
import { formatRejection } from "./format-rejection";

export type ProcessOutcome = "scored" | "failed" | "skipped" | "lost";

export interface ProcessOptions {
  workerId: string;
  limits?: SandboxLimits;
  log?: (message: string) => void;
}

/** What the sandbox needs to run a model: the contract and where each hidden test image is. */
export async function modelRun(contract: unknown, datasetId: string) {
  if (!contract) throw new Error("this challenge accepts models but declares no model contract");
  const blobs = getBlobStore();
  const images = await datasetRepository.listTestImages(datasetId);
  const items = [];
  for (const image of images) {
    const paths: Record<string, string> =
      image.channelKeys.length === HPA_CHANNELS.length
        ? Object.fromEntries(await Promise.all(HPA_CHANNELS.map(async (channel, i) => [channel, await blobs.localPath(image.channelKeys[i]!)] as const)))
        : { image: await blobs.localPath(image.imageKey) };
    items.push({ imageId: image.imageId, paths });
  }
  return { contract, intraOpThreads: env.MODEL_THREADS, items };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function processSubmission(submissionId: string, options: ProcessOptions): Promise<ProcessOutcome> {
  const log = options.log ?? (() => undefined);
  const attempt = await submissionRepository.claim(submissionId, options.workerId);
  if (attempt === null) return "skipped";

  const lost = new AbortController();
  const heartbeat = setInterval(() => {
    submissionRepository
      .heartbeat(submissionId, attempt)
      .then((alive) => {
        if (!alive) lost.abort();
      })
      .catch((error: unknown) => log(`heartbeat failed for ${submissionId}: ${String(error)}`));
  }, env.HEARTBEAT_SECONDS * 1000);

  const started = Date.now();
  try {
    if (env.SCOPEBENCH_TEST_SCORING_DELAY_MS > 0) await sleep(env.SCOPEBENCH_TEST_SCORING_DELAY_MS);
    if (lost.signal.aborted) return "lost";
    const submission = await submissionRepository.findForScoring(submissionId);
    if (!submission) return "lost";
    const blobs = getBlobStore();
    const outcome = await runInSandbox(
      {
        scorerId: submission.challenge.metricId,
        params: submission.challenge.metricParams,
        truthPath: await blobs.localPath(submission.challenge.dataset.truthKey),
        submissionPath: await blobs.localPath(submission.blobKey),
        ...(submission.kind === "onnx_model"
          ? { model: await modelRun(submission.challenge.modelContract, submission.challenge.dataset.id) }
          : {}),
      },
      options.limits ?? { timeoutMs: env.SCORER_TIMEOUT_SECONDS * 1000, memoryMb: env.SCORER_MEMORY_MB },
      { signal: lost.signal },
    );
    if (lost.signal.aborted) return "lost";
    const scoringMs = Date.now() - started;

    if (outcome.kind === "scored") {
      const report = outcome.report;
      const overall = typeof report.score === "number" ? report.score : null;
      const publicScore = typeof report.public === "number" ? report.public : overall;
      const privateScore = typeof report.private === "number" ? report.private : null;
      const written = await submissionRepository.finish(submissionId, attempt, {
        status: "scored",
        publicScore,
        privateScore,
        result: report,
        scorerId: String(report.scorerId ?? submission.challenge.metricId),
        scorerVersion: String(report.scorerVersion ?? ""),
        scoringMs,
      });
      return written ? "scored" : "lost";
    }
    if (outcome.kind === "error") log(`submission ${submissionId} attempt ${attempt}: ${outcome.message}\n${outcome.detail}`);
    const errorMessage =
      outcome.kind === "rejected"
        ? formatRejection(outcome.rejection)
        : outcome.kind === "model-error"
          ? `The model failed while running on the test images: ${outcome.message}`
          : outcome.kind === "inspected"
            ? "Internal error: unexpected reply from the sandbox."
            : submission.kind === "onnx_model"
              ? outcome.message.replace(/^Scoring/, "Running the model")
              : outcome.message;
    const written = await submissionRepository.finish(submissionId, attempt, {
      status: "failed",
      failureKind: outcome.kind === "rejected" || outcome.kind === "model-error" ? "rejected" : "error",
      // A model's error may quote its own tensor names; PostgreSQL refuses NUL in text.
      errorMessage: printable(errorMessage, 2_000, { keepNewlines: true }),
      scoringMs,
    });
    return written ? "failed" : "lost";
  } catch (error) {
    // A bug or an outage on our side, not the submission's fault: fail it visibly (it does
    // not count towards quota) instead of leaving it "running" for the takeover loop.
    log(`submission ${submissionId} attempt ${attempt}: internal error: ${error instanceof Error ? error.stack : String(error)}`);
    const written = await submissionRepository
      .finish(submissionId, attempt, { status: "failed", failureKind: "error", errorMessage: "An internal error stopped scoring; the hosts have been told.", scoringMs: Date.now() - started })
      .catch(() => false);
    return written ? "failed" : "lost";
  } finally {
    clearInterval(heartbeat);
  }
}
