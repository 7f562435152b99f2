// Stores a prepared dataset: blobs first (under a prefix no other import uses), then every
// row in one transaction. A failure removes the blobs it wrote, so nothing half-made is
// left and nothing already stored is touched. The same content under the same slug is a
// no-op; other content under a taken slug is refused.
import { randomBytes } from "node:crypto";
import { serializeResplitSource, type ResplitSourceItem } from "../../../datasets/resplit-source";
import { HPA_CHANNELS } from "../../../datasets/types";
import { getBlobStore } from "../../blob";
import { ZDatasetSlug } from "../../contracts/dataset";
import { AppError } from "../../errors";
import { datasetRepository } from "../../repositories/dataset-repository";
import type { PreparedDataset } from "./prepare-dataset";
import { LeaseLostError, type JobLease } from "../../jobs/job-kind";

export interface DatasetIdentity {
  slug: string;
  name: string;
  description?: string;
  /** e.g. "synthetic-nuclei@2.0.0" or "import:dsb". */
  source: string;
  seed?: number | null;
  createdById?: string | null;
}

export type StoreOutcome = { outcome: "created" | "unchanged"; datasetId: string; slug: string };


export interface StoreOptions {
  /** Awaited after each stored image (a dataset import's progress and its test pause). */
  onProgress?: (done: number, total: number) => void | Promise<void>;
  /** Stops storing (and removes what was stored) when it aborts. */
  signal?: AbortSignal;
  /**
   * A leased dataset import: its blobs go under a prefix named after the import and attempt
   * (`importBlobPrefixes`), so a successor can remove what a killed attempt stored, and the
   * rows are committed only while the lease holds.
   */
  importLease?: JobLease;
}

/** Where an import's attempt stores its blobs (two folders: public files and hidden truth). */
export function importBlobPrefixes(slug: string, importId: string, attempt: number): string[] {
  const nonce = `import-${importId}-a${attempt}`;
  return [`datasets/${slug}/${nonce}`, `truth/${slug}/${nonce}`];
}

export async function storeDataset(
  identity: DatasetIdentity,
  prepared: PreparedDataset,
  options: StoreOptions = {},
): Promise<StoreOutcome> {
  if (!ZDatasetSlug.test(identity.slug)) {
    throw new AppError("INVALID_INPUT", { message: `Dataset slug "${identity.slug}" must be lowercase letters, digits and dashes (at most 64).` });
  }
  const existing = await datasetRepository.findBySlug(identity.slug);
  if (existing) {
    if (existing.contentHash === prepared.contentHash) return { outcome: "unchanged", datasetId: existing.id, slug: existing.slug };
    throw new AppError("CONFLICT", {
      message: `A dataset named "${identity.slug}" already exists with different content; choose another slug (datasets that challenges use are never replaced).`,
    });
  }

  const store = getBlobStore();
  // A fresh prefix per attempt: a concurrent import of the same slug can never overwrite or
  // (on cleanup) delete this one's files.
  const lease = options.importLease;
  const nonce = lease ? `import-${lease.id}-a${lease.attempt}` : `${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`;
  const base = `datasets/${identity.slug}/${nonce}`;
  const keys = {
    truth: `truth/${identity.slug}/${nonce}/truth.csv`,
    train: `${base}/train.zip`,
    test: `${base}/test.zip`,
    sample: `${base}/sample_submission.csv`,
    resplit: `truth/${identity.slug}/${nonce}/items.json`,
  };
  const written: string[] = [];
  const put = async (key: string, data: Uint8Array | string) => {
    written.push(key);
    await store.put(key, data);
  };
  try {
    await put(keys.truth, prepared.truthCsv);
    await put(keys.train, prepared.trainingZip);
    await put(keys.test, prepared.testImagesZip);
    await put(keys.sample, prepared.sampleSubmissionCsv);
    const rows = [];
    const kept: ResplitSourceItem[] = [];
    let done = 0;
    for (const item of prepared.items) {
      options.signal?.throwIfAborted();
      const imageKey = `${base}/images/${item.imageId}.png`;
      await put(imageKey, item.displayPng);
      let overlayKey: string | null = null;
      if (item.overlayPng) {
        overlayKey = `${base}/overlays/${item.imageId}.png`;
        await put(overlayKey, item.overlayPng);
      }
      const channelKeys: string[] = [];
      for (const channel of HPA_CHANNELS) {
        const png = item.channels?.[channel];
        if (!png) continue;
        const key = `${base}/channels/${item.imageId}_${channel}.png`;
        await put(key, png);
        channelKeys.push(key);
      }
      let original: ResplitSourceItem["original"];
      if (item.original) {
        original = { key: `${base}/originals/${item.imageId}.${item.original.extension}`, extension: item.original.extension };
        await put(original.key, item.original.bytes);
      }
      kept.push({ imageId: item.imageId, ...item.kept, ...(original ? { original } : {}) });
      rows.push({
        imageId: item.imageId,
        channelKeys,
        split: item.split,
        width: item.width,
        height: item.height,
        metadata: item.metadata,
        imageKey,
        overlayKey,
        objectCount: item.objectCount,
        labels: item.labels,
      });
      await options.onProgress?.(++done, prepared.items.length);
    }
    await put(keys.resplit, serializeResplitSource({ version: 1, items: kept }));
    const dataset = await datasetRepository.createWithItems(
      {
        slug: identity.slug,
        name: identity.name,
        description: identity.description ?? "",
        taskType: prepared.taskType,
        source: identity.source,
        seed: identity.seed ?? null,
        contentHash: prepared.contentHash,
        truthKey: keys.truth,
        trainingZipKey: keys.train,
        testImagesZipKey: keys.test,
        sampleSubmissionKey: keys.sample,
        publicMetadataKeys: prepared.publicMetadataKeys,
        classNames: prepared.classNames,
        resplitSourceKey: keys.resplit,
        stats: prepared.stats,
        createdById: identity.createdById ?? null,
      },
      rows,
      lease ? { importLease: lease } : {},
    );
    return { outcome: "created", datasetId: dataset.id, slug: dataset.slug };
  } catch (error) {
    await Promise.allSettled(written.map((key) => store.delete(key)));
    // Stopped, or fenced off: nothing of ours is committed, and a winner is not ours to report.
    if (error instanceof LeaseLostError || options.signal?.aborted) throw error;
    // Lost a race for the slug: the other import's content may be the same as ours.
    const winner = await datasetRepository.findBySlug(identity.slug).catch(() => null);
    if (winner && winner.contentHash === prepared.contentHash) return { outcome: "unchanged", datasetId: winner.id, slug: winner.slug };
    if (winner) throw new AppError("CONFLICT", { message: `A dataset named "${identity.slug}" was just created by someone else with different content.` });
    throw error;
  }
}
