// train.zip ships imported data as uploaded: 16-bit images at their own depth (not the
// stretched 8-bit display image) and the masks under their own names.
import crypto from "node:crypto";
import { unzipSync, zipSync } from "fflate";
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { zipSource } from "../../datasets/importers";
import { getBlobStore } from "../../server/blob";
import { disconnectPrisma, getPrisma } from "../../server/db/client";
import { stopQueue } from "../../server/queue/scoring-queue";
import { importDataset } from "../../server/services/dataset/import-dataset";
import { grey16, maskPng } from "../support/importer-fixtures";

afterAll(async () => {
  await stopQueue();
  await disconnectPrisma();
});

const W = 12;
const H = 10;

describe("train.zip of an imported dataset", () => {
  it("should hold 16-bit images as uploaded and the original mask file names, and import again unchanged", async () => {
    const files: Record<string, Uint8Array> = {};
    const originals = new Map<string, Uint8Array>();
    for (let i = 0; i < 10; i++) {
      const id = `deep-${i}`;
      const png16 = await grey16(Array.from({ length: W * H }, (_, p) => 500 + 37 * p + 11 * i), W, H, "png");
      originals.set(id, png16);
      files[`stage1_train/${id}/images/${id}.png`] = png16;
      files[`stage1_train/${id}/masks/cell_0${i}_left.png`] = await maskPng(W, H, (x, y) => x < 4 && y < 4);
      files[`stage1_train/${id}/masks/cell_1${i}_right.png`] = await maskPng(W, H, (x, y) => x > 6 && y > 5);
    }
    const slug = `deep-${crypto.randomBytes(3).toString("hex")}`;
    const outcome = await importDataset(zipSource(zipSync(files), "deep.zip"), { slug, name: "16-bit", split: { kind: "stratified", seed: 2, fractions: { train: 0.6, public_test: 0.2, private_test: 0.2 } } });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
    const dataset = await getPrisma().dataset.findUniqueOrThrow({ where: { id: outcome.datasetId }, include: { items: { where: { split: "train" } } } });
    const trainZip = new Uint8Array(await getBlobStore().get(dataset.trainingZipKey!));
    const zip = unzipSync(trainZip);
    expect(dataset.items.length).toBe(6);
    for (const { imageId } of dataset.items) {
      const shipped = zip[`stage1_train/${imageId}/images/${imageId}.png`];
      expect(shipped).toEqual(originals.get(imageId));
      expect((await sharp(shipped!).metadata()).depth).toBe("ushort");
      const i = imageId.slice("deep-".length);
      expect(Object.keys(zip).filter((f) => f.startsWith(`stage1_train/${imageId}/masks/`)).sort()).toEqual([
        `stage1_train/${imageId}/masks/cell_0${i}_left.png`,
        `stage1_train/${imageId}/masks/cell_1${i}_right.png`,
      ]);
    }
    // The gallery still shows the 8-bit display image.
    const gallery = await getBlobStore().get(dataset.items[0]!.imageKey);
    expect((await sharp(gallery).metadata()).depth).toBe("uchar");
    // What participants download imports again as the same data (the train split of it).
    const again = await importDataset(zipSource(trainZip, "train.zip"), { slug: `${slug}-again`, name: "again", split: { kind: "stratified", seed: 0, fractions: { train: 0.6, public_test: 0.2, private_test: 0.2 } } });
    expect(again.ok, again.ok ? "" : JSON.stringify(again.problems)).toBe(true);
  });
});
