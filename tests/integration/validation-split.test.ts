// Validation images end to end on a real database and blob store: imported from a split
// fraction (DSB layout) or a Usage column (HPA layout), stored with split "validation", in
// the hidden truth with Usage "Validation", in test.zip with validation.csv naming them, in
// the sample submission, fed to models, and scored apart from the test score.
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hpaTrainingZip } from "../../datasets/hpa-format";
import { zipSource } from "../../datasets/importers";
import { syntheticNuclei } from "../../datasets/synthetic-nuclei";
import { syntheticProtein } from "../../datasets/synthetic-protein";
import type { GeneratedItem } from "../../datasets/types";
import { trainingZip } from "../../datasets/zip-export";
import { scoreText } from "../../scorers/run";
import { getBlobStore } from "../../server/blob";
import { disconnectPrisma, getPrisma } from "../../server/db/client";
import { stopQueue } from "../../server/queue/scoring-queue";
import { datasetRepository } from "../../server/repositories/dataset-repository";
import { getChallengeDownload } from "../../server/services/challenge/get-challenge-download";
import { importDataset } from "../../server/services/dataset/import-dataset";
import { callerFor, createUser } from "../support/fixtures";

afterAll(async () => {
  await stopQueue();
  await disconnectPrisma();
});

/** Every item as a DSB training folder (the export writes only the train split). */
const dsbZipOf = (items: GeneratedItem[]) => trainingZip(items.map((item) => ({ ...item, split: "train" as const })));

const idsIn = (csv: string) => [...new Set(csv.trimEnd().split("\n").slice(1).map((line) => line.split(",")[0]!))].sort();
const usageById = (csv: string, column: number) => new Map(csv.trimEnd().split("\n").slice(1).map((line) => [line.split(",")[0]!, line.split(",")[column]!]));

async function read(slug: string, name: string): Promise<Uint8Array> {
  const download = await getChallengeDownload({ slug, name, user: null });
  const chunks: Buffer[] = [];
  for await (const chunk of download.stream) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

async function idsBySplit(datasetId: string) {
  const rows = await getPrisma().datasetItem.findMany({ where: { datasetId }, select: { imageId: true, split: true } });
  const of = (split: string) => rows.filter((r) => r.split === split).map((r) => r.imageId).sort();
  return { validation: of("validation"), test: [...of("public_test"), ...of("private_test")].sort(), predicted: rows.filter((r) => r.split !== "train").map((r) => r.imageId).sort() };
}

describe("validation split (DSB layout, from a split fraction)", () => {
  const nuclei = syntheticNuclei.generate({ seed: 17, count: 20, sizes: [{ width: 48, height: 40 }] });
  let datasetId: string;
  let challengeSlug: string;

  beforeAll(async () => {
    const host = await createUser("host");
    const outcome = await importDataset(zipSource(dsbZipOf(nuclei.items), "nuclei.zip"), {
      slug: "validation-nuclei",
      name: "Nuclei with validation images",
      split: { kind: "stratified", by: "condition", seed: 2, fractions: { train: 0.4, public_test: 0.2, private_test: 0.2, validation: 0.2 } },
    }, { createdById: host.id });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
    datasetId = outcome.datasetId;
    ({ slug: challengeSlug } = await callerFor(host).challenge.create({
      slug: "validation-nuclei-challenge",
      title: "Nuclei with validation images",
      summary: "Validation images get per-image feedback",
      datasetSlug: "validation-nuclei",
      phase: { startsAt: new Date(Date.now() - 3600_000), endsAt: new Date(Date.now() + 86_400_000) },
    }));
  });

  it("should store the requested share of images with split validation, counted apart", async () => {
    const { validation, test } = await idsBySplit(datasetId);
    expect(validation).toHaveLength(4);
    expect(test).toHaveLength(8);
    expect(await datasetRepository.countItemsBySplit(datasetId)).toEqual({ train: 8, public_test: 4, private_test: 4, validation: 4 });
    const detail = await callerFor(await createUser()).challenge.bySlug({ slug: challengeSlug });
    expect(detail.dataset.images).toEqual({ train: 8, publicTest: 4, privateTest: 4, validation: 4 });
    const dataset = await getPrisma().dataset.findUniqueOrThrow({ where: { id: datasetId } });
    expect((dataset.stats as { images: unknown }).images).toEqual({ train: 8, test: 8, validation: 4 });
  });

  it("should put validation images in the hidden truth with Usage Validation", async () => {
    const { validation, predicted } = await idsBySplit(datasetId);
    const dataset = await getPrisma().dataset.findUniqueOrThrow({ where: { id: datasetId } });
    const truth = (await getBlobStore().get(dataset.truthKey)).toString("utf8");
    expect(truth.split("\n")[0]).toBe("ImageId,EncodedPixels,Height,Width,Usage");
    expect(idsIn(truth)).toEqual(predicted);
    const usage = usageById(truth, 4);
    expect(predicted.filter((id) => usage.get(id) === "Validation")).toEqual(validation);
  });

  it("should serve test.zip with the validation images and validation.csv naming them, and a sample submission covering them", async () => {
    const { validation, predicted } = await idsBySplit(datasetId);
    const test = unzipSync(await read(challengeSlug, "test.zip"));
    expect(strFromU8(test["validation.csv"]!)).toBe(["ImageId", ...validation].join("\n") + "\n");
    const images = Object.keys(test).filter((f) => f.endsWith(".png")).map((f) => f.split("/")[1]!).sort();
    expect(images).toEqual(predicted);
    // Nothing else in the archive says which images are public or private.
    expect(strFromU8(test["metadata.csv"]!)).not.toMatch(/Public|Private|Validation/);

    const sample = strFromU8(await read(challengeSlug, "sample_submission.csv"));
    expect(idsIn(sample)).toEqual(predicted);
    const dataset = await getPrisma().dataset.findUniqueOrThrow({ where: { id: datasetId } });
    const truth = (await getBlobStore().get(dataset.truthKey)).toString("utf8");
    const scored = scoreText("dsb2018-map", truth, sample);
    if (!scored.ok) throw new Error(scored.error.message);
    expect(scored.value.perItem?.filter((i) => i.usage === "Validation").map((i) => i.id).sort()).toEqual(validation);
    expect(scored.value.bySubset?.Validation?.perThreshold).toHaveLength(10);
    // The test score is the mean over test images only.
    const testItems = scored.value.perItem?.filter((i) => i.usage !== "Validation") ?? [];
    expect(testItems).toHaveLength(8);
    expect(scored.value.score).toBeCloseTo(testItems.reduce((s, i) => s + i.score, 0) / 8, 12);
  });

  it("should feed validation images to models with the test images", async () => {
    const { predicted } = await idsBySplit(datasetId);
    expect((await datasetRepository.listTestImages(datasetId)).map((i) => i.imageId)).toEqual(predicted);
  });
});

describe("validation split (HPA layout, from a Usage column)", () => {
  it("should import Usage Validation rows as validation images, in truth, test.zip (validation.csv) and the sample submission, and keep decoys Ignored", async () => {
    const generated = syntheticProtein.generate({ seed: 8, count: 15, size: 32 });
    const zip = unzipSync(hpaTrainingZip(generated.items.map((item) => ({ ...item, split: "train" as const }))));
    // Ignored (Kaggle's decoys) must stay Ignored in the truth, not become Private and be scored.
    const usages = ["", "Public", "Private", "Validation", "Ignored"];
    const ids = generated.items.map((item) => item.imageId).sort();
    const usageOf = new Map(ids.map((id, i) => [id, usages[i % usages.length]!]));
    const labelsOf = new Map(generated.items.map((item) => [item.imageId, item.labels.join(" ")]));
    zip["train.csv"] = new TextEncoder().encode(["Id,Target,Usage", ...ids.map((id) => `${id},${labelsOf.get(id)},${usageOf.get(id)}`)].join("\n") + "\n");
    const { zipSync } = await import("fflate");
    const outcome = await importDataset(zipSource(zipSync(zip), "hpa.zip"), { slug: "validation-hpa", name: "HPA with validation images", split: { kind: "usage" } });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));

    const expectedValidation = ids.filter((id) => usageOf.get(id) === "Validation");
    const { validation, predicted } = await idsBySplit(outcome.datasetId);
    expect(validation).toEqual(expectedValidation);
    expect(predicted).toEqual(ids.filter((id) => usageOf.get(id) !== ""));

    const dataset = await getPrisma().dataset.findUniqueOrThrow({ where: { id: outcome.datasetId } });
    const truth = (await getBlobStore().get(dataset.truthKey)).toString("utf8");
    const usage = usageById(truth, 2);
    expect(idsIn(truth)).toEqual(predicted);
    for (const id of predicted) expect(usage.get(id)).toBe(usageOf.get(id));

    const test = unzipSync(new Uint8Array(await getBlobStore().get(dataset.testImagesZipKey!)));
    expect(strFromU8(test["validation.csv"]!)).toBe(["Id", ...expectedValidation].join("\n") + "\n");
    const sample = (await getBlobStore().get(dataset.sampleSubmissionKey!)).toString("utf8");
    expect(idsIn(sample)).toEqual(predicted);
    const scored = scoreText("hpa-macro-f1", truth, sample);
    if (!scored.ok) throw new Error(scored.error.message);
    expect(scored.value.bySubset?.Validation?.perClass).toHaveLength(28);
  });

  it("should refuse split fractions that do not add up to 1 with the validation share", async () => {
    const generated = syntheticProtein.generate({ seed: 8, count: 4, size: 32 });
    const zip = hpaTrainingZip(generated.items.map((item) => ({ ...item, split: "train" as const })));
    await expect(
      importDataset(zipSource(zip, "hpa.zip"), { slug: "validation-bad", name: "Bad", split: { kind: "stratified", seed: 0, fractions: { train: 0.6, public_test: 0.2, private_test: 0.2, validation: 0.2 } } }),
    ).rejects.toThrow(/add up to 1/);
  });
});
