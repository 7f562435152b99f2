// An import's preview (dataset.previewImport, `npm run dataset -- import … --dry-run`): the
// counts per split, per metadata value and per class are those the import then makes, and
// nothing is stored on the way (no row of any kind, no blob).
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { unzipSync, zipSync } from "fflate";
import { afterAll, describe, expect, it } from "vitest";
import { hpaTrainingZip } from "../../datasets/hpa-format";
import { createPrng } from "../../datasets/prng";
import { zipSource } from "../../datasets/importers";
import { syntheticNuclei } from "../../datasets/synthetic-nuclei";
import { syntheticProtein } from "../../datasets/synthetic-protein";
import { trainingZip } from "../../datasets/zip-export";
import { nodeTsArgs } from "../../server/cli/node-ts";
import type { DatasetImportPreview } from "../../server/contracts/dataset";
import { encodeUploadHeader } from "../../server/contracts/upload-frame";
import { disconnectPrisma, getPrisma } from "../../server/db/client";
import { stopQueue } from "../../server/queue/scoring-queue";
import { importDataset } from "../../server/services/dataset/import-dataset";
import { blobFiles } from "../support/blob-files";
import { asOctetInput, callerFor, createUser } from "../support/fixtures";

afterAll(async () => {
  await stopQueue();
  await disconnectPrisma();
});

const root = path.resolve(__dirname, "../..");
const tag = () => crypto.randomBytes(3).toString("hex");

/** Rows of every table an import writes to. */
async function rowCounts() {
  const prisma = getPrisma();
  return { datasets: await prisma.dataset.count(), items: await prisma.datasetItem.count(), imports: await prisma.datasetImport.count() };
}

const upload = (options: object, zip: Uint8Array, filename = "upload.zip") => {
  const header = encodeUploadHeader({ filename, options });
  return asOctetInput(new Blob([header.buffer as ArrayBuffer, zip.buffer as ArrayBuffer]).stream());
};

const nuclei = syntheticNuclei.generate({ seed: 41, count: 30, sizes: [{ width: 48, height: 40 }] });
const dsbZip = trainingZip(nuclei.items.map((item) => ({ ...item, split: "train" as const })));
const stratified = { kind: "stratified" as const, by: "condition", seed: 7, fractions: { train: 0.5, public_test: 0.2, private_test: 0.2, validation: 0.1 } };

type SplitName = "train" | "public_test" | "private_test" | "validation";

describe("dataset.previewImport", () => {
  it("should count images per split and per condition exactly as the import then splits them, storing nothing", async () => {
    const host = callerFor(await createUser("host"));
    const slug = `preview-${tag()}`;
    const rowsBefore = await rowCounts();
    const blobsBefore = blobFiles();
    const preview = await host.dataset.previewImport(upload({ slug, name: "Preview", split: stratified }, dsbZip));
    if (!preview.ok) throw new Error(JSON.stringify(preview.problems));
    expect(await rowCounts()).toEqual(rowsBefore);
    expect(blobFiles()).toEqual(blobsBefore);

    expect(preview).toMatchObject({ layout: "dsb", taskType: "instance_segmentation", images: 30, column: "condition", slugTaken: false, byLabel: [] });
    expect(preview.splits).toEqual({ train: 15, public_test: 6, private_test: 6, validation: 3 });
    const conditions = [...new Set(nuclei.items.map((i) => String(i.metadata.condition)))].sort();
    expect(preview.byValue.map((r) => r.value)).toEqual(conditions);

    // The import with the same options makes exactly these counts.
    const outcome = await importDataset(zipSource(dsbZip, "n.zip"), { slug, name: "Preview", split: stratified });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
    const rows = await getPrisma().datasetItem.findMany({ where: { datasetId: outcome.datasetId }, select: { split: true, metadata: true } });
    for (const { value, counts } of preview.byValue) {
      const group = rows.filter((r) => (r.metadata as Record<string, unknown>).condition === value);
      for (const split of Object.keys(counts) as SplitName[]) expect(group.filter((r) => r.split === split).length, `${value} ${split}`).toBe(counts[split]);
    }
    const again = await host.dataset.previewImport(upload({ slug, name: "Preview", split: stratified }, dsbZip));
    expect(again.ok && again.slugTaken).toBe(true);
  });

  it("should count images per class for HPA data", async () => {
    const host = callerFor(await createUser("host"));
    const generated = syntheticProtein.generate({ seed: 8, count: 40, size: 32 });
    const zip = hpaTrainingZip(generated.items.map((item) => ({ ...item, split: "train" as const })));
    const preview = await host.dataset.previewImport(upload({ slug: `preview-hpa-${tag()}`, name: "HPA", split: { kind: "stratified", by: "cellLine", seed: 1 } }, zip));
    if (!preview.ok) throw new Error(JSON.stringify(preview.problems));
    expect(preview.column).toBe("cellLine");
    const labels = [...new Set(generated.items.flatMap((i) => i.labels))].sort((a, b) => a - b);
    expect(preview.byLabel.map((r) => r.label)).toEqual(labels);
    expect(preview.byLabel.find((r) => r.label === 0)?.name).toBe("Nucleoplasm");
    for (const row of preview.byLabel) {
      const total = row.counts.train + row.counts.public_test + row.counts.private_test + row.counts.validation;
      expect(total).toBe(generated.items.filter((i) => i.labels.includes(row.label)).length);
    }
  });

  it("should split HPA data by iterative stratification: every class with at least 5 images in both test splits", async () => {
    const host = callerFor(await createUser("host"));
    // Long-tailed labels over 12 classes: the rarest have 5 to 8 images.
    const generated = syntheticProtein.generate({ seed: 9, count: 150, size: 32 });
    const prng = createPrng(9);
    const rare = [5, 5, 6, 6, 7, 8];
    const items = generated.items.map((item, i) => {
      const labels = new Set<number>([prng.int(0, 5)]);
      // Rare class 6 + r on n images of its own block of 25.
      rare.forEach((n, r) => {
        if (i >= r * 25 && i < r * 25 + n) labels.add(6 + r);
      });
      return { ...item, labels: [...labels].sort((a, b) => a - b), split: "train" as const };
    });
    const zip = hpaTrainingZip(items);
    const preview = await host.dataset.previewImport(upload({ slug: `preview-rare-${tag()}`, name: "Rare", split: { kind: "stratified", seed: 3 } }, zip));
    if (!preview.ok) throw new Error(JSON.stringify(preview.problems));
    for (const row of preview.byLabel) {
      expect(row.counts.public_test, `class ${row.label}`).toBeGreaterThan(0);
      expect(row.counts.private_test, `class ${row.label}`).toBeGreaterThan(0);
    }
    expect(preview.byLabel.filter((row) => row.label >= 6).map((row) => row.counts.train + row.counts.public_test + row.counts.private_test)).toEqual(rare);
  });

  it("should return every problem of bad data, and refuse bad options, storing nothing", async () => {
    const host = callerFor(await createUser("host"));
    const rowsBefore = await rowCounts();
    const blobsBefore = blobFiles();
    const files = unzipSync(dsbZip);
    const id = nuclei.items[0]!.imageId;
    const brokenMask = Object.keys(files).find((f) => f.includes(`${id}/masks/`))!;
    files[brokenMask] = new TextEncoder().encode("not a png");
    const preview: DatasetImportPreview = await host.dataset.previewImport(upload({ slug: `preview-bad-${tag()}`, name: "Bad" }, zipSync(files)));
    expect(preview.ok).toBe(false);
    if (!preview.ok) expect(preview.problems.map((p) => p.message).join("\n")).toContain(brokenMask);
    await expect(host.dataset.previewImport(upload({ slug: "Bad Slug", name: "x" }, dsbZip))).rejects.toThrow(/slug/);
    await expect(host.dataset.previewImport(upload({ slug: "ok", name: "x", split: { kind: "stratified", by: "nope" } }, dsbZip))).resolves.toMatchObject({
      ok: false,
      problems: [{ message: expect.stringMatching(/Cannot stratify over "nope"/) }],
    });
    await expect(callerFor(await createUser()).dataset.previewImport(upload({ slug: "x", name: "x" }, dsbZip))).rejects.toThrow(/hosts/);
    expect(await rowCounts()).toEqual(rowsBefore);
    expect(blobFiles()).toEqual(blobsBefore);
  });
});

describe("npm run dataset -- import --dry-run", () => {
  it("should print the counts per split and condition, store nothing, and exit 2 on bad data", async () => {
    const zipPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "scopebench-preview-")), "n.zip");
    fs.writeFileSync(zipPath, dsbZip);
    const slug = `cli-preview-${tag()}`;
    const rowsBefore = await rowCounts();
    const blobsBefore = blobFiles();
    const run = (args: string[]) => spawnSync(process.execPath, [...nodeTsArgs(path.join(root, "server/cli/dataset.ts")), ...args], { cwd: root, encoding: "utf8", timeout: 120_000 });
    const out = run(["import", zipPath, "--slug", slug, "--name", "CLI preview", "--by", "condition", "--seed", "7", "--fractions", "0.5,0.2,0.2,0.1", "--dry-run"]);
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/dry run: nothing was stored\. 30 images \(dsb layout, instance segmentation\)/);
    expect(out.stdout).toMatch(/train +public +private +validation/);
    expect(out.stdout).toMatch(/all images +15 +6 +6 +3/);
    expect(out.stdout).toMatch(/condition = \S+ +\d+ +\d+ +\d+ +\d+/);
    expect(await rowCounts()).toEqual(rowsBefore);
    expect(blobFiles()).toEqual(blobsBefore);

    const bad = run(["import", zipPath, "--slug", slug, "--name", "x", "--by", "nope", "--dry-run"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/the import would fail[\s\S]*Cannot stratify over "nope"/);
  });
});
