// Classification datasets with their own classes: a classes.csv (Label,Name) in the archive
// names any number of classes; they are stored with the dataset, counted in the preview and
// the charts, written back into train.zip, and offered only metrics that take that many.
import crypto from "node:crypto";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, describe, expect, it } from "vitest";
import { hpaTrainingZip } from "../../datasets/hpa-format";
import { zipSource } from "../../datasets/importers";
import { syntheticProtein } from "../../datasets/synthetic-protein";
import { getBlobStore } from "../../server/blob";
import { encodeUploadHeader } from "../../server/contracts/upload-frame";
import { disconnectPrisma, getPrisma } from "../../server/db/client";
import { stopQueue } from "../../server/queue/scoring-queue";
import { importDataset } from "../../server/services/dataset/import-dataset";
import { asOctetInput, callerFor, createUser } from "../support/fixtures";

afterAll(async () => {
  await stopQueue();
  await disconnectPrisma();
});

const CLASSES = ["mitochondria", "nucleus", "ER, rough", "golgi", "vesicles"];

/** HPA-layout data relabelled with five classes of our own, and their classes.csv. */
function fiveClassZip(): Uint8Array {
  const generated = syntheticProtein.generate({ seed: 12, count: 40, size: 32 });
  const items = generated.items.map((item, i) => ({ ...item, labels: [i % 5, ...(i % 7 === 0 ? [(i + 2) % 5] : [])].sort((a, b) => a - b), split: "train" as const }));
  return hpaTrainingZip(items, CLASSES);
}

describe("classification datasets with a classes.csv", () => {
  it("should store the class names, count them in the preview and charts, and write them back into train.zip", async () => {
    const host = await createUser("host");
    const slug = `five-classes-${crypto.randomBytes(3).toString("hex")}`;
    const zip = fiveClassZip();
    const header = encodeUploadHeader({ filename: "five.zip", options: { slug, name: "Five classes" } });
    const preview = await callerFor(host).dataset.previewImport(asOctetInput(new Blob([header.buffer as ArrayBuffer, zip.buffer as ArrayBuffer]).stream()));
    expect(preview.ok && preview.byLabel.map((row) => row.name)).toEqual(CLASSES);

    const outcome = await importDataset(zipSource(zip, "five.zip"), { slug, name: "Five classes" }, { createdById: host.id });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
    const dataset = await getPrisma().dataset.findUniqueOrThrow({ where: { id: outcome.datasetId } });
    expect(dataset.classNames).toEqual(CLASSES);
    expect((dataset.stats as { labelFrequency: { name: string }[] }).labelFrequency.map((row) => row.name)).toEqual(CLASSES);

    const listed = (await callerFor(host).dataset.list()).find((d) => d.slug === slug);
    expect(listed?.classCount).toBe(5);
    // hpa-macro-f1 takes HPA's 28 classes only; the others take classCount.
    expect(listed?.metrics.map((m) => m.id)).toEqual(["auroc", "mean-average-precision"]);

    const train = unzipSync(new Uint8Array(await getBlobStore().get(dataset.trainingZipKey!)));
    expect(strFromU8(train["classes.csv"]!)).toBe('Label,Name\n0,mitochondria\n1,nucleus\n2,"ER, rough"\n3,golgi\n4,vesicles\n');
    // The downloadable train.zip imports again with the same classes.
    const again = await importDataset(zipSource(new Uint8Array(await getBlobStore().get(dataset.trainingZipKey!)), "train.zip"), { slug: `${slug}-again`, name: "Again" });
    if (!again.ok) throw new Error(JSON.stringify(again.problems));
    expect((await getPrisma().dataset.findUniqueOrThrow({ where: { id: again.datasetId } })).classNames).toEqual(CLASSES);
  });

  it("should keep HPA's 28 classes (and every metric) for HPA data without a classes.csv", async () => {
    const host = await createUser("host");
    const slug = `hpa-28-${crypto.randomBytes(3).toString("hex")}`;
    const generated = syntheticProtein.generate({ seed: 13, count: 30, size: 32 });
    const outcome = await importDataset(zipSource(hpaTrainingZip(generated.items.map((item) => ({ ...item, split: "train" as const }))), "hpa.zip"), { slug, name: "HPA" });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
    const listed = (await callerFor(host).dataset.list()).find((d) => d.slug === slug);
    expect(listed).toMatchObject({ classCount: 28, metrics: [{ id: "hpa-macro-f1" }, { id: "auroc" }, { id: "mean-average-precision" }] });
    const dataset = await getPrisma().dataset.findUniqueOrThrow({ where: { id: outcome.datasetId } });
    expect(Object.keys(unzipSync(new Uint8Array(await getBlobStore().get(dataset.trainingZipKey!))))).not.toContain("classes.csv");
  });
});

describe("challenges on a dataset with its own classes", () => {
  it("should score the dataset's classes (classCount from the dataset) and refuse a metric fixed to HPA's 28", async () => {
    const host = await createUser("host");
    const slug = `five-for-challenge-${crypto.randomBytes(3).toString("hex")}`;
    const outcome = await importDataset(zipSource(fiveClassZip(), "five.zip"), { slug, name: "Five classes" }, { createdById: host.id });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
    const phase = { startsAt: new Date(Date.now() - 3600_000), endsAt: new Date(Date.now() + 86_400_000) };
    const open = (metricId: string, metricParams: Record<string, number> = {}) =>
      callerFor(host).challenge.create({ slug: `${slug}-${metricId}-${Object.keys(metricParams).length}`, title: "Five classes", summary: "Own classes", datasetSlug: slug, metricId, metricParams, phase });
    await open("auroc");
    const challenge = await getPrisma().challenge.findUniqueOrThrow({ where: { slug: `${slug}-auroc-0` }, select: { metricParams: true } });
    expect(challenge.metricParams).toEqual({ classCount: 5 });
    // A host's own classCount stands (checked by the metric's schema).
    await open("mean-average-precision", { classCount: 6 });
    expect((await getPrisma().challenge.findUniqueOrThrow({ where: { slug: `${slug}-mean-average-precision-1` }, select: { metricParams: true } })).metricParams).toEqual({ classCount: 6 });
    await expect(open("hpa-macro-f1")).rejects.toThrow(/cannot score the 5 classes of dataset .*use one that takes classCount \(auroc, mean-average-precision\)/);
  });
});
