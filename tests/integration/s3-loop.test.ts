// The whole loop on object storage: a real S3-protocol server (s3rver) holds every blob; the
// site (this process) stores the dataset and takes uploads; a worker started as a separate
// process, in a fresh folder with only DATABASE_URL and the S3 settings, scores prediction
// files and an ONNX model (and the model's transfer to another challenge) and imports a dataset. No blob ever touches a local blob folder,
// and the worker's temporary copies are gone after each job.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestS3Server } from "../support/s3-server";
import { workerProcesses } from "../support/worker-processes";

// server/env.ts reads the environment once, at import: the S3 settings go in before any
// server module is loaded (this file's modules are its own; vitest isolates test files).
const s3 = await startTestS3Server("scopebench-loop");
const PREFIX = "site";
// A blob folder of this file's own, which must stay empty: nothing may fall back to it.
const localBlobDir = fs.mkdtempSync(path.join(os.tmpdir(), "scopebench-s3-loop-blobs-"));
const siteEnv = { ...s3.env(PREFIX), BLOB_DIR: localBlobDir };
const savedEnv = Object.fromEntries(Object.keys(siteEnv).map((name) => [name, process.env[name]]));
Object.assign(process.env, siteEnv);

const { env } = await import("../../server/env");
const { getBlobStore } = await import("../../server/blob");
const { disconnectPrisma, getPrisma } = await import("../../server/db/client");
const { stopQueue } = await import("../../server/queue/scoring-queue");
const { syntheticNuclei } = await import("../../datasets/synthetic-nuclei");
const { trainingZip } = await import("../../datasets/zip-export");
const { buildNucleiBaseline } = await import("../../server/onnx/baseline-models");
const { createChallenge } = await import("../../server/services/challenge/create-challenge");
const { prepareDataset } = await import("../../server/services/dataset/prepare-dataset");
const { storeDataset } = await import("../../server/services/dataset/store-dataset");
const { challengeFileResponse, trainingImageResponse } = await import("../../server/api/challenge-file-responses");
const { encodeUploadHeader } = await import("../../server/contracts/upload-frame");
const { asOctetInput, callerFor, createUser, settleOtherFilesJobs, uploadStream } = await import("../support/fixtures");

const HOUR = 3600_000;
const slug = "s3-loop-nuclei";
let workerDir = "";
let workerTmp = "";

const workers = workerProcesses(150_000);
const waitFor = workers.waitFor;

async function finishedSubmission(id: string) {
  return waitFor(`submission ${id}`, async () => {
    const row = await getPrisma().submission.findUnique({ where: { id }, select: { status: true, publicScore: true, errorMessage: true } });
    return row && row.status !== "queued" && row.status !== "running" ? row : undefined;
  });
}

/** Folders the S3 store's withLocalFiles made in the worker's temp dir and did not remove. */
function leftoverCopies(): string[] {
  return fs.existsSync(workerTmp) ? fs.readdirSync(workerTmp).filter((name) => name.startsWith("scopebench-blobs-")) : [];
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

const generated = syntheticNuclei.generate({ seed: 41, count: 12, sizes: [{ width: 96, height: 96 }] });
let baseline: Awaited<ReturnType<typeof buildNucleiBaseline>>;

beforeAll(async () => {
  // Its worker must see only the jobs this file makes (the others' blobs are not in the bucket).
  await settleOtherFilesJobs();
  // The site's side: the dataset and the challenge (with its example model) go to S3.
  const stored = await storeDataset({ slug: "s3-loop-data", name: "S3 loop nuclei", source: "test" }, prepareDataset({ taskType: "instance_segmentation", items: generated.items }));
  expect(stored.outcome).toBe("created");
  baseline = await buildNucleiBaseline(generated.items.filter((item) => item.split === "train"));
  await createChallenge({
    user: null,
    request: {
      slug,
      title: "S3 loop",
      summary: "Everything on object storage",
      datasetSlug: "s3-loop-data",
      submissionKinds: ["prediction_csv", "onnx_model"],
      modelContract: baseline.contract,
      phase: { startsAt: new Date(Date.now() - HOUR), endsAt: new Date(Date.now() + 24 * HOUR), dailyQuota: 50, totalQuota: 100 },
    },
    exampleModel: baseline.bytes,
  });
  // A closed challenge on other data, for a transfer evaluation of the model.
  const other = syntheticNuclei.generate({ seed: 42, count: 8, sizes: [{ width: 96, height: 96 }] });
  await storeDataset({ slug: "s3-loop-target", name: "S3 loop target", source: "test" }, prepareDataset({ taskType: "instance_segmentation", items: other.items }));
  await createChallenge({
    user: null,
    request: {
      slug: "s3-loop-closed",
      title: "S3 loop (closed)",
      summary: "A transfer target",
      datasetSlug: "s3-loop-target",
      submissionKinds: ["onnx_model"],
      modelContract: baseline.contract,
      phase: { startsAt: new Date(Date.now() - 48 * HOUR), endsAt: new Date(Date.now() - HOUR) },
    },
  });

  // The worker's side: another folder, no BLOB_DIR, no var dir of the site's, nothing but the
  // database and the bucket (and a temp dir of its own, to check its copies are removed).
  workerDir = fs.mkdtempSync(path.join(os.tmpdir(), "scopebench-s3-worker-"));
  workerTmp = path.join(workerDir, "tmp");
  fs.mkdirSync(workerTmp);
  const workerEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: workerDir,
    TMPDIR: workerTmp,
    NODE_ENV: "test",
    DATABASE_URL: env.DATABASE_URL,
    LEASE_TIMEOUT_SECONDS: "30",
    HEARTBEAT_SECONDS: "1",
    LOG_LEVEL: "warn",
    ...(process.env.SCOPEBENCH_UNSAFE_NO_SANDBOX ? { SCOPEBENCH_UNSAFE_NO_SANDBOX: process.env.SCOPEBENCH_UNSAFE_NO_SANDBOX } : {}),
    ...s3.env(PREFIX),
  };
  workers.start({}, { cwd: workerDir, env: workerEnv });
});

afterAll(async () => {
  workers.killAll();
  await stopQueue();
  await disconnectPrisma();
  await s3.close();
  if (workerDir) fs.rmSync(workerDir, { recursive: true, force: true });
  fs.rmSync(localBlobDir, { recursive: true, force: true });
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe("the whole loop on S3", () => {
  it("should keep the dataset, its truth and the example model in the bucket", async () => {
    const dataset = await getPrisma().dataset.findUniqueOrThrow({ where: { slug: "s3-loop-data" }, select: { truthKey: true, sampleSubmissionKey: true } });
    expect(dataset.truthKey.startsWith("truth/")).toBe(true);
    const keys = s3.objectKeys();
    expect(keys).toContain(`${PREFIX}/${dataset.truthKey}`);
    expect(keys).toContain(`${PREFIX}/${dataset.sampleSubmissionKey}`);
    expect(keys.some((k) => k.startsWith(`${PREFIX}/datasets/s3-loop-data/`) && k.endsWith(".png"))).toBe(true);
    expect(keys.every((k) => k.startsWith(`${PREFIX}/`))).toBe(true);
  });

  it("should serve the sample submission, the training zip and gallery images from the bucket", async () => {
    const anonymous = async () => null;
    const sample = await challengeFileResponse({ slug, name: "sample_submission.csv" }, anonymous);
    expect(sample.status).toBe(200);
    const sampleText = await sample.text();
    const dataset = await getPrisma().dataset.findUniqueOrThrow({ where: { slug: "s3-loop-data" }, select: { id: true, sampleSubmissionKey: true } });
    expect(sampleText).toBe((await getBlobStore().get(dataset.sampleSubmissionKey!)).toString("utf8"));
    expect(sample.headers.get("content-length")).toBe(String(Buffer.byteLength(sampleText)));

    const train = await challengeFileResponse({ slug, name: "train.zip" }, anonymous);
    const names = Object.keys(unzipSync(new Uint8Array(await train.arrayBuffer())));
    expect(names.some((n) => n.endsWith(".png"))).toBe(true);

    const item = await getPrisma().datasetItem.findFirstOrThrow({ where: { datasetId: dataset.id, split: "train" }, select: { imageId: true, imageKey: true } });
    const image = await trainingImageResponse({ slug, imageId: item.imageId }, new URL("http://x/"), anonymous);
    expect(image.status).toBe(200);
    expect(Buffer.from(await image.arrayBuffer()).equals(await getBlobStore().get(item.imageKey))).toBe(true);

    // A name that is not on the allow-list is a 404, not a lookup in the bucket.
    expect((await challengeFileResponse({ slug, name: "truth.csv" }, anonymous)).status).toBe(404);
  });

  it("should have the separate worker score an uploaded prediction file, and put it on the leaderboard", { timeout: 200_000 }, async () => {
    const user = await createUser();
    const participant = callerFor(user);
    // A perfect prediction, written from the truth (the test may read it; a participant may not).
    const dataset = await getPrisma().dataset.findUniqueOrThrow({ where: { slug: "s3-loop-data" }, select: { truthKey: true } });
    const truth = (await getBlobStore().get(dataset.truthKey)).toString("utf8").trim().split("\n");
    const perfect = ["ImageId,EncodedPixels", ...truth.slice(1).map((line) => line.split(",").slice(0, 2).join(","))].join("\n") + "\n";
    const { id } = await participant.submission.create(uploadStream(slug, perfect));
    const upload = await getPrisma().submission.findUniqueOrThrow({ where: { id }, select: { blobKey: true } });
    expect(s3.objectKeys()).toContain(`${PREFIX}/${upload.blobKey}`);

    const row = await finishedSubmission(id);
    expect(row).toMatchObject({ status: "scored", publicScore: 1 });
    const board = await callerFor(null).leaderboard.get({ challenge: slug });
    expect(board.entries).toContainEqual(expect.objectContaining({ userId: user.id, score: 1, submissionId: id }));
    expect(leftoverCopies()).toEqual([]);
  });

  it("should check an ONNX model at upload from the bucket and have the worker run it on the hidden images, and on another challenge's", { timeout: 300_000 }, async () => {
    const participant = callerFor(await createUser());
    const header = encodeUploadHeader({ challenge: slug, filename: "model.onnx", kind: "onnx_model" });
    const { id } = await participant.submission.create(asOctetInput(new Blob([new Uint8Array(header), new Uint8Array(baseline.bytes)]).stream()));
    const submission = await getPrisma().submission.findUniqueOrThrow({ where: { id }, select: { blobKey: true } });
    const keys = s3.objectKeys();
    expect(keys).toContain(`${PREFIX}/${submission.blobKey}`);
    // The raw upload was replaced by its checked re-encoding.
    expect(keys).not.toContain(`${PREFIX}/submissions/${id}/model-upload`);

    const row = await finishedSubmission(id);
    expect(row.errorMessage).toBeNull();
    expect(row.status).toBe("scored");
    expect(row.publicScore).toBeGreaterThan(0.1);
    expect(leftoverCopies()).toEqual([]);

    // The same model on the closed challenge's hidden images (another dataset in the bucket).
    const requested = await participant.submission.transfer({ submissionId: id, targetSlug: "s3-loop-closed" });
    const transfer = await waitFor("the transfer evaluation", async () => {
      const t = await getPrisma().transferEvaluation.findUnique({ where: { id: requested.id }, select: { status: true, score: true, errorMessage: true } });
      return t && t.status !== "queued" && t.status !== "running" ? t : undefined;
    });
    expect(transfer).toMatchObject({ status: "scored", errorMessage: null });
    expect(transfer.score).toBeGreaterThanOrEqual(0);
    expect(leftoverCopies()).toEqual([]);
  });

  it("should import an uploaded dataset in the worker, straight from and into the bucket", { timeout: 200_000 }, async () => {
    const host = callerFor(await createUser("host"));
    const items = syntheticNuclei.generate({ seed: 43, count: 8, sizes: [{ width: 64, height: 64 }] }).items.map((item) => ({ ...item, split: "train" as const }));
    const zip = trainingZip(items);
    const header = encodeUploadHeader({ filename: "upload.zip", options: { slug: "s3-loop-imported", name: "Imported through S3" } });
    const started = await host.dataset.import(asOctetInput(new Blob([new Uint8Array(header), new Uint8Array(zip)]).stream()));
    expect(s3.objectKeys()).toContain(`${PREFIX}/imports/${started.id}/upload.zip`);

    const done = await waitFor("the import", async () => {
      const status = await host.dataset.importStatus({ id: started.id });
      return status.status === "queued" || status.status === "running" ? undefined : status;
    });
    expect(done).toMatchObject({ status: "succeeded", outcome: "created", datasetSlug: "s3-loop-imported", done: 8, total: 8 });
    const dataset = await getPrisma().dataset.findUniqueOrThrow({ where: { slug: "s3-loop-imported" }, select: { truthKey: true, trainingZipKey: true } });
    const keys = s3.objectKeys();
    expect(keys).toContain(`${PREFIX}/${dataset.truthKey}`);
    expect(keys).toContain(`${PREFIX}/${dataset.trainingZipKey}`);
    // The upload is deleted once the outcome is written.
    await waitFor("the upload's removal", async () => (s3.objectKeys().includes(`${PREFIX}/imports/${started.id}/upload.zip`) ? undefined : true));
    expect(strFromU8(await getBlobStore().get(dataset.truthKey)).startsWith("ImageId,")).toBe(true);
  });

  it("should have written nothing to a local blob folder, the site's or the worker's, and left no upload pending", () => {
    expect(listFiles(localBlobDir)).toEqual([]);
    expect(fs.existsSync(path.join(workerDir, "var", "blobs"))).toBe(false);
    expect(leftoverCopies()).toEqual([]);
    expect(s3.pendingUploads()).toEqual([]);
  });
});
