// Re-splitting a stored dataset into a new version (dataset.resplit, `npm run dataset --
// resplit`): same images, truth, metadata and classes under a new slug and split, made from
// what the dataset stored; a preview stores nothing; each version can be deleted on its own.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, describe, expect, it } from "vitest";
import { hpaTrainingZip } from "../../datasets/hpa-format";
import { zipSource } from "../../datasets/importers";
import { parseResplitSource } from "../../datasets/resplit-source";
import { syntheticNuclei } from "../../datasets/synthetic-nuclei";
import { syntheticProtein } from "../../datasets/synthetic-protein";
import { trainingZip } from "../../datasets/zip-export";
import { getBlobStore } from "../../server/blob";
import { nodeTsArgs } from "../../server/cli/node-ts";
import { disconnectPrisma, getPrisma } from "../../server/db/client";
import { stopQueue } from "../../server/queue/scoring-queue";
import { importDataset } from "../../server/services/dataset/import-dataset";
import { callerFor, createChallenge, createUser } from "../support/fixtures";

afterAll(async () => {
  await stopQueue();
  await disconnectPrisma();
});

const root = path.resolve(__dirname, "../..");
const tag = () => crypto.randomBytes(3).toString("hex");
const nuclei = syntheticNuclei.generate({ seed: 51, count: 20, sizes: [{ width: 40, height: 32 }] });
const dsbZip = trainingZip(nuclei.items.map((item) => ({ ...item, split: "train" as const })));
const fractions = { train: 0.6, public_test: 0.2, private_test: 0.2 };

async function load(slug: string) {
  const dataset = await getPrisma().dataset.findUniqueOrThrow({ where: { slug }, include: { items: { orderBy: { imageId: "asc" } } } });
  const kept = parseResplitSource(new Uint8Array(await getBlobStore().get(dataset.resplitSourceKey!)));
  return { dataset, kept: new Map(kept!.items.map((item) => [item.imageId, item])), truth: (await getBlobStore().get(dataset.truthKey)).toString("utf8") };
}

describe("dataset.resplit", () => {
  it("should make a new version with the same images and truth under another split, and count it first without storing anything", async () => {
    const host = await createUser("host");
    const from = `resplit-src-${tag()}`;
    const outcome = await importDataset(zipSource(dsbZip, "n.zip"), { slug: from, name: "Source", split: { kind: "stratified", by: "condition", seed: 1, fractions } }, { createdById: host.id });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
    const slug = `resplit-new-${tag()}`;
    const request = { from, slug, name: "Version 2", split: { kind: "stratified" as const, by: "condition", seed: 99, fractions } };

    const rowsBefore = await getPrisma().datasetItem.count();
    const preview = await callerFor(host).dataset.resplit({ ...request, preview: true });
    expect(preview.outcome).toBe("preview");
    expect(await getPrisma().datasetItem.count()).toBe(rowsBefore);
    expect(await getPrisma().dataset.count({ where: { slug } })).toBe(0);

    const made = await callerFor(host).dataset.resplit(request);
    expect(made).toMatchObject({ outcome: "created", slug, images: 20 });
    const [a, b] = [await load(from), await load(slug)];
    expect(b.dataset.source).toBe(`resplit:${from}`);
    expect(b.dataset.items.map((i) => i.imageId)).toEqual(a.dataset.items.map((i) => i.imageId));
    expect(b.dataset.items.map((i) => i.split)).not.toEqual(a.dataset.items.map((i) => i.split));
    // The preview's counts are the new version's.
    const counts = { train: 0, public_test: 0, private_test: 0, validation: 0 };
    for (const item of b.dataset.items) counts[item.split]++;
    expect(preview.preview?.ok && preview.preview.splits).toEqual(counts);
    for (const [i, item] of b.dataset.items.entries()) {
      const old = a.dataset.items[i]!;
      expect(item.metadata).toEqual(old.metadata);
      expect(b.kept.get(item.imageId)?.labelImage).toBe(a.kept.get(item.imageId)?.labelImage);
      // Copies, not shared blobs: each version can be deleted alone.
      expect(item.imageKey).not.toBe(old.imageKey);
      expect(await getBlobStore().get(item.imageKey)).toEqual(await getBlobStore().get(old.imageKey));
    }
    // The truth holds exactly the new test images; their rows are the ones the source had for them.
    const truthIds = (truth: string) => new Set(truth.trim().split("\n").slice(1).map((line) => line.split(",")[0]));
    expect([...truthIds(b.truth)].sort()).toEqual(b.dataset.items.filter((i) => i.split !== "train").map((i) => i.imageId));
    const wasTest = a.dataset.items.filter((i) => i.split !== "train" && truthIds(b.truth).has(i.imageId)).map((i) => i.imageId);
    for (const id of wasTest) {
      const rows = (truth: string) => truth.split("\n").filter((line) => line.startsWith(`${id},`)).map((line) => line.split(",").slice(0, 4).join(","));
      expect(rows(b.truth)).toEqual(rows(a.truth));
    }
    // Train images that were test images come with their masks.
    const train = unzipSync(new Uint8Array(await getBlobStore().get(b.dataset.trainingZipKey!)));
    const newTrain = b.dataset.items.filter((i) => i.split === "train").map((i) => i.imageId);
    for (const id of newTrain) expect(Object.keys(train).filter((f) => f.startsWith(`stage1_train/${id}/masks/`)).length).toBe(b.kept.get(id)?.objectCount);

    // Deleting the source leaves the new version whole.
    await callerFor(host).dataset.delete({ slug: from });
    for (const item of b.dataset.items) expect(await getBlobStore().exists(item.imageKey)).toBe(true);
    expect(strFromU8(train["metadata.csv"]!).split("\n")[0]).toMatch(/^ImageId,Width,Height,/);
  });

  it("should keep a classification dataset's classes and labels", async () => {
    const host = await createUser("host");
    const from = `resplit-hpa-${tag()}`;
    const generated = syntheticProtein.generate({ seed: 21, count: 30, size: 32 });
    const names = ["a", "b", "c", "d"];
    const items = generated.items.map((item, i) => ({ ...item, labels: [i % 4], split: "train" as const }));
    const outcome = await importDataset(zipSource(hpaTrainingZip(items, names), "h.zip"), { slug: from, name: "HPA" }, { createdById: host.id });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
    const slug = `resplit-hpa-new-${tag()}`;
    await callerFor(host).dataset.resplit({ from, slug, name: "HPA v2", split: { kind: "stratified", seed: 5 } });
    const b = await load(slug);
    expect(b.dataset.classNames).toEqual(names);
    const labelOf = new Map(items.map((item) => [item.imageId, item.labels]));
    for (const item of b.dataset.items) {
      expect(item.channelKeys).toHaveLength(4);
      expect(item.labels).toEqual(item.split === "train" ? labelOf.get(item.imageId) : []);
    }
    for (const line of b.truth.trim().split("\n").slice(1)) {
      const [id, target] = line.split(",");
      expect(target).toBe(labelOf.get(id!)!.join(" "));
    }
  });

  it("should refuse other hosts, datasets stored before re-splitting, a taken slug and a Usage split", async () => {
    const owner = await createUser("host");
    const from = `resplit-owned-${tag()}`;
    const outcome = await importDataset(zipSource(dsbZip, "n.zip"), { slug: from, name: "Owned" }, { createdById: owner.id });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
    const request = { from, slug: `resplit-x-${tag()}`, name: "x", split: { kind: "stratified" as const } };
    await expect(callerFor(await createUser("host")).dataset.resplit(request)).rejects.toThrow(/Only the host who imported dataset "resplit-owned-[0-9a-f]+" or an admin can split it again/);
    await expect(callerFor(owner).dataset.resplit({ ...request, split: { kind: "usage" } } as never)).rejects.toThrow(/split/);
    // Its own slug: the same split changes nothing, another one is refused.
    await expect(callerFor(owner).dataset.resplit({ ...request, slug: from })).resolves.toMatchObject({ outcome: "unchanged" });
    await expect(callerFor(owner).dataset.resplit({ ...request, slug: from, split: { kind: "stratified", seed: 7 } })).rejects.toThrow(/already exists with different content/);
    await expect(callerFor(owner).dataset.resplit({ ...request, split: { kind: "stratified", by: "nope" } })).rejects.toThrow(/Cannot stratify over "nope"/);
    const legacy = await createChallenge();
    const legacySlug = (await getPrisma().challenge.findUniqueOrThrow({ where: { id: legacy.id }, select: { dataset: { select: { slug: true } } } })).dataset.slug;
    await expect(callerFor(await createUser("admin")).dataset.resplit({ ...request, from: legacySlug })).rejects.toThrow(/was stored before datasets kept what a re-split needs/);
  });
});

describe("npm run dataset -- resplit", () => {
  it("should preview and then make a new version", async () => {
    const from = `cli-resplit-${tag()}`;
    const outcome = await importDataset(zipSource(dsbZip, "n.zip"), { slug: from, name: "CLI source" });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
    const run = (args: string[]) => spawnSync(process.execPath, [...nodeTsArgs(path.join(root, "server/cli/dataset.ts")), ...args], { cwd: root, encoding: "utf8", timeout: 120_000 });
    const slug = `${from}-v2`;
    const dry = run(["resplit", from, "--slug", slug, "--name", "v2", "--by", "condition", "--seed", "3", "--dry-run"]);
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/dry run: nothing was stored\. 20 images/);
    expect(dry.stdout).toMatch(/all images +12 +4 +4/);
    expect(await getPrisma().dataset.count({ where: { slug } })).toBe(0);
    const real = run(["resplit", from, "--slug", slug, "--name", "v2", "--by", "condition", "--seed", "3"]);
    expect(real.status, real.stderr).toBe(0);
    expect(real.stdout).toMatch(new RegExp(`split 20 images of "${from}" into the new dataset "${slug}"`));
    expect(await getPrisma().datasetItem.count({ where: { dataset: { slug } } })).toBe(20);
  });
});
