import { getPrisma } from "../db/client";
import type { Prisma } from "../db/client";
import type { JobLease } from "../jobs/job-kind";
import { fencedWhere } from "./job-lease-repository";

const importSelect = {
  id: true,
  createdById: true,
  slug: true,
  name: true,
  options: true,
  uploadKey: true,
  status: true,
  phase: true,
  done: true,
  total: true,
  problems: true,
  warnings: true,
  outcome: true,
  datasetId: true,
  attempt: true,
  createdAt: true,
  finishedAt: true,
  dataset: { select: { slug: true } },
} as const;

export type DatasetImportRecord = Prisma.DatasetImportGetPayload<{ select: typeof importSelect }>;

export const datasetImportRepository = {
  create(data: { id: string; createdById: string; slug: string; name: string; options: object; uploadKey: string }) {
    return getPrisma().datasetImport.create({ data, select: importSelect });
  },
  findById(id: string) {
    return getPrisma().datasetImport.findUnique({ where: { id }, select: importSelect });
  },
  listByUser(userId: string, take = 20) {
    return getPrisma().datasetImport.findMany({ where: { createdById: userId }, orderBy: { createdAt: "desc" }, take, select: importSelect });
  },
  /** Progress of the running attempt (a stale worker's progress changes nothing). */
  progress(lease: JobLease, phase: string, done: number, total: number) {
    return getPrisma().datasetImport.updateMany({ where: fencedWhere(lease), data: { phase, done, total } });
  },
  /**
   * The import's result, written by the holder of the current attempt only. Once this attempt
   * committed its dataset (`afterCommittedDataset`), a late cancel request no longer stops the
   * write: the dataset exists and the row must say so.
   */
  async finish(
    lease: JobLease,
    result:
      | { status: "succeeded"; outcome: string; datasetId: string; warnings: object[] }
      | { status: "failed"; problems: object[]; warnings: object[] },
    options: { afterCommittedDataset?: boolean } = {},
  ): Promise<boolean> {
    const where = options.afterCommittedDataset ? { ...fencedWhere(lease), cancelRequestedAt: undefined } : fencedWhere(lease);
    const { count } = await getPrisma().datasetImport.updateMany({
      where,
      data: { ...result, leaseOwner: null, phase: result.status === "succeeded" ? "done" : "failed", finishedAt: new Date() },
    });
    return count === 1;
  },
};
