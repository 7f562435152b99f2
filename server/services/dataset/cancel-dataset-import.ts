// A host stops an import of theirs: a queued one is cancelled at once (its upload deleted), a
// running one at its worker's next heartbeat (the worker removes what it stored, then marks
// it cancelled; the reaper does that for a dead worker).
import { getBlobStore } from "../../blob";
import type { SessionUser } from "../../contracts/common";
import type { DatasetImportDto } from "../../contracts/dataset";
import { AppError } from "../../errors";
import { datasetImportRepository } from "../../repositories/dataset-import-repository";
import { jobLeaseRepository } from "../../repositories/job-lease-repository";
import { toDatasetImportDto } from "./start-dataset-import";

export async function cancelDatasetImport(input: { id: string; user: SessionUser }): Promise<DatasetImportDto> {
  const row = await datasetImportRepository.findById(input.id);
  if (!row || (row.createdById !== input.user.id && input.user.role !== "admin")) throw new AppError("NOT_FOUND", { message: "No such import." });
  const result = await jobLeaseRepository.requestCancel("dataset-import", input.id);
  if (!result) throw new AppError("CONFLICT", { message: `The import is already ${row.status === "running" ? "being cancelled" : row.status}; only queued or running imports can be cancelled.` });
  if (result === "cancelled") await getBlobStore().delete(row.uploadKey);
  const after = await datasetImportRepository.findById(input.id);
  return toDatasetImportDto(after ?? row);
}
