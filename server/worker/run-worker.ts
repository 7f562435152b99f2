// A worker: any number can run, on any machine that reaches the database and the blob
// store. Each takes every kind of job (server/worker/job-types.ts) from pg-boss under the
// shared lease (server/jobs/leased-job.ts), and each also runs the reaper that takes over
// stale leases of all kinds.
import crypto from "node:crypto";
import os from "node:os";
import { env } from "../env";
import { JOB_KINDS, type JobKind } from "../jobs/job-kind";
import { reapStaleJobs } from "../jobs/reap-stale-jobs";
import { runDueCommittedModels } from "../services/submission/run-committed-models";
import { getQueue, STATISTICS_QUEUE, stopQueue } from "../queue/scoring-queue";
import { computeBoardStatistics } from "../services/statistics/compute-board-statistics";
import { assertSandboxAvailable } from "../sandbox/sandbox";
import { JOB_TYPES } from "./job-types";
import { childLogger } from "../log";

const workerLog = childLogger({ role: "worker" });

export interface RunningWorker {
  id: string;
  /**
   * Stops taking jobs, aborts the ones in flight (their sandboxes are killed and their
   * leases given back to the queue, then re-sent so another worker picks them up at once),
   * waits for them to unwind, and stops the queue.
   */
  stop(): Promise<void>;
}

export async function startWorker(options: { log?: (message: string) => void } = {}): Promise<RunningWorker> {
  const log = options.log ?? ((message: string) => workerLog.info(message));
  // Before taking any job: a worker without isolation refuses to start (SandboxUnavailableError).
  assertSandboxAvailable(log);
  const id = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString("hex")}`;
  const boss = await getQueue("worker");
  const stopping = new AbortController();
  const inFlight = new Set<Promise<unknown>>();
  const released: Array<{ kind: JobKind; id: string }> = [];

  for (const kind of JOB_KINDS) {
    const type = JOB_TYPES[kind];
    const handle = async (jobs: Array<{ data: Record<string, unknown> }>) => {
      for (const job of jobs) {
        // A stopping worker takes nothing new; the row stays queued and the reaper re-sends it.
        if (stopping.signal.aborted) return;
        const rowId = String(job.data[type.idField]);
        const run = type.process(rowId, { workerId: id, signal: stopping.signal, log });
        inFlight.add(run);
        try {
          const outcome = await run;
          log(`${kind} ${rowId}: ${outcome}`);
          if (outcome === "released") released.push({ kind, id: rowId });
        } finally {
          inFlight.delete(run);
        }
      }
    };
    for (let i = 0; i < type.concurrency(env.WORKER_CONCURRENCY); i++) {
      await boss.work<Record<string, unknown>>(type.queue, { batchSize: 1, pollingIntervalSeconds: 1 }, handle);
    }
  }

  // Board statistics: no row and no lease (a computation only reads what is committed and
  // never overwrites a newer one), so a lost or repeated job is harmless.
  await boss.work<{ phaseId: string }>(STATISTICS_QUEUE, { batchSize: 1, pollingIntervalSeconds: 1 }, async (jobs) => {
    for (const job of jobs) {
      if (stopping.signal.aborted) return;
      const run = computeBoardStatistics(job.data.phaseId);
      inFlight.add(run);
      try {
        log(`statistics ${job.data.phaseId}: ${await run}`);
      } finally {
        inFlight.delete(run);
      }
    }
  });

  const reap = async () => {
    try {
      await reapStaleJobs(JOB_TYPES, { leaseSeconds: env.LEASE_TIMEOUT_SECONDS, maxAttempts: env.maxJobAttempts });
    } catch (error) {
      log(`reaper failed: ${String(error)}`);
    }
    try {
      await runDueCommittedModels();
    } catch (error) {
      log(`committed model runs failed: ${String(error)}`);
    }
  };
  await reap();
  const timer = setInterval(() => void reap(), Math.max(1000, (env.LEASE_TIMEOUT_SECONDS * 1000) / 3));
  log(`worker ${id} ready (concurrency ${env.WORKER_CONCURRENCY})`);

  return {
    id,
    async stop() {
      clearInterval(timer);
      stopping.abort();
      await Promise.allSettled([...inFlight]);
      for (const job of released) await JOB_TYPES[job.kind].enqueue(job.id).catch(() => undefined);
      await stopQueue();
    },
  };
}
