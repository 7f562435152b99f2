// Every background job kind in one table: its queue, how a worker runs it, how the reaper
// re-sends it and cleans up after it. A new kind is one more entry (and its lease columns).
import type { JobKind } from "../jobs/job-kind";
import type { ReapHooks } from "../jobs/reap-stale-jobs";
import {
  DATASET_IMPORT_QUEUE,
  enqueueDatasetImport,
  enqueueScoring,
  enqueueTransfer,
  SCORING_QUEUE,
  TRANSFER_QUEUE,
} from "../queue/scoring-queue";
import { abandonDatasetImport, processDatasetImport } from "../services/dataset/process-dataset-import";
import { processSubmission } from "../services/scoring/process-submission";
import { processTransfer } from "../services/transfer/process-transfer";

export interface JobType extends ReapHooks {
  queue: string;
  /** The pg-boss job's data field that names the row. */
  idField: string;
  /** How many of this kind one worker runs at once. */
  concurrency: (workerConcurrency: number) => number;
  process(id: string, options: { workerId: string; signal: AbortSignal; log: (message: string) => void }): Promise<string>;
}

export const JOB_TYPES: Record<JobKind, JobType> = {
  scoring: {
    queue: SCORING_QUEUE,
    idField: "submissionId",
    concurrency: (n) => n,
    process: (id, options) => processSubmission(id, options),
    enqueue: enqueueScoring,
    exhaustedMessage:
      "Scoring was interrupted repeatedly (the scoring worker stopped responding). The platform team has been notified; this submission does not count towards your quota.",
  },
  transfer: {
    queue: TRANSFER_QUEUE,
    idField: "transferId",
    concurrency: () => 1,
    process: (id, options) => processTransfer(id, options),
    enqueue: enqueueTransfer,
    exhaustedMessage: "The evaluation was interrupted repeatedly (the worker running it stopped responding); ask for it again later.",
  },
  "dataset-import": {
    queue: DATASET_IMPORT_QUEUE,
    idField: "importId",
    // One import at a time per worker: it is memory-heavy (a whole archive is decoded).
    concurrency: () => 1,
    process: (id, options) => processDatasetImport(id, options),
    enqueue: enqueueDatasetImport,
    abandon: abandonDatasetImport,
    exhaustedMessage: "The import was interrupted repeatedly (the worker running it stopped responding); nothing was stored. Upload the archive again.",
  },
};

