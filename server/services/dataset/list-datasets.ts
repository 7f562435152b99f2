import { getScorer } from "../../../scorers";
import type { DatasetSummaryDto } from "../../contracts/dataset";
import { datasetRepository } from "../../repositories/dataset-repository";
import { metricsForTask } from "../challenge/create-challenge";

export async function listDatasets(): Promise<DatasetSummaryDto[]> {
  return (await datasetRepository.list()).map((d) => ({
    slug: d.slug,
    name: d.name,
    taskType: d.taskType,
    source: d.source,
    images: d._count.items,
    challenges: d._count.challenges,
    createdAt: d.createdAt,
    metrics: metricsForTask(d.taskType).map((id) => ({ id, title: getScorer(id)?.title ?? id })),
  }));
}
