// A scoring worker: any number can run, on any machine that reaches the database and the
// blob directory. Each takes jobs from pg-boss, and each also reclaims stale claims.
import crypto from "node:crypto";
import os from "node:os";
import { env } from "../env";
import { DATASET_IMPORT_QUEUE, getQueue, SCORING_QUEUE, stopQueue, TRANSFER_QUEUE, type DatasetImportJobData, type ScoringJobData, type TransferJobData } from "../queue/scoring-queue";
import { processTransfer } from "../services/transfer/process-transfer";
import { processDatasetImport } from "../services/dataset/process-dataset-import";
import { processSubmission } from "../services/scoring/process-submission";
import { reclaimStaleSubmissions } from "../services/scoring/reclaim-stale-submissions";
import { assertSandboxAvailable } from "../sandbox/sandbox";
import { childLogger } from "../log";

const workerLog = childLogger({ role: "worker" });

export interface RunningWorker {
  id: string;
  stop(): Promise<void>;
}

export async function startWorker(options: { log?: (message: string) => void } = {}): Promise<RunningWorker> {
  const log = options.log ?? ((message: string) => workerLog.info(message));
  // Before taking any job: a worker without isolation refuses to start (SandboxUnavailableError).
  assertSandboxAvailable(log);
  const id = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString("hex")}`;
  const boss = await getQueue("worker");

  const handle = async (jobs: Array<{ data: ScoringJobData }>) => {
    for (const job of jobs) {
      const outcome = await processSubmission(job.data.submissionId, { workerId: id, log });
      log(`submission ${job.data.submissionId}: ${outcome}`);
    }
  };
  for (let i = 0; i < env.WORKER_CONCURRENCY; i++) {
    await boss.work<ScoringJobData>(SCORING_QUEUE, { batchSize: 1, pollingIntervalSeconds: 1 }, handle);
  }

  // One import at a time per worker: it is memory-heavy (a whole archive is decoded).
  await boss.work<DatasetImportJobData>(DATASET_IMPORT_QUEUE, { batchSize: 1, pollingIntervalSeconds: 2 }, async (jobs) => {
    for (const job of jobs) await processDatasetImport(job.data.importId, log);
  });

  await boss.work<TransferJobData>(TRANSFER_QUEUE, { batchSize: 1, pollingIntervalSeconds: 2 }, async (jobs) => {
    for (const job of jobs) await processTransfer(job.data.transferId, log);
  });

  const reclaim = async () => {
    try {
      const { requeued, failed } = await reclaimStaleSubmissions();
      if (requeued.length > 0) log(`took over stale submissions: ${requeued.join(", ")}`);
      if (failed.length > 0) log(`gave up on submissions after repeated takeovers: ${failed.join(", ")}`);
    } catch (error) {
      log(`reclaim failed: ${String(error)}`);
    }
  };
  await reclaim();
  const timer = setInterval(() => void reclaim(), Math.max(1000, (env.LEASE_TIMEOUT_SECONDS * 1000) / 3));
  log(`worker ${id} ready (concurrency ${env.WORKER_CONCURRENCY})`);

  return {
    id,
    async stop() {
      clearInterval(timer);
      await stopQueue();
    },
  };
}
