import { getPrisma } from "../db/client";
import type { Prisma } from "../db/client";

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
  /** Takes a queued import (or one a dead worker left running: imports are idempotent). */
  async claim(id: string): Promise<boolean> {
    const { count } = await getPrisma().datasetImport.updateMany({
      where: { id, status: { in: ["queued", "running"] } },
      data: { status: "running", phase: "reading", done: 0, total: 0 },
    });
    return count === 1;
  },
  progress(id: string, phase: string, done: number, total: number) {
    return getPrisma().datasetImport.updateMany({ where: { id, status: "running" }, data: { phase, done, total } });
  },
  finish(
    id: string,
    result:
      | { status: "succeeded"; outcome: string; datasetId: string; warnings: object[] }
      | { status: "failed"; problems: object[]; warnings: object[] },
  ) {
    return getPrisma().datasetImport.update({
      where: { id },
      data: { ...result, phase: result.status === "succeeded" ? "done" : "failed", finishedAt: new Date() },
    });
  },
};
