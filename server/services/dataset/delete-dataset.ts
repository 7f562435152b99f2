// Removes a dataset no challenge uses: its rows first (in one transaction that refuses while
// a challenge uses it), then every blob it stored. Rows before blobs, because a challenge
// opened meanwhile must never point at deleted files; a blob that cannot be removed is only
// wasted space, reported and logged.
import { getBlobStore } from "../../blob";
import type { SessionUser } from "../../contracts/common";
import type { DeleteDatasetResponse } from "../../contracts/dataset";
import { AppError } from "../../errors";
import { childLogger } from "../../log";
import { datasetRepository } from "../../repositories/dataset-repository";

/** The CLI runs as the server's operator, who may delete any dataset. */
export type DatasetDeleter = SessionUser | "operator";

export function mayDeleteDataset(user: DatasetDeleter, dataset: { createdById: string | null }): boolean {
  return user === "operator" || user.role === "admin" || (dataset.createdById !== null && dataset.createdById === user.id);
}

/**
 * The per-dataset folders its keys live in (`datasets/<slug>/<nonce>`, `truth/<slug>/<nonce>`),
 * so files no row names (none today) go too. Only folders with a nonce: `truth/<slug>/` alone
 * could hold a later dataset's files under the same slug.
 */
function nonceFolders(slug: string, keys: readonly string[]): string[] {
  const folders = new Set<string>();
  for (const key of keys) {
    const parts = key.split("/");
    if (parts.length >= 4 && (parts[0] === "datasets" || parts[0] === "truth") && parts[1] === slug && parts[2]) {
      folders.add(`datasets/${slug}/${parts[2]}`);
      folders.add(`truth/${slug}/${parts[2]}`);
    }
  }
  return [...folders];
}

const quoteList = (challenges: ReadonlyArray<{ slug: string; title: string }>) => challenges.map((c) => `"${c.title}" (${c.slug})`).join(", ");

export async function deleteDataset(input: { slug: string; user: DatasetDeleter }): Promise<DeleteDatasetResponse> {
  const dataset = await datasetRepository.findBySlug(input.slug);
  if (!dataset) throw new AppError("NOT_FOUND", { message: `No dataset "${input.slug}".` });
  if (!mayDeleteDataset(input.user, dataset)) {
    throw new AppError("FORBIDDEN", { message: `Only the host who imported dataset "${input.slug}" or an admin can delete it.` });
  }
  const result = await datasetRepository.deleteUnlessUsed(dataset.id);
  if (!result.deleted) {
    const n = result.challenges.length;
    throw new AppError("CONFLICT", {
      message: `Dataset "${input.slug}" is used by ${n === 1 ? "challenge" : `${n} challenges`} ${quoteList(result.challenges)}; a dataset can be deleted only when no challenge uses it.`,
    });
  }
  const store = getBlobStore();
  const outcomes = await Promise.allSettled(result.blobKeys.map((key) => store.delete(key)));
  const failed = result.blobKeys.filter((_, i) => outcomes[i]?.status === "rejected");
  const folders = await Promise.allSettled(nonceFolders(input.slug, result.blobKeys).map((prefix) => store.deletePrefix(prefix)));
  if (failed.length > 0 || folders.some((o) => o.status === "rejected")) {
    childLogger({ component: "dataset-delete" }).warn({ slug: input.slug, failed: failed.slice(0, 50), failedCount: failed.length }, "dataset deleted, but some of its blobs could not be removed");
  }
  return { slug: input.slug, images: result.images, blobs: result.blobKeys.length - failed.length, blobsLeft: failed.length };
}
