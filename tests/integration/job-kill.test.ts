// The shared leased-job model (server/jobs/leased-job.ts) for transfers and dataset imports,
// with real worker processes: a worker killed mid-job is taken over and the job finishes
// exactly once; the dead worker's late write changes nothing; attempts are bounded; a cancel
// stops the running work (the sandbox too) and removes what it stored. Scoring's own kill
// test is in worker-kill.test.ts.
import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { syntheticNuclei } from "../../datasets/synthetic-nuclei";
import type { GeneratedItem } from "../../datasets/types";
import { trainingZip } from "../../datasets/zip-export";
import { encodeUploadHeader } from "../../server/contracts/upload-frame";
import { disconnectPrisma, getPrisma } from "../../server/db/client";
import { env } from "../../server/env";
import type { JobKind } from "../../server/jobs/job-kind";
import { buildNucleiBaseline } from "../../server/onnx/baseline-models";
import { buildSlowModel } from "../support/test-models";
import { stopQueue } from "../../server/queue/scoring-queue";
import { datasetImportRepository } from "../../server/repositories/dataset-import-repository";
import { jobLeaseRepository } from "../../server/repositories/job-lease-repository";
import { transferRepository } from "../../server/repositories/transfer-repository";
import { createChallenge } from "../../server/services/challenge/create-challenge";
import { prepareDataset } from "../../server/services/dataset/prepare-dataset";
import { importBlobPrefixes, storeDataset } from "../../server/services/dataset/store-dataset";
import { processSubmission } from "../../server/services/scoring/process-submission";
import { asOctetInput, callerFor, createChallenge as createCsvChallenge, createUser, PERFECT_TINY_SUBMISSION, settleOtherFilesJobs, uploadStream } from "../support/fixtures";
import { workerProcesses } from "../support/worker-processes";

const HOUR = 3600_000;
const PAUSE = { SCOPEBENCH_TEST_JOB_DELAY_MS: "600000" };
const workers = workerProcesses();
const startWorker = workers.start;
const waitFor = workers.waitFor;

const waitForStatus = (kind: JobKind, id: string, wanted: (status: string) => boolean, what: string) =>
  waitFor(what, async () => {
    const lease = await jobLeaseRepository.findLease(kind, id);
    return lease && wanted(lease.status) ? lease : undefined;
  });

const finished = (status: string) => status !== "queued" && status !== "running";

/** Every file under a blob prefix (an import attempt's folder). */
function blobsUnder(prefix: string): string[] {
  const dir = path.join(env.blobDir, ...prefix.split("/"));
  return fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true }).map(String) : [];
}

function datasetUpload(options: object, zip: Uint8Array) {
  const header = encodeUploadHeader({ filename: "upload.zip", options });
  return asOctetInput(new Blob([header.buffer as ArrayBuffer, zip.buffer as ArrayBuffer]).stream());
}

function modelUpload(challenge: string, bytes: Uint8Array) {
  const header = encodeUploadHeader({ challenge, filename: "model.onnx", kind: "onnx_model" });
  return asOctetInput(new Blob([new Uint8Array(header), new Uint8Array(bytes)]).stream());
}

const nuclei = syntheticNuclei.generate({ seed: 71, count: 8, sizes: [{ width: 64, height: 64 }] });
const dsbZip = trainingZip(nuclei.items.map((item: GeneratedItem) => ({ ...item, split: "train" as const })));

afterEach(() => {
  // No worker outlives its test: the next test's jobs must go to the workers it starts.
  workers.killAll();
});

// Workers here must see only the jobs this file makes.
beforeAll(settleOtherFilesJobs);

afterAll(async () => {
  await stopQueue();
  await disconnectPrisma();
});

describe("dataset imports under the job lease", () => {
  it("should have another worker finish an import whose worker was killed mid-import, once, without the dead attempt's blobs", async () => {
    const host = callerFor(await createUser("host"));
    const doomed = startWorker({ ...PAUSE, SCOPEBENCH_TEST_JOB_DELAY_KINDS: "dataset-import" });
    const started = await host.dataset.import(datasetUpload({ slug: "killed-import", name: "Killed" }, dsbZip));
    const [first] = importBlobPrefixes("killed-import", started.id, 1);
    // Paused after storing its first image: blobs of attempt 1 exist, the dataset does not.
    await waitFor("the first attempt's blobs", async () => (blobsUnder(first!).length > 0 ? true : undefined));
    const claimed = await jobLeaseRepository.findLease("dataset-import", started.id);
    expect(claimed).toMatchObject({ status: "running", attempt: 1 });
    doomed.kill("SIGKILL");

    startWorker();
    const done = await waitForStatus("dataset-import", started.id, finished, "the takeover");
    expect(done).toMatchObject({ status: "succeeded", attempt: 2, takeovers: 1 });
    const row = await host.dataset.importStatus({ id: started.id });
    expect(row).toMatchObject({ outcome: "created", datasetSlug: "killed-import", done: 8, total: 8 });
    // One dataset, stored by attempt 2 only; attempt 1's blobs and the upload are gone.
    const datasets = await getPrisma().dataset.findMany({ where: { slug: "killed-import" }, select: { truthKey: true, trainingZipKey: true } });
    expect(datasets).toHaveLength(1);
    expect(datasets[0]!.truthKey).toContain(`import-${started.id}-a2/`);
    for (const prefix of importBlobPrefixes("killed-import", started.id, 1)) expect(blobsUnder(prefix)).toEqual([]);
    expect(blobsUnder(importBlobPrefixes("killed-import", started.id, 2)[0]!).length).toBeGreaterThan(0);
    expect(fs.existsSync(path.join(env.blobDir, "imports", started.id))).toBe(false);

    // The dead worker's late result write is fenced off and changes nothing.
    const late = await datasetImportRepository.finish(
      { kind: "dataset-import", id: started.id, owner: claimed!.leaseOwner!, attempt: 1 },
      { status: "failed", problems: [{ message: "late" }], warnings: [] },
    );
    expect(late).toBe(false);
    expect((await host.dataset.importStatus({ id: started.id })).status).toBe("succeeded");
  });

  it("should fail an import with a clear message once its attempts are used up, removing what it stored", async () => {
    const host = callerFor(await createUser("host"));
    const doomed = startWorker({ ...PAUSE, SCOPEBENCH_TEST_JOB_DELAY_KINDS: "dataset-import" });
    const started = await host.dataset.import(datasetUpload({ slug: "exhausted-import", name: "Exhausted" }, dsbZip));
    const [first] = importBlobPrefixes("exhausted-import", started.id, 1);
    await waitFor("the first attempt's blobs", async () => (blobsUnder(first!).length > 0 ? true : undefined));
    doomed.kill("SIGKILL");

    // A reaper that allows one attempt only gives up instead of re-queueing.
    startWorker({ MAX_JOB_ATTEMPTS: "1" });
    const done = await waitForStatus("dataset-import", started.id, finished, "the reaper");
    expect(done).toMatchObject({ status: "failed", attempt: 1 });
    const row = await host.dataset.importStatus({ id: started.id });
    expect(row.problems).toEqual([{ message: expect.stringMatching(/interrupted repeatedly.*nothing was stored/) }]);
    expect(await getPrisma().dataset.count({ where: { slug: "exhausted-import" } })).toBe(0);
    // The reaper cleans up right after it marks the row failed (a dead worker cannot).
    await waitFor("the dead attempt's blobs and the upload to go", async () =>
      blobsUnder(first!).length === 0 && !fs.existsSync(path.join(env.blobDir, "imports", started.id)) ? true : undefined,
    );
  });

  it("should stop a running import its host cancels, remove what it stored, and mark it cancelled", async () => {
    const host = callerFor(await createUser("host"));
    startWorker({ ...PAUSE, SCOPEBENCH_TEST_JOB_DELAY_KINDS: "dataset-import" });
    const started = await host.dataset.import(datasetUpload({ slug: "cancelled-import", name: "Cancelled" }, dsbZip));
    const [first] = importBlobPrefixes("cancelled-import", started.id, 1);
    await waitFor("the first attempt's blobs", async () => (blobsUnder(first!).length > 0 ? true : undefined));

    const asked = await host.dataset.cancelImport({ id: started.id });
    expect(asked.status).toBe("running");
    await expect(host.dataset.cancelImport({ id: started.id })).rejects.toThrow(/being cancelled/);
    // The worker (alive, paused mid-import) stops at its next heartbeat and cleans up first.
    const done = await waitForStatus("dataset-import", started.id, finished, "the cancel");
    expect(done.status).toBe("cancelled");
    for (const prefix of importBlobPrefixes("cancelled-import", started.id, 1)) expect(blobsUnder(prefix)).toEqual([]);
    expect(fs.existsSync(path.join(env.blobDir, "imports", started.id))).toBe(false);
    expect(await getPrisma().dataset.count({ where: { slug: "cancelled-import" } })).toBe(0);
    // Only the host who started it may cancel it.
    await expect(callerFor(await createUser("host")).dataset.cancelImport({ id: started.id })).rejects.toThrow(/No such import/);
  });

  it("should cancel a queued import at once and delete its upload", async () => {
    const host = callerFor(await createUser("host"));
    const started = await host.dataset.import(datasetUpload({ slug: "queued-cancel", name: "Queued" }, dsbZip));
    expect(fs.existsSync(path.join(env.blobDir, "imports", started.id))).toBe(true);
    expect((await host.dataset.cancelImport({ id: started.id })).status).toBe("cancelled");
    expect(fs.existsSync(path.join(env.blobDir, "imports", started.id))).toBe(false);
    await expect(host.dataset.cancelImport({ id: started.id })).rejects.toThrow(/already cancelled/);
  });
});

describe("model jobs under the job lease", () => {
  const owner = { caller: undefined as unknown as ReturnType<typeof callerFor>, submissionId: "" };
  let contract: unknown;

  beforeAll(async () => {
    const source = syntheticNuclei.generate({ seed: 72, count: 12, sizes: [{ width: 96, height: 96 }] });
    const target = syntheticNuclei.generate({ seed: 73, count: 12, sizes: [{ width: 96, height: 96 }] });
    await storeDataset({ slug: "jobs-source", name: "Source", source: "test" }, prepareDataset({ taskType: "instance_segmentation", items: source.items }));
    await storeDataset({ slug: "jobs-target", name: "Target", source: "test" }, prepareDataset({ taskType: "instance_segmentation", items: target.items }));
    const model = await buildNucleiBaseline(source.items.filter((item) => item.split === "train"));
    contract = model.contract;
    const common = { summary: "job tests", submissionKinds: ["onnx_model" as const], modelContract: model.contract };
    await createChallenge({ user: null, request: { ...common, slug: "jobs-from", title: "Jobs from", datasetSlug: "jobs-source", phase: { startsAt: new Date(Date.now() - HOUR), endsAt: new Date(Date.now() + 24 * HOUR) } } });
    // Closed, so its test set is revealed and the model's owner may evaluate there.
    await createChallenge({ user: null, request: { ...common, slug: "jobs-to", title: "Jobs to", datasetSlug: "jobs-target", phase: { startsAt: new Date(Date.now() - 48 * HOUR), endsAt: new Date(Date.now() - HOUR) } } });
    owner.caller = callerFor(await createUser());
    owner.submissionId = (await owner.caller.submission.create(modelUpload("jobs-from", model.bytes))).id;
    // No worker runs between tests: this process scores it.
    expect(await processSubmission(owner.submissionId, { workerId: "test" })).toBe("scored");
  });

  it("should have another worker finish a transfer whose worker was killed mid-job, once", async () => {
    const doomed = startWorker({ ...PAUSE, SCOPEBENCH_TEST_JOB_DELAY_KINDS: "transfer" });
    const { id } = await owner.caller.submission.transfer({ submissionId: owner.submissionId, targetSlug: "jobs-to" });
    const claimed = await waitForStatus("transfer", id, (s) => s === "running", "the first worker's claim");
    expect(claimed.attempt).toBe(1);
    doomed.kill("SIGKILL");

    startWorker();
    const done = await waitForStatus("transfer", id, finished, "the takeover");
    expect(done).toMatchObject({ status: "scored", attempt: 2, takeovers: 1 });
    const late = await transferRepository.finish({ kind: "transfer", id, owner: claimed.leaseOwner!, attempt: 1 }, { status: "failed", errorMessage: "late" });
    expect(late).toBe(false);
    const rows = await getPrisma().transferEvaluation.findMany({ where: { submissionId: owner.submissionId }, select: { status: true, score: true, errorMessage: true } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "scored", errorMessage: null });
    expect(rows[0]!.score).toBeGreaterThanOrEqual(0);
  });

  it("should kill the sandbox of a running submission a host cancels, and mark it cancelled", async () => {
    const admin = callerFor(await createUser("admin"));
    expect(contract).toBeTruthy();
    const slow = await owner.caller.submission.create(modelUpload("jobs-from", buildSlowModel()));
    // This process runs it: its promise settles only once the sandboxed child has exited.
    const running = processSubmission(slow.id, { workerId: "test-cancel" });
    await waitForStatus("scoring", slow.id, (s) => s === "running", "the claim");
    await admin.submission.cancel({ id: slow.id });
    // The slow model would run for a quarter of an hour; the cancel ends it at the next heartbeat.
    expect(await running).toBe("cancelled");
    const row = await getPrisma().submission.findUniqueOrThrow({ where: { id: slow.id }, select: { status: true, publicScore: true, result: true, leaseOwner: true } });
    expect(row).toEqual({ status: "cancelled", publicScore: null, result: null, leaseOwner: null });
  });

  it("should stop the sandbox of a worker whose lease was taken over while it ran, and write nothing", async () => {
    const slow = await callerFor(await createUser()).submission.create(modelUpload("jobs-from", buildSlowModel()));
    const running = processSubmission(slow.id, { workerId: "test-partitioned" });
    await waitForStatus("scoring", slow.id, (s) => s === "running", "the claim");
    // What a takeover does to the row while this worker still runs (say, after a network partition).
    await getPrisma().submission.update({ where: { id: slow.id }, data: { attempt: { increment: 1 }, leaseOwner: "someone-else" } });
    expect(await running).toBe("lost");
    const row = await getPrisma().submission.findUniqueOrThrow({ where: { id: slow.id }, select: { status: true, attempt: true, leaseOwner: true, result: true, errorMessage: true } });
    expect(row).toEqual({ status: "running", attempt: 2, leaseOwner: "someone-else", result: null, errorMessage: null });
    await getPrisma().submission.update({ where: { id: slow.id }, data: { status: "cancelled", leaseOwner: null } });
  });

  it("should let the model's owner cancel a queued transfer, and nobody else", async () => {
    const other = await createUser();
    const target = syntheticNuclei.generate({ seed: 74, count: 12, sizes: [{ width: 96, height: 96 }] });
    await storeDataset({ slug: "jobs-target-2", name: "Target 2", source: "test" }, prepareDataset({ taskType: "instance_segmentation", items: target.items }));
    await createChallenge({ user: null, request: { summary: "job tests", submissionKinds: ["onnx_model"], modelContract: contract as never, slug: "jobs-to-2", title: "Jobs to 2", datasetSlug: "jobs-target-2", phase: { startsAt: new Date(Date.now() - 48 * HOUR), endsAt: new Date(Date.now() - HOUR) } } });
    const { id } = await owner.caller.submission.transfer({ submissionId: owner.submissionId, targetSlug: "jobs-to-2" });
    await expect(callerFor(other).submission.cancelTransfer({ id })).rejects.toThrow(/No such transfer/);
    expect(await owner.caller.submission.cancelTransfer({ id })).toEqual({ id, status: "cancelled" });
    expect((await jobLeaseRepository.findLease("transfer", id))?.status).toBe("cancelled");
    await expect(owner.caller.submission.cancelTransfer({ id })).rejects.toThrow(/already cancelled/);
  });
});

describe("a worker that is asked to stop", () => {
  it("should give its running job back to the queue at once (no takeover counted) for another worker to finish", async () => {
    const user = await createUser();
    const challenge = await createCsvChallenge();
    const stopping = startWorker({ ...PAUSE, SCOPEBENCH_TEST_JOB_DELAY_KINDS: "scoring" });
    let ready = false;
    stopping.stdout?.on("data", (d: Buffer) => (ready ||= d.toString().includes(" ready (")));
    const { id } = await callerFor(user).submission.create(uploadStream(challenge.slug, PERFECT_TINY_SUBMISSION));
    await waitForStatus("scoring", id, (s) => s === "running", "the first worker's claim");
    // Its SIGTERM handler is installed once it is ready (it may claim a job just before).
    await waitFor("the worker to be ready", async () => (ready ? true : undefined));
    const exited = new Promise<string>((resolve) => stopping.once("exit", (code, signal) => resolve(`${code} ${signal}`)));
    stopping.kill("SIGTERM");
    expect(await exited).toBe("0 null");
    // Released, not abandoned: queued again with no takeover counted.
    expect(await jobLeaseRepository.findLease("scoring", id)).toMatchObject({ status: "queued", attempt: 1, takeovers: 0, leaseOwner: null });

    startWorker();
    const done = await waitForStatus("scoring", id, finished, "the next worker");
    expect(done).toMatchObject({ status: "scored", attempt: 2, takeovers: 0 });
  });
});
