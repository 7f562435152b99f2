// pg-boss on the application database. The Submission row is the source of truth for a
// submission's state; a job is only a wake-up call, so a lost or duplicated job is harmless
// (the worker's claim is a conditional UPDATE, and the reaper re-sends for stale rows).
import PgBoss from "pg-boss";
import { resolveDatabaseUrl } from "../db/database-url";
import { env, sandboxJobExpirySeconds } from "../env";
import { childLogger } from "../log";

export const SCORING_QUEUE = "score-submission";

interface ScoringJobData {
  submissionId: string;
}

/** Hosts' dataset uploads, imported by workers (decoding thousands of images is no job for the web server). */
export const DATASET_IMPORT_QUEUE = "import-dataset";

interface DatasetImportJobData {
  importId: string;
}

/** Models evaluated on other challenges' test sets. */
export const TRANSFER_QUEUE = "transfer-evaluation";

interface TransferJobData {
  transferId: string;
}

/** A phase's board statistics, recomputed after its submissions are scored. */
export const STATISTICS_QUEUE = "board-statistics";

interface StatisticsJobData {
  phaseId: string;
}

let bossPromise: Promise<PgBoss> | undefined;

async function createBoss(role: "producer" | "worker"): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: resolveDatabaseUrl(),
    max: 4,
    // Only workers run pg-boss maintenance; the web server just sends.
    supervise: role === "worker",
    schedule: false,
    migrate: true,
  });
  boss.on("error", (error: unknown) => childLogger({ component: "queue" }).error({ err: error }, "pg-boss error"));
  await boss.start();
  const existing = await boss.getQueue(SCORING_QUEUE);
  if (!existing) {
    await boss.createQueue(SCORING_QUEUE, {
      name: SCORING_QUEUE,
      // At most one *waiting* job per submission (singletonKey = submission id), so re-sends
      // never pile up; any number may be active, because a dead worker's job stays "active"
      // until it expires and must not block the takeover ("stately" would).
      policy: "short",
      retryLimit: 3,
      retryDelay: 2,
      // Backstop only: our own heartbeat lease takes over much sooner.
      expireInSeconds: sandboxJobExpirySeconds(env.SCORER_TIMEOUT_SECONDS),
    });
  }
  if (!(await boss.getQueue(DATASET_IMPORT_QUEUE))) {
    await boss.createQueue(DATASET_IMPORT_QUEUE, {
      name: DATASET_IMPORT_QUEUE,
      policy: "short",
      retryLimit: 2,
      retryDelay: 5,
      // Backstop only: the import's own lease takes over a dead worker's import much sooner.
      expireInSeconds: 3600,
    });
  }
  if (!(await boss.getQueue(TRANSFER_QUEUE))) {
    await boss.createQueue(TRANSFER_QUEUE, { name: TRANSFER_QUEUE, policy: "short", retryLimit: 2, retryDelay: 5, expireInSeconds: sandboxJobExpirySeconds(env.SCORER_TIMEOUT_SECONDS) });
  }
  if (!(await boss.getQueue(STATISTICS_QUEUE))) {
    // "stately": per phase, at most one waiting and one running. A burst of scorings waits
    // as one job, and the one that runs reads whatever is committed when it starts.
    await boss.createQueue(STATISTICS_QUEUE, { name: STATISTICS_QUEUE, policy: "stately", retryLimit: 2, retryDelay: 5, expireInSeconds: 600 });
  }
  return boss;
}

export function getQueue(role: "producer" | "worker" = "producer"): Promise<PgBoss> {
  bossPromise ??= createBoss(role).catch((error: unknown) => {
    bossPromise = undefined;
    throw error;
  });
  return bossPromise;
}

export async function enqueueScoring(submissionId: string): Promise<void> {
  const boss = await getQueue();
  await boss.send(SCORING_QUEUE, { submissionId } satisfies ScoringJobData, { singletonKey: submissionId });
}

export async function enqueueDatasetImport(importId: string): Promise<void> {
  const boss = await getQueue();
  await boss.send(DATASET_IMPORT_QUEUE, { importId } satisfies DatasetImportJobData, { singletonKey: importId });
}

export async function enqueueTransfer(transferId: string): Promise<void> {
  const boss = await getQueue();
  await boss.send(TRANSFER_QUEUE, { transferId } satisfies TransferJobData, { singletonKey: transferId });
}

/** Asks for a phase's statistics; a second ask while one is waiting is the same job. */
export async function enqueueBoardStatistics(phaseId: string): Promise<void> {
  const boss = await getQueue();
  // A short delay gathers the scorings that finish together into one computation.
  await boss.send(STATISTICS_QUEUE, { phaseId } satisfies StatisticsJobData, { singletonKey: phaseId, startAfter: 1 });
}

export async function stopQueue(): Promise<void> {
  const pending = bossPromise;
  bossPromise = undefined;
  if (pending) await (await pending).stop({ graceful: true, wait: true, timeout: 10_000 });
}
