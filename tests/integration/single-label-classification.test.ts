// Single-label classification end to end: an HPA-layout archive with exactly one label per
// image, imported as taskType singlelabel_classification, opened as challenges scored by
// accuracy and by macro F1, a prediction CSV scored against numbers worked out by hand; and a
// file with a row of no label or two refused with file, line and image id.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { strToU8, unzipSync, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hpaTrainingZip } from "../../datasets/hpa-format";
import { zipSource } from "../../datasets/importers";
import { syntheticProtein } from "../../datasets/synthetic-protein";
import { nodeTsArgs } from "../../server/cli/node-ts";
import { encodeUploadHeader } from "../../server/contracts/upload-frame";
import type { SessionUser } from "../../server/contracts/common";
import { disconnectPrisma, getPrisma } from "../../server/db/client";
import { stopQueue } from "../../server/queue/scoring-queue";
import { importDataset } from "../../server/services/dataset/import-dataset";
import { processSubmission } from "../../server/services/scoring/process-submission";
import { asOctetInput, callerFor, createUser, uploadStream } from "../support/fixtures";

afterAll(async () => {
  await stopQueue();
  await disconnectPrisma();
});

const CLASSES = ["interphase", "mitosis", "apoptosis"];
const tag = crypto.randomBytes(3).toString("hex");
const slug = `single-label-${tag}`;

/**
 * Twelve images: four train, four Public, four Private (Usage column), one class each. Ids
 * are the synthetic generator's, sorted; roles and labels by position.
 */
const generated = syntheticProtein.generate({ seed: 21, count: 12, size: 32 });
const ids = generated.items.map((item) => item.imageId).sort();
const rows: Array<{ label: number; usage: "" | "Public" | "Private" }> = [
  ...[0, 1, 2, 0].map((label) => ({ label, usage: "" as const })),
  ...[0, 1, 2, 2].map((label) => ({ label, usage: "Public" as const })),
  ...[0, 1, 1, 2].map((label) => ({ label, usage: "Private" as const })),
];

/** The archive as a host uploads it: channels and classes.csv from the export, our train.csv. */
function archive(trainCsv: string = ["Id,Target,Usage", ...ids.map((id, i) => `${id},${rows[i]!.label},${rows[i]!.usage}`)].join("\n") + "\n"): Uint8Array {
  const files = unzipSync(hpaTrainingZip(generated.items.map((item) => ({ ...item, split: "train" as const, labels: [0] })), CLASSES));
  files["train.csv"] = strToU8(trainCsv);
  return zipSync(files);
}

/**
 * The participant's predictions for the test images, in order: Public 0, 2, 2, 1 (truth 0, 1,
 * 2, 2), Private 0, 1, 0, 2 (truth 0, 1, 1, 2).
 */
const PREDICTED = [0, 2, 2, 1, 0, 1, 0, 2];

describe("single-label classification", () => {
  let host: SessionUser;
  const testIds = ids.slice(4);

  beforeAll(async () => {
    host = await createUser("host");
  });

  it("should preview and import one label per image as single-label, with its own classes and metrics", async () => {
    const options = { slug, name: "Cell cycle", taskType: "singlelabel_classification" as const, split: { kind: "usage" as const } };
    const header = encodeUploadHeader({ filename: "cells.zip", options });
    const zip = archive();
    const preview = await callerFor(host).dataset.previewImport(asOctetInput(new Blob([header.buffer as ArrayBuffer, zip.buffer as ArrayBuffer]).stream()));
    expect(preview).toMatchObject({ ok: true, taskType: "singlelabel_classification", images: 12, splits: { train: 4, public_test: 4, private_test: 4, validation: 0 } });
    expect(preview.ok && preview.byLabel.map((row) => [row.name, row.counts.public_test, row.counts.private_test])).toEqual([
      ["interphase", 1, 1],
      ["mitosis", 1, 2],
      ["apoptosis", 2, 1],
    ]);

    const outcome = await importDataset(zipSource(zip, "cells.zip"), options, { createdById: host.id });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
    const dataset = await getPrisma().dataset.findUniqueOrThrow({ where: { id: outcome.datasetId } });
    expect(dataset).toMatchObject({ taskType: "singlelabel_classification", classNames: CLASSES });
    const listed = (await callerFor(host).dataset.list()).find((d) => d.slug === slug);
    expect(listed).toMatchObject({ taskType: "singlelabel_classification", classCount: 3, metrics: [{ id: "accuracy" }, { id: "macro-f1" }] });
  });

  it("should say so when the same archive is imported without asking for single-label", async () => {
    const header = encodeUploadHeader({ filename: "cells.zip", options: { slug: `${slug}-multi`, name: "Cell cycle", split: { kind: "usage" } } });
    const zip = archive();
    const preview = await callerFor(host).dataset.previewImport(asOctetInput(new Blob([header.buffer as ArrayBuffer, zip.buffer as ArrayBuffer]).stream()));
    expect(preview).toMatchObject({ ok: true, taskType: "multilabel_classification" });
    expect(preview.warnings.map((w) => w.message)).toContainEqual(expect.stringMatching(/every image has exactly one label: .*--single-label, or taskType singlelabel_classification/));
  });

  const phase = () => ({ startsAt: new Date(Date.now() - 3600_000), endsAt: new Date(Date.now() + 86_400_000) });

  async function scoreOn(metricId: string): Promise<{ publicScore: number | null; privateScore: number | null }> {
    const challengeSlug = `${slug}-${metricId}`;
    const created = await callerFor(host).challenge.create({ slug: challengeSlug, title: `Cell cycle (${metricId})`, summary: "One class per image", datasetSlug: slug, metricId, phase: phase() });
    expect(created.slug).toBe(challengeSlug);
    const challenge = await getPrisma().challenge.findUniqueOrThrow({ where: { slug: challengeSlug }, select: { taskType: true, metricParams: true, evaluationMd: true } });
    expect(challenge).toMatchObject({ taskType: "singlelabel_classification", metricParams: { classCount: 3 } });
    expect(challenge.evaluationMd).toContain("exactly one class number 0–2 per row");

    const csv = ["Id,Predicted", ...testIds.map((id, i) => `${id},${PREDICTED[i]}`)].join("\n") + "\n";
    const { id } = await callerFor(await createUser()).submission.create(uploadStream(challengeSlug, csv));
    expect(await processSubmission(id, { workerId: "single-label" })).toBe("scored");
    return getPrisma().submission.findUniqueOrThrow({ where: { id }, select: { publicScore: true, privateScore: true } });
  }

  it("should score a prediction CSV by accuracy", async () => {
    // Public: right on 1st and 3rd of 4 → 2/4. Private: right on 1st, 2nd, 4th → 3/4.
    const scored = await scoreOn("accuracy");
    expect(scored.publicScore).toBeCloseTo(0.5, 12);
    expect(scored.privateScore).toBeCloseTo(0.75, 12);
  });

  it("should score a prediction CSV by macro F1 over the dataset's three classes", async () => {
    // F1 = 2TP / (2TP + FP + FN) per class.
    // Public:  class 0 TP1 FP0 FN0 → 1; class 1 TP0 FP1 FN1 → 0; class 2 TP1 FP1 FN1 → 1/2; mean 1/2.
    // Private: class 0 TP1 FP1 FN0 → 2/3; class 1 TP1 FP0 FN1 → 2/3; class 2 TP1 → 1; mean 7/9.
    const scored = await scoreOn("macro-f1");
    expect(scored.publicScore).toBeCloseTo(0.5, 12);
    expect(scored.privateScore).toBeCloseTo(7 / 9, 12);
  });

  it("should refuse the multi-label metrics for single-label data", async () => {
    await expect(
      callerFor(host).challenge.create({ slug: `${slug}-hpa`, title: "Cell cycle", summary: "One class per image", datasetSlug: slug, metricId: "hpa-macro-f1", phase: phase() }),
    ).rejects.toThrow(/Metric "hpa-macro-f1" does not fit .*use one of accuracy, macro-f1/);
  });

  it("should give a model contract the dataset's class count and argmax, and refuse a class count that does not match", async () => {
    const open = (suffix: string, modelContract: Record<string, unknown>) =>
      callerFor(host).challenge.create({
        slug: `${slug}-${suffix}`,
        title: "Cell cycle models",
        summary: "One class per image",
        datasetSlug: slug,
        submissionKinds: ["prediction_csv", "onnx_model"],
        modelContract,
        phase: phase(),
      });
    await open("onnx", { task: "classification", inputSize: 16 });
    const stored = await getPrisma().challenge.findUniqueOrThrow({ where: { slug: `${slug}-onnx` }, select: { modelContract: true, metricId: true } });
    expect(stored).toMatchObject({ metricId: "accuracy", modelContract: { task: "classification", classCount: 3, decision: "argmax", inputSize: 16 } });
    await expect(open("onnx-28", { task: "classification", classCount: 28 })).rejects.toThrow(`The model contract's classCount 28 does not match the 3 classes of dataset "${slug}"`);
    await expect(open("onnx-threshold", { task: "classification", decision: "threshold" })).rejects.toThrow(/needs decision "argmax"/);
  });

  it("should keep the task when the dataset is split again", async () => {
    const resplit = await callerFor(host).dataset.resplit({ from: slug, slug: `${slug}-v2`, name: "Cell cycle, new split", split: { kind: "stratified", seed: 3 }, preview: true });
    expect(resplit.preview).toMatchObject({ ok: true, taskType: "singlelabel_classification", images: 12 });
  });

  it("should refuse a single-label file with a row of no label or two, naming file, line and image id, and store nothing", async () => {
    const bad = ["Id,Target,Usage", ...ids.map((id, i) => `${id},${i === 2 ? "0 2" : i === 5 ? "" : rows[i]!.label},${rows[i]!.usage}`)].join("\n") + "\n";
    const badSlug = `${slug}-bad`;
    const outcome = await importDataset(zipSource(archive(bad), "cells.zip"), { slug: badSlug, name: "Bad", taskType: "singlelabel_classification", split: { kind: "usage" } });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.problems).toEqual([
      { file: "train.csv", line: 4, imageId: ids[2], message: `train.csv:4: image ${ids[2]} has 2 labels (Target "0 2"); a single-label dataset needs exactly one class per image` },
      { file: "train.csv", line: 7, imageId: ids[5], message: `train.csv:7: image ${ids[5]} has no label (empty Target); a single-label dataset needs exactly one class per image` },
    ]);
    expect(await getPrisma().dataset.findUnique({ where: { slug: badSlug } })).toBeNull();
  });

  it("should take --single-label on the command line and report a bad row there too (exit 2)", { timeout: 300_000 }, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scopebench-single-label-"));
    const good = path.join(dir, "cells.zip");
    const bad = path.join(dir, "bad.zip");
    fs.writeFileSync(good, archive());
    fs.writeFileSync(bad, archive(["Id,Target,Usage", ...ids.map((id, i) => `${id},${i === 2 ? "0 2" : rows[i]!.label},${rows[i]!.usage}`)].join("\n") + "\n"));
    const root = path.resolve(__dirname, "../..");
    const run = (zip: string) =>
      spawnSync(process.execPath, [...nodeTsArgs(path.join(root, "server/cli/dataset.ts")), "import", zip, "--slug", `${slug}-cli`, "--name", "CLI", "--split", "usage", "--single-label", "--dry-run"], { cwd: root, encoding: "utf8", timeout: 120_000 });
    const out = run(good);
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/dry run: nothing was stored\. 12 images \(hpa layout, single-label classification\)/);
    const refused = run(bad);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(`train.csv:4: image ${ids[2]} has 2 labels (Target "0 2"); a single-label dataset needs exactly one class per image`);
  });
});
