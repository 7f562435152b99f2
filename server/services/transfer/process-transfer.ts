// Runs one transfer evaluation in the worker: the model (with its own challenge's contract,
// which says how it wants its inputs) on the target's hidden test images, scored with the
// target's metric. The stored result has no per-image rows, only scores per condition.
import { getBlobStore } from "../../blob";
import { env } from "../../env";
import { transferRepository } from "../../repositories/transfer-repository";
import { runInSandbox } from "../../sandbox/sandbox";
import { formatRejection } from "../scoring/format-rejection";
import { modelRun } from "../scoring/process-submission";
import { testConditions } from "../disclosure/audience";
import { meanByCondition } from "../disclosure/disclose-report";
import { printable } from "../../printable";

export async function processTransfer(id: string, log: (message: string) => void = () => undefined): Promise<string> {
  if (!(await transferRepository.claim(id))) return "not claimable";
  const transfer = await transferRepository.findForRun(id);
  if (!transfer) return "gone";
  try {
    const blobs = getBlobStore();
    const target = transfer.targetChallenge;
    const outcome = await runInSandbox(
      {
        scorerId: target.metricId,
        params: target.metricParams,
        truthPath: await blobs.localPath(target.dataset.truthKey),
        submissionPath: await blobs.localPath(transfer.submission.blobKey),
        model: await modelRun(transfer.submission.challenge.modelContract, target.dataset.id),
      },
      { timeoutMs: env.SCORER_TIMEOUT_SECONDS * 1000, memoryMb: env.SCORER_MEMORY_MB },
    );
    if (outcome.kind === "scored") {
      const report = outcome.report as { score?: number; perItem?: Array<{ id: string; usage: string | null; score: number }>; itemMean?: boolean; model?: unknown; scorerId?: unknown; scorerVersion?: unknown };
      // What is kept is listed, not what is left out: per-image rows of the target's test
      // set never reach the table, only means per imaging condition (for per-image metrics).
      const testItems = report.perItem?.filter((item) => item.usage !== "Validation");
      const byCondition = testItems && report.itemMean ? meanByCondition(testItems, await testConditions(target.dataset.id), 1) : null;
      const kept = { score: report.score, scorerId: report.scorerId, scorerVersion: report.scorerVersion, model: report.model, byCondition };
      await transferRepository.finish(id, { status: "scored", score: Number(report.score), result: kept });
      log(`transfer ${id}: scored ${Number(report.score).toFixed(4)}`);
      return "scored";
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
    await transferRepository.finish(id, { status: "failed", errorMessage: printable(errorMessage, 2_000, { keepNewlines: true }) });
    return "failed";
  } catch (error) {
    log(`transfer ${id}: internal error: ${error instanceof Error ? error.stack : String(error)}`);
    await transferRepository.finish(id, { status: "failed", errorMessage: "An internal error stopped the evaluation." }).catch(() => undefined);
    return "failed";
  }
}
