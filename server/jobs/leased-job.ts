// One leased job, whatever it does (scoring, a transfer evaluation, a dataset import):
// claim the row (attempt + 1), renew the lease with heartbeats while the work runs, stop the
// work when the lease is lost, a cancel is requested or the worker shuts down, write the
// result fenced by the attempt, and remove what an attempt stored when it does not commit.
// The SQL is in server/repositories/job-lease-repository.ts; this file only orchestrates.
import { env } from "../env";
import { childLogger } from "../log";
import { jobLeaseRepository } from "../repositories/job-lease-repository";
import { LeaseLostError, type JobKind, type JobLease, type LeaseState } from "./job-kind";

export { LeaseLostError };

const log = childLogger({ role: "jobs" });

/** Why a running job was stopped before it could write its result. */
export type StopReason = "lost" | "cancelled" | "stopping";

/** The reason an aborted job's signal carries; work that sees it should just unwind. */
export class JobStoppedError extends Error {
  constructor(readonly reason: StopReason) {
    super(`job stopped: ${reason}`);
    this.name = "JobStoppedError";
  }
}


interface JobContext {
  lease: JobLease;
  /** Aborted (with a JobStoppedError) when the job must stop; pass it to the sandbox. */
  signal: AbortSignal;
  /** Test hook: pauses SCOPEBENCH_TEST_JOB_DELAY_MS here when set for this kind (abortable). */
  testPause(): Promise<void>;
}

export interface LeasedJob<T> {
  kind: JobKind;
  /** The work. Must stop soon after ctx.signal aborts (throwing is fine). Returns what commit writes. */
  run(ctx: JobContext): Promise<T>;
  /** The result write, fenced (repositories' `fencedWhere`): false when the lease is no longer ours. */
  commit(ctx: JobContext, value: T): Promise<boolean>;
  /**
   * Removes what this attempt stored and did not commit. Called on every path that does not
   * commit, before the job is marked cancelled, so "cancelled" means cleaned up.
   */
  discard?(ctx: JobContext, why: StopReason | "failed"): Promise<void>;
  /** Stored as the job's error when run throws (a fault on our side, not the input's). */
  internalErrorMessage: string;
  /** The job calls ctx.testPause() itself, at its own midpoint; otherwise it pauses right after the claim. */
  pausesItself?: boolean;
}

export type JobOutcome<T> =
  | { status: "done"; value: T }
  /** Not claimable: someone else holds it, or it is finished or cancelled. */
  | { status: "skipped" }
  /** Our lease went to someone else (or the row was finished elsewhere); nothing written. */
  | { status: "lost" }
  | { status: "cancelled" }
  /** Given back to the queue because the worker is stopping. */
  | { status: "released" }
  | { status: "failed" };

export interface RunOptions {
  owner: string;
  /** The worker's own stop signal: aborting it releases the lease (graceful shutdown). */
  signal?: AbortSignal;
  heartbeatMs?: number;
  leaseMs?: number;
}

/** Whether the test pause applies to this kind (pure; an empty kind list means every kind). */
export function testPauseApplies(kind: JobKind, delayMs: number, kinds: readonly JobKind[]): boolean {
  return delayMs > 0 && (kinds.length === 0 || kinds.includes(kind));
}

/**
 * A worker that could not reach the database for a whole lease must assume it was taken
 * over: another worker may already be running the job.
 */
export function leaseExpiredLocally(lastConfirmedMs: number, nowMs: number, leaseMs: number): boolean {
  return nowMs - lastConfirmedMs >= leaseMs;
}

/** What a heartbeat's answer means for the running work (pure). */
export function stopReasonFor(state: LeaseState): StopReason | null {
  return state === "held" ? null : state === "lost" ? "lost" : "cancelled";
}

/** Resolves after ms, or rejects with the signal's reason as soon as it aborts. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

export async function runLeasedJob<T>(job: LeasedJob<T>, id: string, options: RunOptions): Promise<JobOutcome<T>> {
  if (options.signal?.aborted) return { status: "skipped" };
  const lease = await jobLeaseRepository.claim(job.kind, id, options.owner);
  if (!lease) return { status: "skipped" };
  const jobLog = log.child({ kind: job.kind, jobId: id, attempt: lease.attempt });
  const leaseMs = options.leaseMs ?? env.LEASE_TIMEOUT_SECONDS * 1000;

  const controller = new AbortController();
  let reason: StopReason | null = null;
  const stop = (why: StopReason) => {
    if (reason !== null) return;
    reason = why;
    jobLog.info({ reason: why }, "stopping job");
    controller.abort(new JobStoppedError(why));
  };
  const onWorkerStop = () => stop("stopping");
  options.signal?.addEventListener("abort", onWorkerStop, { once: true });

  let lastConfirmed = Date.now();
  let beating = false;
  const heartbeat = setInterval(() => {
    if (beating) return; // a slow database: never stack heartbeats
    beating = true;
    jobLeaseRepository
      .heartbeat(lease)
      .then((state) => {
        if (state === "held") lastConfirmed = Date.now();
        const why = stopReasonFor(state);
        if (why) stop(why);
      })
      .catch((error: unknown) => {
        jobLog.warn({ err: error }, "heartbeat failed");
        if (leaseExpiredLocally(lastConfirmed, Date.now(), leaseMs)) stop("lost");
      })
      .finally(() => (beating = false));
  }, options.heartbeatMs ?? env.HEARTBEAT_SECONDS * 1000);

  const ctx: JobContext = {
    lease,
    signal: controller.signal,
    testPause: () =>
      testPauseApplies(job.kind, env.SCOPEBENCH_TEST_JOB_DELAY_MS, env.SCOPEBENCH_TEST_JOB_DELAY_KINDS)
        ? abortableSleep(env.SCOPEBENCH_TEST_JOB_DELAY_MS, controller.signal)
        : Promise.resolve(),
  };

  const discard = async (why: StopReason | "failed") => {
    try {
      await job.discard?.(ctx, why);
    } catch (error) {
      jobLog.error({ err: error, why }, "could not remove what the job stored");
    }
  };

  /** After the work stopped without a committed result: say so on the row, if it is still ours. */
  const settle = async (): Promise<JobOutcome<T>> => {
    // A fenced write that matched nothing, without a heartbeat having noticed yet: ask the row.
    const why: StopReason = reason ?? stopReasonFor(await jobLeaseRepository.heartbeat(lease).catch(() => "lost" as const)) ?? "lost";
    await discard(why);
    if (why === "cancelled") return (await jobLeaseRepository.markCancelled(lease)) ? { status: "cancelled" } : { status: "lost" };
    if (why === "stopping") return (await jobLeaseRepository.release(lease)) ? { status: "released" } : { status: "lost" };
    jobLog.warn("lease lost; the job's result, if any, was not written");
    return { status: "lost" };
  };

  try {
    try {
      if (!job.pausesItself) await ctx.testPause();
      const value = await job.run(ctx);
      if (reason === null && (await job.commit(ctx, value))) return { status: "done", value };
      return await settle();
    } catch (error) {
      // The work itself may say why it stopped (its sandbox was killed by a worker shutdown).
      if (error instanceof JobStoppedError) stop(error.reason);
      if (reason !== null || error instanceof LeaseLostError) return await settle();
      jobLog.error({ err: error }, "job failed with an internal error");
      await discard("failed");
      const written = await jobLeaseRepository.fail(lease, job.internalErrorMessage).catch(() => false);
      return written ? { status: "failed" } : await settle();
    }
  } finally {
    clearInterval(heartbeat);
    options.signal?.removeEventListener("abort", onWorkerStop);
  }
}
