// The Data tab: dataset charts and a gallery of training images. Only the training split is
// ever listed or served image by image; test images reach participants in test.zip only,
// and no test item's truth-derived value (object count, labels) leaves the server.
import { ZDatasetStatsSchema } from "../../../datasets/dataset-stats";
import { HPA_CLASSES } from "../../../scorers/hpa-macro-f1/classes";
import { getBlobStore } from "../../blob";
import { ZImageId, type SessionUser } from "../../contracts/common";
import type { ChallengeDataDto, GalleryDto } from "../../contracts/challenge";
import { AppError } from "../../errors";
import { printable } from "../../printable";
import { datasetRepository } from "../../repositories/dataset-repository";
import { findVisibleChallenge } from "./find-challenge";

async function datasetOf(slug: string, user: SessionUser | null) {
  const challenge = await findVisibleChallenge(slug, user);
  const dataset = await datasetRepository.findById(challenge.datasetId);
  if (!dataset) throw new AppError("NOT_FOUND", { message: "This challenge has no dataset." });
  return { challenge, dataset };
}

export async function getChallengeData(input: { slug: string; user: SessionUser | null }): Promise<ChallengeDataDto> {
  const { dataset } = await datasetOf(input.slug, input.user);
  const stats = ZDatasetStatsSchema.safeParse(dataset.stats);
  return { taskType: dataset.taskType, stats: stats.success ? stats.data : null, publicMetadataKeys: dataset.publicMetadataKeys };
}

const imageUrl = (slug: string, imageId: string, overlay: boolean) =>
  `/api/challenges/${encodeURIComponent(slug)}/images/${encodeURIComponent(imageId)}${overlay ? "?overlay=1" : ""}`;

export async function getTrainingGallery(input: { slug: string; user: SessionUser | null; page: number; pageSize: number }): Promise<GalleryDto> {
  const { challenge, dataset } = await datasetOf(input.slug, input.user);
  const counts = await datasetRepository.countItemsBySplit(dataset.id);
  const rows = await datasetRepository.listTrainItems(dataset.id, { skip: input.page * input.pageSize, take: input.pageSize });
  return {
    total: counts.train,
    page: input.page,
    pageSize: input.pageSize,
    items: rows.map((row) => ({
      imageId: row.imageId,
      width: row.width,
      height: row.height,
      metadata: (row.metadata ?? {}) as Record<string, string | number>,
      objectCount: row.objectCount,
      labels: row.labels.map((classId) => ({ classId, name: HPA_CLASSES[classId] ?? String(classId) })),
      imageUrl: imageUrl(challenge.slug, row.imageId, false),
      overlayUrl: row.overlayKey ? imageUrl(challenge.slug, row.imageId, true) : null,
    })),
  };
}

/** One training image (or its outline overlay); any other id, test images included, is "not found". */
export async function getTrainingImage(input: { slug: string; imageId: string; overlay: boolean; user: SessionUser | null }) {
  const { dataset } = await datasetOf(input.slug, input.user);
  // An id no import could have stored (NUL, over-long) is not looked up: PostgreSQL refuses NUL.
  const item = ZImageId.safeParse(input.imageId).success ? await datasetRepository.findTrainItem(dataset.id, input.imageId) : null;
  const key = input.overlay ? item?.overlayKey : item?.imageKey;
  if (!key) throw new AppError("NOT_FOUND", { message: `No training image "${printable(input.imageId)}" in this challenge.` });
  const store = getBlobStore();
  return { sizeBytes: await store.size(key), stream: store.createReadStream(key) };
}
