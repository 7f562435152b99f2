// The background jobs the workers run. Each is a row in its own table (the source of truth)
// with the same lease columns; pg-boss jobs are only wake-up calls.
export const JOB_KINDS = ["scoring", "transfer", "dataset-import"] as const;

export type JobKind = (typeof JOB_KINDS)[number];

/** A worker's claim on one job row: `attempt` is the fencing token every write must match. */
export interface JobLease {
  kind: JobKind;
  id: string;
  owner: string;
  attempt: number;
}

/** What a heartbeat found: still ours, ours but asked to stop, or taken over / finished elsewhere. */
export type LeaseState = "held" | "cancel-requested" | "lost";

/** Thrown by a fenced write inside a job's work (e.g. in a transaction) that matched no row. */
export class LeaseLostError extends Error {
  constructor() {
    super("the job's lease was lost before its result was written");
    this.name = "LeaseLostError";
  }
}
