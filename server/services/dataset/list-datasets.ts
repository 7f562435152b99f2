import { getScorer } from "../../../scorers";
import type { SessionUser } from "../../contracts/common";
import type { DatasetSummaryDto } from "../../contracts/dataset";
import { datasetRepository } from "../../repositories/dataset-repository";
import { metricsForTask } from "../scoring-rule/rule-metrics";
import { datasetClassCount } from "./class-count";
import { mayDeleteDataset } from "./delete-dataset";


export async function listDatasets(input: { user: SessionUser }): Promise<DatasetSummaryDto[]> {
  return (await datasetRepository.list()).map((d) => {
    const classCount = datasetClassCount(d);
    // A metric fits when its params accept the class count (hpa-macro-f1 takes 28 only).
    const fits = (id: string) => classCount === null || getScorer(id)?.paramsSchema.safeParse({ classCount }).success === true;
    return {
      slug: d.slug,
      name: d.name,
      taskType: d.taskType,
      source: d.source,
      images: d._count.items,
      challenges: d._count.challenges,
      createdAt: d.createdAt,
      classCount,
      canDelete: d._count.challenges === 0 && mayDeleteDataset(input.user, d),
      metrics: metricsForTask(d.taskType)
        .filter(fits)
        .map((id) => ({ id, title: getScorer(id)?.title ?? id })),
    };
  });
}
