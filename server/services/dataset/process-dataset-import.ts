// Runs one uploaded import in a worker under the shared lease: unzip, validate, split, store;
// progress and every problem go to the DatasetImport row the host's page polls. The upload
// is deleted once the import is over; every attempt that does not commit removes its blobs.
import { zipSource } from "../../../datasets/importers/file-source";
import type { ImportProblem } from "../../../datasets/importers/types";
import { getBlobStore } from "../../blob";
import { ZImportOptionsSchema } from "../../contracts/dataset";
import { isAppError } from "../../errors";
import { printable } from "../../printable";
import { datasetImportRepository } from "../../repositories/dataset-import-repository";
import { importDataset } from "./import-dataset";
import { importBlobPrefixes } from "./store-dataset";
import { LeaseLostError, runLeasedJob, type LeasedJob } from "../../jobs/leased-job";

/**
 * Problems quote file names and ids from the archive, which may hold NUL or escape sequences:
 * escaped and capped, so the report is stored (jsonb refuses NUL) and shown as it is.
 */
function storable(problems: ImportProblem[]): ImportProblem[] {
  return problems.map((p) => ({
    ...p,
    message: printable(p.message, 1_000),
    ...(p.file !== undefined ? { file: printable(p.file, 300) } : {}),
    ...(p.imageId !== undefined ? { imageId: printable(p.imageId, 200) } : {}),
  }));
}

type ImportResult = Parameters<typeof datasetImportRepository.finish>[1];

/**
 * Removes what the given attempts of an import stored (a worker killed mid-import leaves
 * blobs under its attempt's prefix). Callers never pass the attempt that committed a dataset.
 */
async function removeImportAttempts(row: { id: string; slug: string }, attempts: number[]): Promise<void> {
  const store = getBlobStore();
  for (const attempt of attempts) {
    for (const prefix of importBlobPrefixes(row.slug, row.id, attempt)) await store.deletePrefix(prefix);
  }
}

/**
 * Cleans up after an import the reaper gave up on or cancelled (its worker is dead): every
 * attempt's blobs unless one committed its dataset, and the upload.
 */
export async function abandonDatasetImport(importId: string): Promise<void> {
  const row = await datasetImportRepository.findById(importId);
  if (!row) return;
  if (!row.datasetId) await removeImportAttempts(row, Array.from({ length: row.attempt }, (_, i) => i + 1));
  await getBlobStore().delete(row.uploadKey);
}

function datasetImportJob(log: (message: string) => void): LeasedJob<ImportResult> {
  // This attempt's dataset was committed (its rows point at its blobs): never remove them.
  let committed = false;
  let uploadKey: string | null = null;
  let slug: string | null = null;
  return {
    kind: "dataset-import",
    pausesItself: true,
    internalErrorMessage: "The import failed unexpectedly; the server log has details.",
    async run(ctx) {
      const { lease, signal } = ctx;
      const row = await datasetImportRepository.findById(lease.id);
      if (!row) throw new LeaseLostError();
      uploadKey = row.uploadKey;
      slug = row.slug;
      // An earlier attempt committed the dataset and died before saying so: say so now.
      if (row.datasetId && row.outcome) {
        committed = true;
        return { status: "succeeded", outcome: row.outcome, datasetId: row.datasetId, warnings: Array.isArray(row.warnings) ? (row.warnings as object[]) : [] };
      }
      // Earlier attempts' workers died mid-import: their blobs go before this one stores its own.
      if (lease.attempt > 1) await removeImportAttempts(row, Array.from({ length: lease.attempt - 1 }, (_, i) => i + 1));
      const store = getBlobStore();
      let lastWrite = 0;
      let paused = false;
      try {
        const options = ZImportOptionsSchema.parse(row.options);
        const source = zipSource(new Uint8Array(await store.get(row.uploadKey)), `${row.slug}.zip`);
        const outcome = await importDataset(source, options, {
          createdById: row.createdById,
          store: { signal, importLease: lease },
          onProgress: (phase, done, total) => {
            signal.throwIfAborted();
            // At most a few writes a second, and always the last one.
            const now = Date.now();
            if (done === total || now - lastWrite > 300) {
              lastWrite = now;
              void datasetImportRepository.progress(lease, phase, done, total).catch(() => undefined);
            }
            // Mid-import for the kill tests: some blobs are stored, the dataset is not.
            if (phase === "storing" && !paused) {
              paused = true;
              return ctx.testPause();
            }
          },
        });
        if (!outcome.ok) return { status: "failed", problems: storable(outcome.problems), warnings: storable(outcome.warnings) };
        committed = outcome.outcome === "created";
        log(`dataset import ${lease.id} (${row.slug}): ${outcome.outcome}`);
        return { status: "succeeded", outcome: outcome.outcome, datasetId: outcome.datasetId, warnings: storable(outcome.warnings) };
      } catch (error) {
        // A host-fixable refusal (slug taken by other data…) is shown as is; anything else is ours.
        if (isAppError(error) && !signal.aborted) return { status: "failed", problems: [{ message: error.message }], warnings: [] };
        throw error;
      }
    },
    async commit({ lease }, result) {
      const written = await datasetImportRepository.finish(lease, result, { afterCommittedDataset: committed });
      // The upload has served its purpose either way; a lost attempt leaves it to its successor.
      if (written && uploadKey) await getBlobStore().delete(uploadKey).catch(() => undefined);
      return written;
    },
    async discard({ lease }, why) {
      if (!uploadKey || !slug) return;
      if (!committed) await removeImportAttempts({ id: lease.id, slug }, [lease.attempt]);
      // Over for good (cancelled, or failed on our side): the upload goes too.
      if (why === "cancelled" || why === "failed") await getBlobStore().delete(uploadKey);
    },
  };
}

/** One dataset import under the shared lease (server/jobs/leased-job.ts). */
export async function processDatasetImport(
  importId: string,
  options: { workerId?: string; signal?: AbortSignal; log?: (message: string) => void } = {},
): Promise<string> {
  const outcome = await runLeasedJob(datasetImportJob(options.log ?? (() => undefined)), importId, {
    owner: options.workerId ?? `inline:${process.pid}`,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (outcome.status !== "done") return outcome.status;
  const result = outcome.value;
  return result.status === "succeeded" ? result.outcome : "problems";
}
