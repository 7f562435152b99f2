// The lease SQL shared by every job table (Submission, TransferEvaluation, DatasetImport):
// claim, heartbeat, release, cancel, and the reaper's takeover of stale leases. Each table's
// own repository writes its results with `fencedWhere`, so only the current attempt's owner
// can finish a job. Orchestration lives in server/jobs/leased-job.ts.
import { getPrisma, Prisma } from "../db/client";
import type { JobKind, JobLease, LeaseState } from "../jobs/job-kind";

interface JobTable {
  /** Quoted table name (from this closed list only, never from input). */
  table: Prisma.Sql;
  /** Extra columns reset when an attempt starts. */
  claimSet: Prisma.Sql;
  /** Columns that say why the job failed, for the reaper's give-up. */
  failSet: (message: string) => Prisma.Sql;
}

const TABLES: Record<JobKind, JobTable> = {
  scoring: {
    table: Prisma.raw(`"Submission"`),
    claimSet: Prisma.empty,
    failSet: (message) => Prisma.sql`, "failureKind" = 'error', "errorMessage" = ${message}`,
  },
  transfer: {
    table: Prisma.raw(`"TransferEvaluation"`),
    claimSet: Prisma.empty,
    failSet: (message) => Prisma.sql`, "errorMessage" = ${message}`,
  },
  "dataset-import": {
    table: Prisma.raw(`"DatasetImport"`),
    claimSet: Prisma.sql`, phase = 'reading', done = 0, total = 0`,
    failSet: (message) => Prisma.sql`, phase = 'failed', problems = jsonb_build_array(jsonb_build_object('message', ${message}::text))`,
  },
};

/**
 * The WHERE of every fenced write: the row is still running under this very attempt and
 * owner. A worker that lost its lease (taken over, cancelled, finished elsewhere) matches
 * nothing, so its late write changes nothing. A cancel request also blocks the result write:
 * the owner then marks the job cancelled instead.
 */
export function fencedWhere(lease: JobLease) {
  return { id: lease.id, attempt: lease.attempt, leaseOwner: lease.owner, status: "running" as const, cancelRequestedAt: null };
}

const fence = (lease: JobLease) =>
  Prisma.sql`id = ${lease.id} AND attempt = ${lease.attempt} AND "leaseOwner" = ${lease.owner} AND status = 'running'`;

export interface ReapedJob {
  id: string;
  attempt: number;
}

export const jobLeaseRepository = {
  /**
   * Takes a queued job: a conditional UPDATE, so of any number of workers woken for the same
   * row exactly one gets it. Null when the row is running under someone else's live lease,
   * finished, cancelled, or gone.
   */
  async claim(kind: JobKind, id: string, owner: string): Promise<JobLease | null> {
    const t = TABLES[kind];
    const rows = await getPrisma().$queryRaw<Array<{ attempt: number }>>`
      UPDATE ${t.table}
         SET status = 'running', attempt = attempt + 1, "leaseOwner" = ${owner},
             "heartbeatAt" = now(), "startedAt" = now() ${t.claimSet}
       WHERE id = ${id} AND status = 'queued' AND "cancelRequestedAt" IS NULL
   RETURNING attempt`;
    const attempt = rows[0]?.attempt;
    return attempt === undefined ? null : { kind, id, owner, attempt };
  },

  /** Renews the lease if it is still ours; says whether someone asked the job to stop. */
  async heartbeat(lease: JobLease): Promise<LeaseState> {
    const rows = await getPrisma().$queryRaw<Array<{ cancelRequested: boolean }>>`
      UPDATE ${TABLES[lease.kind].table} SET "heartbeatAt" = now()
       WHERE ${fence(lease)}
   RETURNING "cancelRequestedAt" IS NOT NULL AS "cancelRequested"`;
    const row = rows[0];
    return row === undefined ? "lost" : row.cancelRequested ? "cancel-requested" : "held";
  },

  /** Gives the job back to the queue (a worker shutting down); not counted as a takeover. */
  async release(lease: JobLease): Promise<boolean> {
    const count = await getPrisma().$executeRaw`
      UPDATE ${TABLES[lease.kind].table} SET status = 'queued', "leaseOwner" = NULL, "heartbeatAt" = NULL
       WHERE ${fence(lease)} AND "cancelRequestedAt" IS NULL`;
    return count === 1;
  },

  /** The owner's last word on a cancelled job, after it stopped its work and removed what it stored. */
  async markCancelled(lease: JobLease): Promise<boolean> {
    const count = await getPrisma().$executeRaw`
      UPDATE ${TABLES[lease.kind].table} SET status = 'cancelled', "leaseOwner" = NULL, "finishedAt" = now()
       WHERE ${fence(lease)}`;
    return count === 1;
  },

  /** Fails the job (an internal error in the worker), fenced like every result write. */
  async fail(lease: JobLease, message: string): Promise<boolean> {
    const t = TABLES[lease.kind];
    const count = await getPrisma().$executeRaw`
      UPDATE ${t.table} SET status = 'failed', "leaseOwner" = NULL, "finishedAt" = now() ${t.failSet(message)}
       WHERE ${fence(lease)} AND "cancelRequestedAt" IS NULL`;
    return count === 1;
  },

  /**
   * Cancels a job: a queued one at once (no worker holds it), a running one by request (its
   * worker stops at the next heartbeat, cleans up and marks it cancelled; the reaper does
   * that for a dead worker). Null when the job is already finished or being cancelled.
   */
  async requestCancel(kind: JobKind, id: string): Promise<"cancelled" | "requested" | null> {
    const t = TABLES[kind];
    const queued = await getPrisma().$executeRaw`
      UPDATE ${t.table} SET status = 'cancelled', "cancelRequestedAt" = now(), "finishedAt" = now()
       WHERE id = ${id} AND status = 'queued'`;
    if (queued === 1) return "cancelled";
    const running = await getPrisma().$executeRaw`
      UPDATE ${t.table} SET "cancelRequestedAt" = now()
       WHERE id = ${id} AND status = 'running' AND "cancelRequestedAt" IS NULL`;
    return running === 1 ? "requested" : null;
  },

  /**
   * Takeover of stale leases (the worker stopped heart-beating): a job someone asked to stop
   * becomes cancelled; one that used up its attempts fails with `failMessage`; any other goes
   * back to the queue. Returns the rows of each, with the attempt that was abandoned.
   */
  async reapStale(kind: JobKind, leaseSeconds: number, maxAttempts: number, failMessage: string) {
    const t = TABLES[kind];
    const stale = Prisma.sql`status = 'running' AND "heartbeatAt" < now() - make_interval(secs => ${leaseSeconds})`;
    const cancelled = await getPrisma().$queryRaw<ReapedJob[]>`
      UPDATE ${t.table} SET status = 'cancelled', "leaseOwner" = NULL, "finishedAt" = now()
       WHERE ${stale} AND "cancelRequestedAt" IS NOT NULL
   RETURNING id, attempt`;
    const failed = await getPrisma().$queryRaw<ReapedJob[]>`
      UPDATE ${t.table} SET status = 'failed', "leaseOwner" = NULL, "finishedAt" = now() ${t.failSet(failMessage)}
       WHERE ${stale} AND takeovers + 1 >= ${maxAttempts}
   RETURNING id, attempt`;
    const requeued = await getPrisma().$queryRaw<ReapedJob[]>`
      UPDATE ${t.table} SET status = 'queued', takeovers = takeovers + 1, "leaseOwner" = NULL
       WHERE ${stale}
   RETURNING id, attempt`;
    return { cancelled, failed, requeued };
  },

  /** Queued jobs older than the given age: their wake-up call may have been lost, so re-send. */
  async listQueuedOlderThan(kind: JobKind, seconds: number): Promise<string[]> {
    const rows = await getPrisma().$queryRaw<Array<{ id: string }>>`
      SELECT id FROM ${TABLES[kind].table}
       WHERE status = 'queued' AND "createdAt" < now() - make_interval(secs => ${seconds})`;
    return rows.map((r) => r.id);
  },

  /** The lease columns of one row, whatever its table (what the kill tests check). */
  async findLease(kind: JobKind, id: string) {
    const rows = await getPrisma().$queryRaw<Array<{ status: string; attempt: number; takeovers: number; leaseOwner: string | null; cancelRequestedAt: Date | null }>>`
      SELECT status::text AS status, attempt, takeovers, "leaseOwner", "cancelRequestedAt" FROM ${TABLES[kind].table} WHERE id = ${id}`;
    return rows[0] ?? null;
  },
};
