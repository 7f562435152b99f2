// A host uploads a dataset archive: the zip is streamed into the blob store under the size
// limit, a DatasetImport row records the request, and a worker does the import.
import crypto from "node:crypto";
import { BlobTooLargeError, getBlobStore } from "../../blob";
import type { SessionUser } from "../../contracts/common";
import type { DatasetImportDto } from "../../contracts/dataset";
import { env } from "../../env";
import { AppError } from "../../errors";
import { enqueueDatasetImport } from "../../queue/scoring-queue";
import { datasetImportRepository, type DatasetImportRecord } from "../../repositories/dataset-import-repository";
import { datasetRepository } from "../../repositories/dataset-repository";
import { readDatasetUpload } from "./read-dataset-upload";

export function toDatasetImportDto(row: DatasetImportRecord): DatasetImportDto {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    status: row.status,
    phase: row.phase,
    done: row.done,
    total: row.total,
    problems: Array.isArray(row.problems) ? (row.problems as DatasetImportDto["problems"]) : [],
    warnings: Array.isArray(row.warnings) ? (row.warnings as DatasetImportDto["warnings"]) : [],
    outcome: row.outcome,
    datasetSlug: row.dataset?.slug ?? null,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
  };
}

export async function startDatasetImport(input: { user: SessionUser; stream: ReadableStream<Uint8Array> }): Promise<DatasetImportDto> {
  const { options, body } = await readDatasetUpload(input.stream);
  // Checked again (by content) when the import runs; this spares a pointless upload.
  const existing = await datasetRepository.findBySlug(options.slug);
  if (existing) throw new AppError("CONFLICT", { message: `A dataset named "${options.slug}" already exists; re-importing the same data there changes nothing, so choose a new slug for new data.` });

  const id = crypto.randomUUID();
  const key = `imports/${id}/upload.zip`;
  const store = getBlobStore();
  try {
    await store.putStream(key, body, { maxBytes: env.MAX_UPLOAD_BYTES });
  } catch (error) {
    if (error instanceof BlobTooLargeError) throw new AppError("PAYLOAD_TOO_LARGE", { message: `The archive is larger than the limit of ${Math.round(env.MAX_UPLOAD_BYTES / 1024 / 1024)} MiB; import it with \`npm run dataset -- import\` on the server instead.` });
    throw error;
  }
  const row = await datasetImportRepository.create({ id, createdById: input.user.id, slug: options.slug, name: options.name, options, uploadKey: key });
  await enqueueDatasetImport(id);
  return toDatasetImportDto(row);
}

export async function getDatasetImport(input: { id: string; user: SessionUser }): Promise<DatasetImportDto> {
  const row = await datasetImportRepository.findById(input.id);
  if (!row || (row.createdById !== input.user.id && input.user.role !== "admin")) throw new AppError("NOT_FOUND", { message: "No such import." });
  return toDatasetImportDto(row);
}

export async function listMyDatasetImports(input: { user: SessionUser }): Promise<DatasetImportDto[]> {
  return (await datasetImportRepository.listByUser(input.user.id)).map(toDatasetImportDto);
}
