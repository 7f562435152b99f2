// Runs one transfer evaluation in the worker: the model (with its own challenge's contract,
// which says how it wants its inputs) on the target's hidden test images, scored with the
// target's metric. The stored result has no per-image rows, only scores per condition.
import { env } from "../../env";
import { transferRepository } from "../../repositories/transfer-repository";
import { formatRejection } from "../scoring/format-rejection";
import { runStoredInSandbox } from "../scoring/process-submission";
import { testConditions } from "../disclosure/audience";
import { meanByCondition } from "../disclosure/disclose-report";
import { printable } from "../../printable";
import { LeaseLostError, runLeasedJob, type LeasedJob } from "../../jobs/leased-job";

type TransferResult = Parameters<typeof transferRepository.finish>[1];

const transferJob = (log: (message: string) => void): LeasedJob<TransferResult> => ({
  kind: "transfer",
  internalErrorMessage: "An internal error stopped the evaluation.",
  async run({ lease, signal }) {
    const transfer = await transferRepository.findForRun(lease.id);
    if (!transfer) throw new LeaseLostError();
    const target = transfer.targetChallenge;
    const outcome = await runStoredInSandbox(
      {
        scorerId: target.metricId,
        params: target.metricParams,
        truthKey: target.dataset.truthKey,
        submissionKey: transfer.submission.blobKey,
        model: { contract: transfer.submission.challenge.modelContract, datasetId: target.dataset.id },
      },
      { timeoutMs: env.SCORER_TIMEOUT_SECONDS * 1000, memoryMb: env.SCORER_MEMORY_MB },
      signal,
    );
    if (outcome.kind === "scored") {
      const report = outcome.report as { score?: number; perItem?: Array<{ id: string; usage: string | null; score: number }>; itemMean?: boolean; model?: unknown; scorerId?: unknown; scorerVersion?: unknown };
      // What is kept is listed, not what is left out: per-image rows of the target's test
      // set never reach the table, only means per imaging condition (for per-image metrics).
      const testItems = report.perItem?.filter((item) => item.usage !== "Validation");
      const byCondition = testItems && report.itemMean ? meanByCondition(testItems, await testConditions(target.dataset.id), 1) : null;
      const kept = { score: report.score, scorerId: report.scorerId, scorerVersion: report.scorerVersion, model: report.model, byCondition };
      log(`transfer ${lease.id}: scored ${Number(report.score).toFixed(4)}`);
      return { status: "scored", score: Number(report.score), result: kept };
    }
    const errorMessage =
      outcome.kind === "rejected"
        ? formatRejection(outcome.rejection)
        : outcome.kind === "model-error"
          ? `The model failed: ${outcome.message}`
          : outcome.kind === "error"
            ? outcome.message
            : "Unexpected sandbox reply.";
    // Messages can echo text from the model's run; PostgreSQL refuses NUL in text.
    return { status: "failed", errorMessage: printable(errorMessage, 2_000, { keepNewlines: true }) };
  },
  commit: ({ lease }, result) => transferRepository.finish(lease, result),
});

/** One transfer evaluation under the shared lease (server/jobs/leased-job.ts). */
export async function processTransfer(id: string, options: { workerId?: string; signal?: AbortSignal; log?: (message: string) => void } = {}): Promise<string> {
  const outcome = await runLeasedJob(transferJob(options.log ?? (() => undefined)), id, { owner: options.workerId ?? `inline:${process.pid}`, ...(options.signal ? { signal: options.signal } : {}) });
  return outcome.status === "done" ? outcome.value.status : outcome.status;
}
