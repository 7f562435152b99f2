// Deleting datasets no challenge uses, from the site (dataset.delete) and the CLI
// (`npm run dataset -- delete <slug>`): rows and every blob go; a dataset a challenge uses,
// or another host's dataset, is refused and left exactly as it was.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { hpaTrainingZip } from "../../datasets/hpa-format";
import { zipSource } from "../../datasets/importers";
import { syntheticNuclei } from "../../datasets/synthetic-nuclei";
import { syntheticProtein } from "../../datasets/synthetic-protein";
import { trainingZip } from "../../datasets/zip-export";
import { getBlobStore } from "../../server/blob";
import { nodeTsArgs } from "../../server/cli/node-ts";
import type { SessionUser } from "../../server/contracts/common";
import { encodeUploadHeader } from "../../server/contracts/upload-frame";
import { disconnectPrisma, getPrisma } from "../../server/db/client";
import { stopQueue } from "../../server/queue/scoring-queue";
import { importDataset } from "../../server/services/dataset/import-dataset";
import { processDatasetImport } from "../../server/services/dataset/process-dataset-import";
import { blobFiles } from "../support/blob-files";
import { asOctetInput, callerFor, createUser } from "../support/fixtures";

afterAll(async () => {
  await stopQueue();
  await disconnectPrisma();
});

const root = path.resolve(__dirname, "../..");
const tag = () => crypto.randomBytes(3).toString("hex");

const filesOf = (slug: string) => blobFiles().filter((f) => f.startsWith(`datasets/${slug}/`) || f.startsWith(`truth/${slug}/`));

const nuclei = syntheticNuclei.generate({ seed: 31, count: 8, sizes: [{ width: 48, height: 40 }] });
const dsbZip = trainingZip(nuclei.items.map((item) => ({ ...item, split: "train" as const })));

async function importNuclei(slug: string, createdById: string | null) {
  const outcome = await importDataset(zipSource(dsbZip, "n.zip"), { slug, name: `Nuclei ${slug}` }, { createdById });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
  return outcome.datasetId;
}

/** Every blob key the dataset's rows name. */
async function keysOf(datasetId: string): Promise<string[]> {
  const d = await getPrisma().dataset.findUniqueOrThrow({ where: { id: datasetId }, include: { items: true } });
  const keys = [d.truthKey, d.trainingZipKey, d.testImagesZipKey, d.sampleSubmissionKey, d.resplitSourceKey];
  for (const item of d.items) keys.push(item.imageKey, item.overlayKey, ...item.channelKeys);
  return keys.filter((k): k is string => !!k);
}

async function openChallengeOn(datasetSlug: string, host: SessionUser, title: string) {
  return callerFor(host).challenge.create({
    slug: `on-${datasetSlug}-${tag()}`,
    title,
    summary: "uses the dataset",
    datasetSlug,
    phase: { startsAt: new Date(Date.now() - 3600_000), endsAt: new Date(Date.now() + 86_400_000) },
  });
}

describe("dataset.delete", () => {
  it("should remove an unused dataset's rows and every blob it stored (images, overlays, zips, truth)", async () => {
    const host = await createUser("host");
    const slug = `del-dsb-${tag()}`;
    // Through the Host page's upload, so an import row points at it.
    const header = encodeUploadHeader({ filename: "n.zip", options: { slug, name: "To delete" } });
    const started = await callerFor(host).dataset.import(asOctetInput(new Blob([header.buffer as ArrayBuffer, dsbZip.buffer as ArrayBuffer]).stream()));
    expect(await processDatasetImport(started.id)).toBe("created");
    const dataset = await getPrisma().dataset.findUniqueOrThrow({ where: { slug } });
    const keys = await keysOf(dataset.id);
    expect(keys.some((k) => k.includes("/overlays/"))).toBe(true);
    for (const key of keys) expect(await getBlobStore().exists(key)).toBe(true);
    expect(filesOf(slug).length).toBe(keys.length);

    const listed = (await callerFor(host).dataset.list()).find((d) => d.slug === slug);
    expect(listed?.canDelete).toBe(true);
    const result = await callerFor(host).dataset.delete({ slug });
    expect(result).toEqual({ slug, images: 8, blobs: keys.length, blobsLeft: 0 });

    expect(await getPrisma().dataset.count({ where: { slug } })).toBe(0);
    expect(await getPrisma().datasetItem.count({ where: { datasetId: dataset.id } })).toBe(0);
    for (const key of keys) expect(await getBlobStore().exists(key)).toBe(false);
    expect(filesOf(slug)).toEqual([]);
    // The import's history stays, no longer linked to a dataset.
    expect(await callerFor(host).dataset.importStatus({ id: started.id })).toMatchObject({ status: "succeeded", datasetSlug: null });
    // The slug is free again.
    await importNuclei(slug, host.id);
  });

  it("should remove the four channel files of every classification image", async () => {
    const admin = await createUser("admin");
    const slug = `del-hpa-${tag()}`;
    const generated = syntheticProtein.generate({ seed: 2, count: 12, size: 32 });
    const zip = hpaTrainingZip(generated.items.map((item) => ({ ...item, split: "train" as const })));
    const outcome = await importDataset(zipSource(zip, "hpa.zip"), { slug, name: "HPA to delete" }, { createdById: null });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
    const keys = await keysOf(outcome.datasetId);
    expect(keys.filter((k) => k.includes("/channels/"))).toHaveLength(48);
    // An admin may delete a dataset nobody (or another host) imported.
    await callerFor(admin).dataset.delete({ slug });
    for (const key of keys) expect(await getBlobStore().exists(key)).toBe(false);
    expect(filesOf(slug)).toEqual([]);
  });

  it("should refuse a dataset a challenge uses, naming the challenges, and leave it untouched", async () => {
    const host = await createUser("host");
    const slug = `del-used-${tag()}`;
    const datasetId = await importNuclei(slug, host.id);
    await openChallengeOn(slug, host, "First user of the data");
    await openChallengeOn(slug, host, "Second user of the data");
    const keys = await keysOf(datasetId);
    const files = filesOf(slug);

    expect((await callerFor(host).dataset.list()).find((d) => d.slug === slug)?.canDelete).toBe(false);
    const refusal = callerFor(host).dataset.delete({ slug });
    await expect(refusal).rejects.toThrow(/used by 2 challenges "First user of the data" \(on-del-used-[0-9a-f]+-[0-9a-f]+\), "Second user of the data"/);
    await expect(refusal).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(callerFor(await createUser("admin")).dataset.delete({ slug })).rejects.toThrow(/used by 2 challenges/);

    expect(await getPrisma().datasetItem.count({ where: { datasetId } })).toBe(8);
    expect(await keysOf(datasetId)).toEqual(keys);
    expect(filesOf(slug)).toEqual(files);
  });

  it("should refuse other hosts, participants and unknown slugs", async () => {
    const owner = await createUser("host");
    const slug = `del-owned-${tag()}`;
    await importNuclei(slug, owner.id);
    const other = callerFor(await createUser("host"));
    expect((await other.dataset.list()).find((d) => d.slug === slug)?.canDelete).toBe(false);
    await expect(other.dataset.delete({ slug })).rejects.toThrow(/Only the host who imported dataset "del-owned-[0-9a-f]+" or an admin/);
    await expect(callerFor(await createUser()).dataset.delete({ slug })).rejects.toThrow(/hosts/);
    await expect(other.dataset.delete({ slug: "no-such-dataset" })).rejects.toThrow(/No dataset "no-such-dataset"/);
    await expect(other.dataset.delete({ slug: "Not A Slug" })).rejects.toThrow(/slug/);
    expect(await getPrisma().dataset.count({ where: { slug } })).toBe(1);
  });
});

describe("npm run dataset -- delete", () => {
  const cli = (args: string[]) =>
    spawnSync(process.execPath, [...nodeTsArgs(path.join(root, "server/cli/dataset.ts")), ...args], { cwd: root, encoding: "utf8", timeout: 120_000 });

  it("should delete an unused dataset, and refuse one a challenge uses with exit code 2", async () => {
    const host = await createUser("host");
    const unused = `cli-del-${tag()}`;
    await importNuclei(unused, null);
    const out = cli(["delete", unused]);
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout).toMatch(new RegExp(`deleted dataset "${unused}": 8 images, \\d+ stored files`));
    expect(await getPrisma().dataset.count({ where: { slug: unused } })).toBe(0);
    expect(filesOf(unused)).toEqual([]);

    const used = `cli-used-${tag()}`;
    await importNuclei(used, host.id);
    await openChallengeOn(used, host, "CLI user of the data");
    const refused = cli(["delete", used]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/is used by challenge "CLI user of the data"/);
    expect(await getPrisma().dataset.count({ where: { slug: used } })).toBe(1);

    expect(cli(["delete", "no-such-dataset"]).stderr).toMatch(/No dataset "no-such-dataset"/);
    expect(cli(["delete"]).status).toBe(1);
  });
});
