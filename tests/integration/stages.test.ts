// Stages as the DSB ran them, on a real database and blob store: stage 2 has test images of
// its own, unreachable before it opens (every procedure, every download route); it takes only
// models committed in stage 1, run by the platform when it opens; and each stage's private
// scores wait for its own test set's reveal.
import crypto from "node:crypto";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleSubmission } from "../../datasets/dsb-format";
import { syntheticNuclei } from "../../datasets/synthetic-nuclei";
import { challengeFileResponse, trainingImageResponse } from "../../server/api/challenge-file-responses";
import { getBlobStore } from "../../server/blob";
import type { SessionUser } from "../../server/contracts/common";
import { disconnectPrisma, getPrisma } from "../../server/db/client";
import { buildNucleiBaseline } from "../../server/onnx/baseline-models";
import { stopQueue } from "../../server/queue/scoring-queue";
import { createChallenge } from "../../server/services/challenge/create-challenge";
import { prepareDataset } from "../../server/services/dataset/prepare-dataset";
import { storeDataset } from "../../server/services/dataset/store-dataset";
import { processSubmission } from "../../server/services/scoring/process-submission";
import { runDueCommittedModels } from "../../server/services/submission/run-committed-models";
import { buildIntensityModel } from "../support/test-models";
import { bundleUpload, callerFor, createUser, modelUploadStream, uploadStream } from "../support/fixtures";

afterAll(async () => {
  await stopQueue();
  await disconnectPrisma();
});

const HOUR = 3600_000;
const tag = crypto.randomBytes(4).toString("hex");
const slug = `two-stages-${tag}`;
const stage2Slug = `stage-two-images-${tag}`;
const SIZE = [{ width: 64, height: 64 }];

const stage1Data = syntheticNuclei.generate({ seed: 41, count: 12, sizes: SIZE });
const stage2Data = syntheticNuclei.generate({
  seed: 42,
  count: 8,
  sizes: SIZE,
  splitFractions: { train: 0, public_test: 0.5, private_test: 0.5 },
  conditionMix: { public_test: { histology: 1 }, private_test: { histology: 1 } },
});
const stage2Ids = stage2Data.items.map((item) => item.imageId);

let host: SessionUser;
let ann: SessionUser;
let bob: SessionUser;
let cat: SessionUser;
let stage1Id: string;
let stage2Id: string;
let baselineBytes: Uint8Array;
const sha256 = (bytes: Uint8Array) => crypto.createHash("sha256").update(bytes).digest("hex");

async function bodyOf(response: Response): Promise<Uint8Array> {
  return new Uint8Array(await response.arrayBuffer());
}

/** Everything a participant or anyone can fetch about the challenge, as text. */
async function participantView(user: SessionUser | null): Promise<string> {
  const as = callerFor(user);
  const settle = async (call: () => Promise<unknown>) => call().then((ok) => ({ ok }), (error: { code?: string; message?: string }) => ({ error: error.code, message: error.message }));
  const view = {
    list: await settle(async () => (await as.challenge.list()).filter((c) => c.slug === slug)),
    detail: await settle(() => as.challenge.bySlug({ slug })),
    data: await settle(() => as.challenge.data({ slug })),
    gallery: await settle(() => as.challenge.gallery({ slug, pageSize: 60 })),
    stage2Public: await settle(() => as.leaderboard.get({ challenge: slug, phaseId: stage2Id, board: "public" })),
    stage2Private: await settle(() => as.leaderboard.get({ challenge: slug, phaseId: stage2Id, board: "private" })),
    mine: user ? await settle(() => as.submission.mine({ challenge: slug })) : null,
  };
  return JSON.stringify(view);
}

beforeAll(async () => {
  host = await createUser("host");
  [ann, bob, cat] = [await createUser(), await createUser(), await createUser()];
  await storeDataset({ slug: `stage-one-images-${tag}`, name: "Stage 1 nuclei", source: "test" }, prepareDataset({ taskType: "instance_segmentation", items: stage1Data.items }));
  await storeDataset({ slug: stage2Slug, name: "Secret stage 2 nuclei", source: "test" }, prepareDataset({ taskType: "instance_segmentation", items: stage2Data.items }));
  const baseline = await buildNucleiBaseline(stage1Data.items.filter((item) => item.split === "train"));
  baselineBytes = baseline.bytes;
  const now = Date.now();
  await createChallenge({
    user: host,
    request: {
      slug,
      title: "Two stages",
      summary: "Stage 2 on fresh images",
      datasetSlug: `stage-one-images-${tag}`,
      submissionKinds: ["prediction_csv", "onnx_model"],
      modelContract: baseline.contract,
      phase: { startsAt: new Date(now - HOUR), endsAt: new Date(now + HOUR), dailyQuota: 50, totalQuota: 100 },
    },
    exampleModel: baseline.bytes,
  });
  const stage2 = await callerFor(host).challenge.addPhase({
    slug,
    name: "Stage 2",
    startsAt: new Date(now + HOUR),
    endsAt: new Date(now + 3 * HOUR),
    dailyQuota: 0,
    totalQuota: 0,
    confirmQuota: true,
    testDatasetSlug: stage2Slug,
    committedModels: true,
    isFinal: true,
  });
  stage2Id = stage2.id;
  stage1Id = (await callerFor(host).challenge.bySlug({ slug })).phases[0]!.id;
}, 120_000);

describe("a stage with test images of its own", () => {
  it("should keep stage 2's test images unreachable before it opens: no listing, no download, no id", async () => {
    for (const user of [null, ann]) {
      const text = await participantView(user);
      expect(text).not.toContain(stage2Slug);
      expect(text).not.toContain("Secret stage 2");
      for (const id of stage2Ids) expect(text).not.toContain(id);
      const detail = await callerFor(user).challenge.bySlug({ slug });
      expect(detail.downloads.map((d) => d.name)).toEqual(["train.zip", "test.zip", "sample_submission.csv", "example_model.onnx"]);
      expect(detail.phases[1]).toMatchObject({ name: "Stage 2", ownTestSet: true, testDatasetSlug: null, committedModels: true, isFinal: true, state: "upcoming" });
      expect(detail.phaseRulesMd).toMatch(/Stage 2 \(upcoming\): the final leaderboard/);
    }
    // Hosts see which dataset it is; no one gets its files before it opens.
    const hosted = await callerFor(host).challenge.bySlug({ slug });
    expect(hosted.phases[1]?.testDatasetSlug).toBe(stage2Slug);
    expect(hosted.downloads.map((d) => d.name)).not.toContain("stage-2-test.zip");
    for (const name of ["stage-2-test.zip", "stage-2-sample_submission.csv"]) {
      for (const user of [null, ann, host]) {
        const response = await challengeFileResponse({ slug, name }, async () => user);
        expect(response.status).toBe(404);
      }
    }
    // The image route serves training images of the challenge's dataset only.
    const response = await trainingImageResponse({ slug, imageId: stage2Ids[0] }, new URL("http://x/"), async () => ann);
    expect(response.status).toBe(404);
    // Nothing can be submitted to it, and its boards are empty.
    const early = modelUploadStream(slug, baselineBytes, "early.onnx", stage2Id);
    await expect(callerFor(ann).submission.create(early)).rejects.toMatchObject({ message: expect.stringMatching(/opens on .*not accepted yet/) });
    expect((await callerFor(ann).leaderboard.get({ challenge: slug, phaseId: stage2Id, board: "public" })).entries).toEqual([]);
  });

  it("should answer participants the same bytes whatever stage 2's hidden truth and image metadata are", async () => {
    const dataset = await getPrisma().dataset.findUniqueOrThrow({ where: { slug: stage2Slug }, select: { id: true, truthKey: true } });
    const before = [await participantView(null), await participantView(ann)];
    const truth = await getBlobStore().get(dataset.truthKey);
    try {
      await getBlobStore().put(dataset.truthKey, "ImageId,EncodedPixels,Height,Width,Usage\n");
      await getPrisma().datasetItem.updateMany({ where: { datasetId: dataset.id }, data: { metadata: { condition: "fluorescence" } } });
      expect([await participantView(null), await participantView(ann)]).toEqual(before);
    } finally {
      await getBlobStore().put(dataset.truthKey, truth);
      for (const item of stage2Data.items) {
        await getPrisma().datasetItem.update({ where: { datasetId_imageId: { datasetId: dataset.id, imageId: item.imageId } }, data: { metadata: item.metadata as object } });
      }
    }
  });
});

describe("stages in a challenge bundle", () => {
  it("should export a stage's own test set, final board and committed models, and import them again", { timeout: 120_000 }, async () => {
    const zip = new Uint8Array(Buffer.from((await callerFor(host).challenge.exportBundle({ slug })).base64, "base64"));
    const copy = `${slug}-copy`;
    await callerFor(host).challenge.importBundle(bundleUpload(zip, { slug: copy }));
    const phases = (await callerFor(host).challenge.bySlug({ slug: copy })).phases;
    expect(phases.map((p) => [p.testDatasetSlug, p.isFinal, p.committedModels])).toEqual([
      [null, false, false],
      [stage2Slug, true, true],
    ]);
    // Its stage 1 would hold back the reveal of stage 1's test set below.
    await getPrisma().challenge.delete({ where: { slug: copy } });
  });
});

describe("committed models", () => {
  const ids: Record<string, string> = {};
  let committedAt: Date;

  it("should let a participant commit one scored model in stage 1, and refuse anything else", { timeout: 180_000 }, async () => {
    const submit = async (user: SessionUser, name: string, body: Blob) => {
      const { id } = await callerFor(user).submission.create(body);
      expect(await processSubmission(id, { workerId: "stages" })).toBe("scored");
      ids[name] = id;
    };
    await submit(ann, "annBaseline", modelUploadStream(slug, baselineBytes, "baseline.onnx"));
    await submit(ann, "annIntensity", modelUploadStream(slug, buildIntensityModel(), "intensity.onnx"));
    await submit(bob, "bobBaseline", modelUploadStream(slug, baselineBytes, "bob.onnx"));
    await submit(cat, "catCsv", uploadStream(slug, sampleSubmission(stage1Data.items), "cat.csv"));
    const scores = await getPrisma().submission.findMany({ where: { id: { in: [ids.annBaseline!, ids.annIntensity!] } }, select: { id: true, publicScore: true } });
    // Ann commits the model that is not her best public one: the choice wins.
    expect(scores.find((s) => s.id === ids.annIntensity)!.publicScore!).toBeLessThan(scores.find((s) => s.id === ids.annBaseline)!.publicScore!);

    expect(await callerFor(ann).submission.commitModel({ id: ids.annBaseline!, committed: true })).toEqual({ committed: true, stage: "Stage 2" });
    expect(await callerFor(ann).submission.commitModel({ id: ids.annIntensity!, committed: true })).toEqual({ committed: true, stage: "Stage 2" });
    const mine = await callerFor(ann).submission.mine({ challenge: slug });
    expect(mine.filter((s) => s.committed).map((s) => s.id)).toEqual([ids.annIntensity]);
    committedAt = (await getPrisma().submission.findUniqueOrThrow({ where: { id: ids.annIntensity! }, select: { committedAt: true } })).committedAt!;

    await expect(callerFor(cat).submission.commitModel({ id: ids.catCsv!, committed: true })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/Only a scored ONNX model/) });
    await expect(callerFor(bob).submission.commitModel({ id: ids.annBaseline!, committed: true })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // Nothing runs before the stage opens.
    expect((await runDueCommittedModels()).filter((r) => r.phaseId === stage2Id)).toEqual([]);
  });

  it("should run each participant's committed model (or best public one) once when stage 2 opens, and nothing else enters its board", { timeout: 180_000 }, async () => {
    // Stage 1 closes and stage 2 opens.
    const now = Date.now();
    await getPrisma().phase.update({ where: { id: stage1Id }, data: { endsAt: new Date(now - 60_000) } });
    await getPrisma().phase.update({ where: { id: stage2Id }, data: { startsAt: new Date(now - 60_000) } });
    // Two workers at once: each stage's runs are created once.
    const [first, second] = await Promise.all([runDueCommittedModels(), runDueCommittedModels()]);
    const runsMade = [...first, ...second].filter((r) => r.phaseId === stage2Id).map((r) => r.runs);
    expect(runsMade.sort()).toEqual([2]);
    expect((await runDueCommittedModels()).filter((r) => r.phaseId === stage2Id)).toEqual([]);

    const runs = await getPrisma().submission.findMany({ where: { phaseId: stage2Id }, select: { id: true, userId: true, committedFromId: true, sha256: true, kind: true } });
    expect(runs.map((r) => [r.userId, r.committedFromId]).sort()).toEqual([[ann.id, ids.annIntensity], [bob.id, ids.bobBaseline]].sort());
    for (const run of runs) expect(await processSubmission(run.id, { workerId: "stages" })).toBe("scored");

    // Uploads are refused: only committed models enter.
    await expect(callerFor(cat).submission.create(modelUploadStream(slug, baselineBytes, "late.onnx", stage2Id))).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/takes no uploads/) });

    const board = await callerFor(cat).leaderboard.get({ challenge: slug, phaseId: stage2Id, board: "public" });
    expect(board).toMatchObject({ isFinal: true, committedModels: true, total: 2 });
    const byUser = new Map(board.entries.map((e) => [e.userId, e]));
    expect(byUser.get(ann.id)?.committedModel).toEqual({ sha256: sha256(buildIntensityModel()), committedAt });
    expect(byUser.get(bob.id)?.committedModel?.sha256).toBe(sha256(baselineBytes));

    // The runs were scored on stage 2's images: its test set's size, not stage 1's.
    const annRun = await callerFor(ann).submission.byId({ id: runs.find((r) => r.userId === ann.id)!.id });
    expect(annRun.model?.images).toBe(stage2Data.items.filter((item) => item.split !== "train").length);
    expect(annRun.committedModel?.sha256).toBe(sha256(buildIntensityModel()));
  });

  it("should serve stage 2's files once it opens, and reveal each stage's private scores with its own test set", async () => {
    const detail = await callerFor(cat).challenge.bySlug({ slug });
    expect(detail.downloads.map((d) => d.name)).toEqual(expect.arrayContaining(["stage-2-test.zip", "stage-2-sample_submission.csv"]));
    const zip = unzipSync(await bodyOf(await challengeFileResponse({ slug, name: "stage-2-test.zip" }, async () => cat)));
    const testIds = stage2Data.items.filter((item) => item.split !== "train").map((item) => item.imageId);
    for (const id of testIds) expect(Object.keys(zip).some((name) => name.includes(id))).toBe(true);

    // Stage 1 has closed: its private board and scores are out; stage 2's wait for it to close.
    expect((await callerFor(cat).leaderboard.get({ challenge: slug, phaseId: stage1Id, board: "private" })).entries.length).toBeGreaterThan(0);
    await expect(callerFor(cat).leaderboard.get({ challenge: slug, phaseId: stage2Id, board: "private" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const mine = await callerFor(ann).submission.mine({ challenge: slug });
    expect(mine.filter((s) => s.phaseId === stage1Id && s.status === "scored").every((s) => s.privateScore !== null)).toBe(true);
    expect(mine.filter((s) => s.phaseId === stage2Id).map((s) => s.privateScore)).toEqual([null]);
  });
});
