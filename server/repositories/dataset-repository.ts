import { LeaseLostError, type JobLease } from "../jobs/job-kind";
import { fencedWhere } from "./job-lease-repository";
import { getPrisma } from "../db/client";
import type { Prisma } from "../db/client";

const datasetSelect = {
  id: true,
  slug: true,
  name: true,
  description: true,
  taskType: true,
  source: true,
  truthKey: true,
  contentHash: true,
  trainingZipKey: true,
  testImagesZipKey: true,
  sampleSubmissionKey: true,
  publicMetadataKeys: true,
  classNames: true,
  resplitSourceKey: true,
  stats: true,
  createdById: true,
  createdAt: true,
} as const;

export const datasetRepository = {
  findById(id: string) {
    return getPrisma().dataset.findUnique({ where: { id }, select: datasetSelect });
  },
  findBySlug(slug: string) {
    return getPrisma().dataset.findUnique({ where: { slug }, select: { ...datasetSelect, _count: { select: { challenges: true, items: true } } } });
  },
  list() {
    return getPrisma().dataset.findMany({
      orderBy: { createdAt: "desc" },
      select: { ...datasetSelect, _count: { select: { challenges: true, items: true } } },
    });
  },
  async countItemsBySplit(datasetId: string) {
    const rows = await getPrisma().datasetItem.groupBy({
      by: ["split"],
      where: { datasetId },
      _count: { _all: true },
    });
    const counts = { train: 0, public_test: 0, private_test: 0, validation: 0 };
    for (const row of rows) counts[row.split] = row._count._all;
    return counts;
  },
  /** Every item with its stored blobs, for a re-split (server side only: test items included). */
  listAllItems(datasetId: string) {
    return getPrisma().datasetItem.findMany({
      where: { datasetId },
      orderBy: { imageId: "asc" },
      select: { imageId: true, split: true, width: true, height: true, metadata: true, imageKey: true, channelKeys: true },
    });
  },
  /** Training items for the gallery (test items are never listed: their ids and images are in test.zip). */
  listTrainItems(datasetId: string, options: { skip: number; take: number }) {
    return getPrisma().datasetItem.findMany({
      where: { datasetId, split: "train" },
      orderBy: { imageId: "asc" },
      skip: options.skip,
      take: options.take,
      select: { imageId: true, width: true, height: true, metadata: true, objectCount: true, labels: true, imageKey: true, overlayKey: true },
    });
  },
  /** Test and validation items with the blobs a model is fed: the image, or its four channels (red, green, blue, yellow). */
  listTestImages(datasetId: string) {
    return getPrisma().datasetItem.findMany({
      where: { datasetId, split: { not: "train" } },
      orderBy: { imageId: "asc" },
      select: { imageId: true, imageKey: true, channelKeys: true },
    });
  },
  /** Test and validation items' metadata, for scores per imaging condition (server side only). */
  listTestMetadata(datasetId: string) {
    return getPrisma().datasetItem.findMany({ where: { datasetId, split: { not: "train" } }, select: { imageId: true, metadata: true } });
  },
  findTrainItem(datasetId: string, imageId: string) {
    return getPrisma().datasetItem.findFirst({
      where: { datasetId, imageId, split: "train" },
      select: { imageKey: true, overlayKey: true },
    });
  },
  /** Challenges opened on a dataset (they keep its blobs' keys, so it cannot go while they exist). */
  listChallengesUsing(datasetId: string) {
    return getPrisma().challenge.findMany({ where: { datasetId }, orderBy: { title: "asc" }, select: { slug: true, title: true } });
  },
  /**
   * Deletes a dataset and its items (its imports keep their history, unlinked) unless a
   * challenge uses it, and returns every blob key its rows named. A challenge created while
   * this runs is refused by the foreign key (ON DELETE RESTRICT), so the check cannot race.
   */
  async deleteUnlessUsed(datasetId: string): Promise<{ deleted: true; images: number; blobKeys: string[] } | { deleted: false; challenges: { slug: string; title: string }[] }> {
    try {
      return await getPrisma().$transaction(async (tx) => {
        // Its challenges, and challenges with a stage scored on it.
        const challenges = await tx.challenge.findMany({
          where: { OR: [{ datasetId }, { phases: { some: { testDatasetId: datasetId } } }] },
          orderBy: { title: "asc" },
          select: { slug: true, title: true },
        });
        if (challenges.length > 0) return { deleted: false as const, challenges };
        const dataset = await tx.dataset.findUniqueOrThrow({
          where: { id: datasetId },
          select: { truthKey: true, trainingZipKey: true, testImagesZipKey: true, sampleSubmissionKey: true, resplitSourceKey: true },
        });
        const items = await tx.datasetItem.findMany({ where: { datasetId }, select: { imageKey: true, overlayKey: true, channelKeys: true } });
        await tx.dataset.delete({ where: { id: datasetId } });
        const blobKeys = [dataset.truthKey, dataset.trainingZipKey, dataset.testImagesZipKey, dataset.sampleSubmissionKey, dataset.resplitSourceKey];
        for (const item of items) blobKeys.push(item.imageKey, item.overlayKey, ...item.channelKeys);
        return { deleted: true as const, images: items.length, blobKeys: [...new Set(blobKeys.filter((key): key is string => !!key))] };
      }, { maxWait: 60_000, timeout: 600_000 });
    } catch (error) {
      // The foreign key refused: a challenge was opened on it meanwhile.
      const challenges = await datasetRepository.listChallengesUsing(datasetId);
      if (challenges.length > 0) return { deleted: false, challenges };
      throw error;
    }
  },
  /**
   * With `importLease`, the dataset is committed only together with its import's claim on it
   * (fenced by the lease): a worker that lost its lease creates nothing (LeaseLostError).
   */
  createWithItems(
    data: Omit<Prisma.DatasetCreateInput, "items">,
    items: Omit<Prisma.DatasetItemCreateManyInput, "datasetId">[],
    options: { importLease?: JobLease } = {},
  ) {
    return getPrisma().$transaction(async (tx) => {
      const dataset = await tx.dataset.create({ data, select: { id: true, slug: true } });
      // Chunked: one statement for thousands of rows would hit PostgreSQL's parameter limit.
      for (let i = 0; i < items.length; i += 2000) {
        await tx.datasetItem.createMany({ data: items.slice(i, i + 2000).map((item) => ({ ...item, datasetId: dataset.id })) });
      }
      if (options.importLease) {
        const { count } = await tx.datasetImport.updateMany({
          where: fencedWhere(options.importLease),
          data: { datasetId: dataset.id, outcome: "created" },
        });
        if (count !== 1) throw new LeaseLostError();
      }
      return dataset;
    }, { maxWait: 60_000, timeout: 600_000 });
  },
};
