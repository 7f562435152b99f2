// Runs one uploaded import in a worker: unzip, validate, split, store; progress and every
// problem go to the DatasetImport row the host's page polls. The upload is deleted after.
import { zipSource } from "../../../datasets/importers/file-source";
import type { ImportProblem } from "../../../datasets/importers/types";
import { getBlobStore } from "../../blob";
import { ZImportOptionsSchema } from "../../contracts/dataset";
import { isAppError } from "../../errors";
import { printable } from "../../printable";
import { childLogger } from "../../log";
import { datasetImportRepository } from "../../repositories/dataset-import-repository";
import { importDataset } from "./import-dataset";

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

export async function processDatasetImport(importId: string, log: (message: string) => void = () => undefined): Promise<string> {
  if (!(await datasetImportRepository.claim(importId))) return "not claimable";
  const row = await datasetImportRepository.findById(importId);
  if (!row) return "gone";
  const store = getBlobStore();
  let lastWrite = 0;
  try {
    const options = ZImportOptionsSchema.parse(row.options);
    const source = zipSource(new Uint8Array(await store.get(row.uploadKey)), `${row.slug}.zip`);
    const outcome = await importDataset(source, options, {
      createdById: row.createdById,
      onProgress: (phase, done, total) => {
        // At most a few writes a second, and always the last one.
        const now = Date.now();
        if (done === total || now - lastWrite > 300) {
          lastWrite = now;
          void datasetImportRepository.progress(importId, phase, done, total).catch(() => undefined);
        }
      },
    });
    if (outcome.ok) {
      await datasetImportRepository.finish(importId, { status: "succeeded", outcome: outcome.outcome, datasetId: outcome.datasetId, warnings: storable(outcome.warnings) });
    } else {
      await datasetImportRepository.finish(importId, { status: "failed", problems: storable(outcome.problems), warnings: storable(outcome.warnings) });
    }
    await store.delete(row.uploadKey).catch(() => undefined);
    log(`dataset import ${importId} (${row.slug}): ${outcome.ok ? outcome.outcome : `${outcome.problems.length} problems`}`);
    return outcome.ok ? outcome.outcome : "problems";
  } catch (error) {
    // A host-fixable refusal (slug taken by other data…) is shown as is; anything else generically.
    const message = isAppError(error) ? error.message : "The import failed unexpectedly; the server log has details.";
    if (!isAppError(error)) childLogger({ role: "worker", component: "import" }).error({ importId, err: error }, "dataset import failed");
    await datasetImportRepository.finish(importId, { status: "failed", problems: [{ message }], warnings: [] });
    await store.delete(row.uploadKey).catch(() => undefined);
    return "failed";
  }
}
