import { getPrisma } from "../db/client";
import type { Prisma } from "../db/client";

export const datasetRepository = {
  findById(id: string) {
    return getPrisma().dataset.findUnique({
      where: { id },
      select: { id: true, slug: true, name: true, truthKey: true },
    });
  },
  async countItemsBySplit(datasetId: string) {
    const rows = await getPrisma().datasetItem.groupBy({
      by: ["split"],
      where: { datasetId },
      _count: { _all: true },
    });
    const counts = { train: 0, public_test: 0, private_test: 0 };
    for (const row of rows) counts[row.split] = row._count._all;
    return counts;
  },
  createWithItems(
    data: Omit<Prisma.DatasetCreateInput, "items">,
    items: Omit<Prisma.DatasetItemCreateManyInput, "datasetId">[],
  ) {
    return getPrisma().$transaction(async (tx) => {
      const dataset = await tx.dataset.create({ data, select: { id: true, slug: true } });
      await tx.datasetItem.createMany({ data: items.map((i) => ({ ...i, datasetId: dataset.id })) });
      return dataset;
    });
  },
};
