// Takeover of stale leases, for every job kind at once: a job whose worker stopped
// heart-beating goes back to the queue (and is re-sent), fails after too many takeovers
// (bounded retries), or becomes cancelled if someone asked it to stop. Queued jobs whose
// wake-up call may have been lost are re-sent (the queue keeps one waiting job per row).
import { childLogger } from "../log";
import { jobLeaseRepository } from "../repositories/job-lease-repository";
import { JOB_KINDS, type JobKind } from "./job-kind";

const log = childLogger({ role: "reaper" });

export interface ReapHooks {
  /** Sends the job's wake-up call. */
  enqueue(id: string): Promise<void>;
  /** Removes what a dead worker's attempts stored, once the job is over (failed or cancelled). */
  abandon?(id: string): Promise<void>;
  /** Stored as the job's error when its attempts are used up. */
  exhaustedMessage: string;
}

export interface ReapReport {
  requeued: string[];
  failed: string[];
  cancelled: string[];
  resent: number;
}

export async function reapStaleJobs(
  hooks: Record<JobKind, ReapHooks>,
  options: { leaseSeconds: number; maxAttempts: number },
): Promise<Record<JobKind, ReapReport>> {
  const reports = {} as Record<JobKind, ReapReport>;
  for (const kind of JOB_KINDS) {
    const hook = hooks[kind];
    const { cancelled, failed, requeued } = await jobLeaseRepository.reapStale(kind, options.leaseSeconds, options.maxAttempts, hook.exhaustedMessage);
    for (const job of [...cancelled, ...failed]) {
      await hook.abandon?.(job.id).catch((error: unknown) => log.error({ err: error, kind, jobId: job.id }, "could not clean up after an abandoned job"));
    }
    const waiting = await jobLeaseRepository.listQueuedOlderThan(kind, options.leaseSeconds);
    const toSend = [...new Set([...requeued.map((r) => r.id), ...waiting])];
    for (const id of toSend) await hook.enqueue(id);
    if (requeued.length > 0) log.warn({ kind, jobs: requeued }, "took over stale jobs");
    if (failed.length > 0) log.error({ kind, jobs: failed }, "gave up on jobs after repeated takeovers");
    if (cancelled.length > 0) log.info({ kind, jobs: cancelled }, "cancelled jobs whose worker died");
    reports[kind] = { requeued: requeued.map((r) => r.id), failed: failed.map((r) => r.id), cancelled: cancelled.map((r) => r.id), resent: toSend.length };
  }
  return reports;
}
