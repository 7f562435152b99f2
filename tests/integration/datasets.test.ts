// Importing datasets end to end on a real database and blob store: splits, idempotence,
// all-or-nothing validation, challenges opened on imported data, and no hidden truth on any
// route a participant can reach.
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hpaTrainingZip } from "../../datasets/hpa-format";
import { memorySource, zipSource } from "../../datasets/importers";
import { encodeGreyPng, encodeMaskPng } from "../../datasets/png";
import { syntheticNuclei } from "../../datasets/synthetic-nuclei";
import { syntheticProtein } from "../../datasets/synthetic-protein";
import type { GeneratedItem } from "../../datasets/types";
import { trainingZip } from "../../datasets/zip-export";
import { scoreText } from "../../scorers/run";
import { disconnectPrisma, getPrisma } from "../../server/db/client";
import { getBlobStore } from "../../server/blob";
import { stopQueue } from "../../server/queue/scoring-queue";
import { getChallengeDownload } from "../../server/services/challenge/get-challenge-download";
import { getTrainingImage } from "../../server/services/challenge/get-challenge-data";
import { importDataset } from "../../server/services/dataset/import-dataset";
import { processDatasetImport } from "../../server/services/dataset/process-dataset-import";
import { encodeUploadHeader } from "../../server/contracts/upload-frame";
import { blobFiles } from "../support/blob-files";
import { asOctetInput, callerFor, createUser } from "../support/fixtures";

afterAll(async () => {
  await stopQueue();
  await disconnectPrisma();
});

/** Every item as a DSB training folder (the export writes only the train split). */
function dsbZipOf(items: GeneratedItem[]): Uint8Array {
  return trainingZip(items.map((item) => ({ ...item, split: "train" as const })));
}

const nuclei = syntheticNuclei.generate({ seed: 11, count: 24, sizes: [{ width: 96, height: 80 }] });
const dsbZip = dsbZipOf(nuclei.items);

describe("dataset import (DSB layout)", () => {
  let host: Awaited<ReturnType<typeof createUser>>;
  let datasetId: string;

  beforeAll(async () => {
    host = await createUser("host");
    const outcome = await importDataset(zipSource(dsbZip, "nuclei.zip"), {
      slug: "imported-nuclei",
      name: "Imported nuclei",
      split: { kind: "stratified", by: "condition", seed: 3, fractions: { train: 0.5, public_test: 0.25, private_test: 0.25 } },
    }, { createdById: host.id });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
    expect(outcome).toMatchObject({ outcome: "created", images: 24 });
    datasetId = outcome.datasetId;
  });

  it("should keep every image, its masks and metadata, split stratified by condition", async () => {
    const rows = await getPrisma().datasetItem.findMany({ where: { datasetId }, select: { imageId: true, split: true, metadata: true, objectCount: true } });
    expect(rows.map((r) => r.imageId).sort()).toEqual(nuclei.items.map((i) => i.imageId).sort());
    for (const condition of new Set(nuclei.items.map((i) => String(i.metadata.condition)))) {
      const group = rows.filter((r) => (r.metadata as Record<string, unknown>).condition === condition);
      const train = group.filter((r) => r.split === "train").length;
      // Each stratum is dealt in the requested proportions (±1 image).
      expect(Math.abs(train - group.length / 2)).toBeLessThanOrEqual(1);
    }
    const byId = new Map(nuclei.items.map((i) => [i.imageId, i]));
    for (const row of rows) {
      const original = byId.get(row.imageId)!;
      expect((row.metadata as Record<string, unknown>).condition).toBe(original.metadata.condition);
      // Object counts are truth: kept for training images only.
      expect(row.objectCount).toBe(row.split === "train" ? original.objectCount : null);
    }
  });

  it("should store the truth of the test images only, under truth/, in the scorer's format", async () => {
    const dataset = await getPrisma().dataset.findUniqueOrThrow({ where: { id: datasetId } });
    expect(dataset.truthKey.startsWith("truth/")).toBe(true);
    const truth = (await getBlobStore().get(dataset.truthKey)).toString("utf8");
    const tests = await getPrisma().datasetItem.findMany({ where: { datasetId, split: { not: "train" } }, select: { imageId: true } });
    const truthIds = new Set(truth.trim().split("\n").slice(1).map((line) => line.split(",")[0]));
    expect([...truthIds].sort()).toEqual(tests.map((t) => t.imageId).sort());
    // The stored sample submission is valid against it.
    const sample = (await getBlobStore().get(dataset.sampleSubmissionKey!)).toString("utf8");
    const scored = scoreText("dsb2018-map", truth, sample);
    expect(scored.ok).toBe(true);
  });

  it("should change nothing when the same data is imported again", async () => {
    const before = blobFiles();
    const again = await importDataset(zipSource(dsbZip, "nuclei.zip"), {
      slug: "imported-nuclei",
      name: "Imported nuclei",
      split: { kind: "stratified", by: "condition", seed: 3, fractions: { train: 0.5, public_test: 0.25, private_test: 0.25 } },
    });
    expect(again).toMatchObject({ ok: true, outcome: "unchanged", datasetId });
    expect(blobFiles()).toEqual(before);
  });

  it("should refuse other data under a taken slug and leave the stored dataset alone", async () => {
    const before = blobFiles();
    const other = dsbZipOf(nuclei.items.slice(0, 12));
    await expect(importDataset(zipSource(other, "other.zip"), { slug: "imported-nuclei", name: "Other" })).rejects.toThrow(/already exists with different content/);
    expect(blobFiles()).toEqual(before);
    expect(await getPrisma().datasetItem.count({ where: { datasetId } })).toBe(24);
  });

  it("should report every problem at once and store nothing", async () => {
    const [a, b] = nuclei.items;
    const before = blobFiles();
    const datasetsBefore = await getPrisma().dataset.count();
    const files: Record<string, Uint8Array | string> = {};
    const put = (item: GeneratedItem) => {
      files[`stage1_train/${item.imageId}/images/${item.imageId}.png`] = item.png;
      for (let label = 1; label <= item.objectCount; label++) {
        files[`stage1_train/${item.imageId}/masks/${label}.png`] = encodeMaskPng(item.labels, item.width, item.height, label);
      }
    };
    put(a!);
    put(b!);
    // 1. a mask of the wrong size; 2. a mask overlapping mask 1 of the same image; 3. an image without masks.
    files[`stage1_train/${a!.imageId}/masks/wrong-size.png`] = encodeGreyPng(new Uint8Array(16).fill(255), 4, 4);
    files[`stage1_train/${b!.imageId}/masks/copy-of-1.png`] = encodeMaskPng(b!.labels, b!.width, b!.height, 1);
    files["stage1_train/no-masks/images/no-masks.png"] = encodeGreyPng(new Uint8Array(64), 8, 8);
    const outcome = await importDataset(memorySource(files, "broken.zip"), { slug: "broken-nuclei", name: "Broken" });
    if (outcome.ok) throw new Error("expected problems");
    const text = outcome.problems.map((p) => p.message).join("\n");
    expect(outcome.problems.length).toBeGreaterThanOrEqual(3);
    expect(text).toMatch(/wrong-size\.png/);
    expect(text).toMatch(/copy-of-1\.png/);
    expect(text).toMatch(/no-masks/);
    expect(await getPrisma().dataset.count()).toBe(datasetsBefore);
    expect(blobFiles()).toEqual(before);
  });

  it("should open a challenge on it that serves training images and public files only", async () => {
    const caller = callerFor(host);
    const { slug } = await caller.challenge.create({
      slug: "imported-nuclei-challenge",
      title: "Imported nuclei",
      summary: "A challenge on imported data",
      datasetSlug: "imported-nuclei",
      phase: { startsAt: new Date(Date.now() - 3600_000), endsAt: new Date(Date.now() + 86_400_000) },
    });
    const participant = callerFor(await createUser());
    const detail = await participant.challenge.bySlug({ slug });
    expect(detail.metric.id).toBe("dsb2018-map");
    expect(detail.downloads.map((d) => d.name).sort()).toEqual(["sample_submission.csv", "test.zip", "train.zip"]);

    const tests = await getPrisma().datasetItem.findMany({ where: { datasetId, split: { not: "train" } }, select: { imageId: true } });
    const testIds = tests.map((t) => t.imageId);
    const trainIds = (await getPrisma().datasetItem.findMany({ where: { datasetId, split: "train" }, select: { imageId: true } })).map((t) => t.imageId);

    // Gallery: every training image, no test image.
    const gallery = await participant.challenge.gallery({ slug, pageSize: 60 });
    expect(gallery.total).toBe(trainIds.length);
    expect(gallery.items.map((i) => i.imageId).sort()).toEqual([...trainIds].sort());
    expect(gallery.items.every((i) => i.overlayUrl !== null && i.objectCount !== null)).toBe(true);

    // Charts: test images contribute counts per condition only.
    const data = await participant.challenge.data({ slug });
    expect(data.stats?.images).toEqual({ train: trainIds.length, test: testIds.length });
    expect(data.stats?.objectsPerImage?.reduce((s, b) => s + b.images, 0)).toBe(trainIds.length);

    // No test image, overlay or truth by any name.
    for (const imageId of testIds.slice(0, 3)) {
      await expect(getTrainingImage({ slug, imageId, overlay: false, user: null })).rejects.toThrow(/No training image/);
      await expect(getTrainingImage({ slug, imageId, overlay: true, user: null })).rejects.toThrow(/No training image/);
    }
    for (const name of ["truth.csv", "../truth.csv", "solution.csv", "masks.zip", ""]) {
      await expect(getChallengeDownload({ slug, name, user: null })).rejects.toThrow(/No file/);
    }
    // The archives: training masks only for training images; the test zip has images and public metadata only.
    const read = async (name: string) => {
      const download = await getChallengeDownload({ slug, name, user: null });
      const chunks: Buffer[] = [];
      for await (const chunk of download.stream) chunks.push(chunk as Buffer);
      return new Uint8Array(Buffer.concat(chunks));
    };
    const train = unzipSync(await read("train.zip"));
    expect(Object.keys(train).some((f) => testIds.some((id) => f.includes(id)))).toBe(false);
    const test = unzipSync(await read("test.zip"));
    expect(Object.keys(test).filter((f) => f.includes("/masks/"))).toEqual([]);
    const testMetadata = strFromU8(test["metadata.csv"]!);
    expect(testMetadata.split("\n")[0]).toBe("ImageId,Width,Height,condition,modality,stain");
    expect(testMetadata).not.toMatch(/density|nuclei|Public|Private/);
  });
});

describe("dataset import (HPA layout)", () => {
  it("should import the HPA layout with its labels and stratify by cell line", async () => {
    const generated = syntheticProtein.generate({ seed: 5, count: 40, size: 32 });
    const zip = hpaTrainingZip(generated.items.map((item) => ({ ...item, split: "train" as const })));
    const outcome = await importDataset(zipSource(zip, "hpa.zip"), { slug: "imported-hpa", name: "Imported HPA", split: { kind: "stratified", by: "cellLine", seed: 1 } });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
    const rows = await getPrisma().datasetItem.findMany({ where: { datasetId: outcome.datasetId }, select: { imageId: true, split: true, labels: true } });
    expect(rows).toHaveLength(40);
    const byId = new Map(generated.items.map((i) => [i.imageId, i]));
    for (const row of rows) expect(row.labels).toEqual(row.split === "train" ? byId.get(row.imageId)!.labels : []);
    const dataset = await getPrisma().dataset.findUniqueOrThrow({ where: { id: outcome.datasetId } });
    expect(dataset.taskType).toBe("multilabel_classification");
    const truth = (await getBlobStore().get(dataset.truthKey)).toString("utf8");
    expect(truth.split("\n")[0]).toBe("Id,Target,Usage");
    const sample = (await getBlobStore().get(dataset.sampleSubmissionKey!)).toString("utf8");
    expect(scoreText("hpa-macro-f1", truth, sample).ok).toBe(true);
  });
});

describe("dataset upload from the Host page", () => {
  const upload = (options: object, zip: Uint8Array, filename = "upload.zip") => {
    const header = encodeUploadHeader({ filename, options });
    return asOctetInput(new Blob([header.buffer as ArrayBuffer, zip.buffer as ArrayBuffer]).stream());
  };

  it("should import an uploaded zip in a worker, with progress, and list every problem of a bad one", async () => {
    const host = await createUser("host");
    const caller = callerFor(host);
    const small = dsbZipOf(nuclei.items.slice(0, 8));
    const started = await caller.dataset.import(upload({ slug: "uploaded-nuclei", name: "Uploaded" }, small));
    expect(started.status).toBe("queued");
    expect(await processDatasetImport(started.id)).toBe("created");
    const done = await caller.dataset.importStatus({ id: started.id });
    expect(done).toMatchObject({ status: "succeeded", outcome: "created", datasetSlug: "uploaded-nuclei", done: 8, total: 8 });

    const broken = await caller.dataset.import(upload({ slug: "uploaded-broken", name: "Broken" }, new TextEncoder().encode("not a zip")));
    expect(await processDatasetImport(broken.id)).toBe("problems");
    const failed = await caller.dataset.importStatus({ id: broken.id });
    expect(failed.status).toBe("failed");
    expect(failed.problems.length).toBeGreaterThan(0);
    expect(await getPrisma().dataset.count({ where: { slug: "uploaded-broken" } })).toBe(0);

    // Participants cannot import, and hosts cannot read each other's imports.
    await expect(callerFor(await createUser()).dataset.import(upload({ slug: "x", name: "x" }, small))).rejects.toThrow(/hosts/);
    await expect(callerFor(await createUser("host")).dataset.importStatus({ id: started.id })).rejects.toThrow(/No such import/);
  });

  it("should refuse bad options and non-zip files before storing anything", async () => {
    const caller = callerFor(await createUser("host"));
    await expect(caller.dataset.import(upload({ slug: "Bad Slug", name: "x" }, dsbZip))).rejects.toThrow(/slug/);
    await expect(caller.dataset.import(upload({ slug: "ok-slug", name: "x" }, dsbZip, "data.tar"))).rejects.toThrow(/not a \.zip/);
    await expect(caller.dataset.import(upload({ slug: "imported-nuclei", name: "x" }, dsbZip))).rejects.toThrow(/already exists/);
  });
});
