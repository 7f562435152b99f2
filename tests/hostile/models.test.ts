// The hostile corpus, models: ONNX files an attacker sent (a second copy of a singular field
// that onnxruntime merges and the checker never saw, 2,000-deep If nesting, oversize
// streams, external data, replies imitated in error text) and the sandbox that must hold for
// native code. Every refused case gets its specific clear message, stores nothing (no row,
// no blob, no empty directory) and uses no quota; the platform still scores afterwards.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syntheticNuclei } from "../../datasets/synthetic-nuclei";
import { getBlobStore } from "../../server/blob";
import type { SessionUser } from "../../server/contracts/common";
import { disconnectPrisma, getPrisma } from "../../server/db/client";
import { env } from "../../server/env";
import { onnx } from "../../server/onnx/build-onnx";
import {
  buildDeepTypeModel,
  buildDuplicateGraphAttack,
  buildNestedIfModel,
  buildReplyImitatingModel,
  externalInitializerGraph,
  withDuplicateGraphField,
} from "../../tests/support/hostile-models";
import { ZModelContractSchema } from "../../server/onnx/model-contract";
import { buildCustomDomainModel, buildExternalDataModel, buildIntensityModel } from "../../tests/support/test-models";
import { stopQueue } from "../../server/queue/scoring-queue";
import { createChallenge } from "../../server/services/challenge/create-challenge";
import { prepareDataset } from "../../server/services/dataset/prepare-dataset";
import { storeDataset } from "../../server/services/dataset/store-dataset";
import { processSubmission } from "../../server/services/scoring/process-submission";
import { encodeUploadHeader } from "../../server/contracts/upload-frame";
import { modelCheckSemaphore } from "../../server/sandbox/model-upload-check";
import { startWorker } from "../../server/worker/run-worker";
import { buildSandboxCommand, planSandboxRun, setIsolationProbeForTests } from "../../server/sandbox/sandbox";
import { decodeFrame } from "../../server/sandbox/sandbox-frame";
import { asOctetInput, callerFor, createUser } from "../support/fixtures";
import { expectNothingStored, expectStillScores, quotaUsed, storageSnapshot } from "./support";

afterAll(async () => {
  setIsolationProbeForTests(null);
  await stopQueue();
  await disconnectPrisma();
});

const HOUR = 3600_000;
const slug = "hostile-models";
const MARKER = "@@scopebench-reply@@";

beforeAll(async () => {
  const generated = syntheticNuclei.generate({ seed: 7, count: 6, sizes: [{ width: 48, height: 48 }] });
  await storeDataset({ slug: "hostile-models-data", name: "Hostile models", source: "test" }, prepareDataset({ taskType: "instance_segmentation", items: generated.items }));
  await createChallenge({
    user: null,
    request: {
      slug,
      title: "Hostile models",
      summary: "Models from an attacker",
      datasetSlug: "hostile-models-data",
      submissionKinds: ["prediction_csv", "onnx_model"],
      modelContract: ZModelContractSchema.parse({ task: "segmentation" }),
      phase: { startsAt: new Date(Date.now() - HOUR), endsAt: new Date(Date.now() + 24 * HOUR), dailyQuota: 50, totalQuota: 100 },
    },
  });
});

function modelUpload(bytes: Uint8Array, filename = "model.onnx"): Blob {
  const header = encodeUploadHeader({ challenge: slug, filename, kind: "onnx_model" });
  return asOctetInput(new Blob([new Uint8Array(header), new Uint8Array(bytes)]).stream());
}

/** Uploads `body`, which must be refused with `message`, leaving nothing behind and no quota used. */
async function expectRefusedCleanly(user: SessionUser, body: Blob, message: RegExp): Promise<void> {
  const before = await storageSnapshot();
  const quota = await quotaUsed(user, slug);
  await expect(callerFor(user).submission.create(body)).rejects.toThrow(message);
  await expectNothingStored(before);
  expect(await quotaUsed(user, slug)).toEqual(quota);
}

const contains = (bytes: Uint8Array, text: string): boolean => Buffer.from(bytes).includes(Buffer.from(text));
const canonical = (bytes: Uint8Array): Buffer => Buffer.from(onnx.ModelProto.encode(onnx.ModelProto.decode(bytes)).finish());

describe("hostile ONNX uploads", () => {
  it("should store and run only the canonical bytes of a model hiding a second copy of its graph field", { timeout: 120_000 }, async () => {
    const user = await createUser();
    const attack = buildDuplicateGraphAttack("request.json");
    expect(contains(attack, "request.json")).toBe(true);
    const before = await storageSnapshot();
    const { id } = await callerFor(user).submission.create(modelUpload(attack));
    const row = await getPrisma().submission.findUniqueOrThrow({ where: { id }, select: { blobKey: true, sizeBytes: true } });
    const stored = await getBlobStore().get(row.blobKey);
    // The hidden copy (an external-data tensor) never reaches storage, so never onnxruntime.
    expect(contains(stored, "request.json")).toBe(false);
    expect(contains(stored, "hidden_weight")).toBe(false);
    expect(stored.equals(canonical(buildIntensityModel()))).toBe(true);
    expect(row.sizeBytes).toBe(stored.byteLength);
    // One row and its model blob; the raw upload is gone.
    const after = await storageSnapshot();
    expect(after.rows.submissions).toBe((before.rows.submissions ?? 0) + 1);
    const added = after.blobPaths.filter((p) => !before.blobPaths.includes(p) && p !== "submissions/");
    expect(added).toEqual([`submissions/${id}/`, `submissions/${id}/upload`]);
    expect(await processSubmission(id, { workerId: "hostile-models" })).toBe("scored");
  });

  it("should refuse the hidden graph copy when it is the one the checker keeps", async () => {
    const attack = withDuplicateGraphField(buildIntensityModel(), externalInitializerGraph("request.json"), "after");
    await expectRefusedCleanly(await createUser(), modelUpload(attack), /stores weights as external data \(tensor "hidden_weight" in the main graph\)/);
  });

  it("should refuse 2,000 nested If subgraphs as nested too deeply, naming the limit", { timeout: 120_000 }, async () => {
    await expectRefusedCleanly(await createUser(), modelUpload(buildNestedIfModel(2000)), /model\.onnx does not fit this challenge: The model is nested too deeply: .*at most 32 levels deep/);
  });

  it("should refuse types nested 100,000 deep (a stack overflow in the decoder) the same way", { timeout: 120_000 }, async () => {
    await expectRefusedCleanly(await createUser(), modelUpload(buildDeepTypeModel(100_000)), /The model is nested too deeply: .*at most 32 levels deep/);
  });

  it("should stop reading an oversize model at MAX_MODEL_BYTES while it streams", { timeout: 120_000 }, async () => {
    const header = encodeUploadHeader({ challenge: slug, filename: "huge.onnx", kind: "onnx_model" });
    const chunk = new Uint8Array(1 << 20);
    let sent = 0;
    const limit = env.MAX_MODEL_BYTES + 8 * chunk.byteLength;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(header));
      },
      pull(controller) {
        if (sent >= limit) return controller.close();
        sent += chunk.byteLength;
        controller.enqueue(chunk.slice());
      },
    });
    await expectRefusedCleanly(await createUser(), asOctetInput(body), /The model file is larger than this challenge's limit of 104\.9 MB/);
    // Refused at the model limit, not after the 512 MiB upload limit (nor the whole body).
    expect(sent).toBeLessThan(limit);
  });

  it("should refuse external data naming a file in the sandbox's working directory", async () => {
    await expectRefusedCleanly(await createUser(), modelUpload(buildExternalDataModel("request.json")), /stores weights as external data \(tensor "weight" in the main graph\)/);
  });

  it("should refuse a custom operator domain", async () => {
    await expectRefusedCleanly(await createUser(), modelUpload(buildCustomDomainModel("com.example.custom")), /uses the custom operator domain "com\.example\.custom"/);
  });

  it("should refuse a file that is not ONNX, and an empty one", async () => {
    const user = await createUser();
    await expectRefusedCleanly(user, modelUpload(new TextEncoder().encode("ImageId,EncodedPixels\nimg,1 2\n")), /The file is not an ONNX model/);
    await expectRefusedCleanly(user, modelUpload(new Uint8Array(0), "empty.onnx"), /empty\.onnx is empty/);
  });

  it("should treat a reply imitated in onnxruntime's error text as text", { timeout: 120_000 }, async () => {
    const imitation = `${MARKER}{"kind":"inspected","problems":[]}`;
    const user = await createUser();
    const before = await storageSnapshot();
    const error = await callerFor(user).submission.create(modelUpload(buildReplyImitatingModel(imitation))).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toMatch(/model\.onnx does not fit this challenge: The model does not load in onnxruntime/);
    expect(message).toContain(MARKER);
    expect(message).not.toMatch(/\/(work|tmp|root)\//);
    await expectNothingStored(before);
    expect(await quotaUsed(user, slug)).toEqual({ today: 0, total: 0 });
  });

  it("should refuse a second model while the participant's first is queued, using no quota", { timeout: 120_000 }, async () => {
    const user = await createUser();
    const first = await callerFor(user).submission.create(modelUpload(buildIntensityModel(), "first.onnx"));
    expect(await quotaUsed(user, slug)).toEqual({ today: 1, total: 1 });
    await expectRefusedCleanly(user, modelUpload(buildIntensityModel(), "second.onnx"), /You already have a model queued or running in this phase/);
    expect(await processSubmission(first.id, { workerId: "hostile-models" })).toBe("scored");
    // Once it has finished, the next one is taken.
    const second = await callerFor(user).submission.create(modelUpload(buildIntensityModel(), "second.onnx"));
    expect(await processSubmission(second.id, { workerId: "hostile-models" })).toBe("scored");
  });

  it("should run at most MODEL_CHECK_CONCURRENCY upload checks at once", { timeout: 120_000 }, async () => {
    expect(env.MODEL_CHECK_CONCURRENCY).toBe(2);
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    // Two checks hold every slot; a third upload must wait for one.
    const holders = [modelCheckSemaphore.run(() => gate), modelCheckSemaphore.run(() => gate)];
    const user = await createUser();
    let settled = false;
    const upload = callerFor(user).submission.create(modelUpload(buildIntensityModel())).finally(() => (settled = true));
    while (modelCheckSemaphore.queued === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toBe(false);
    expect(modelCheckSemaphore.holders).toBe(2);
    open();
    await Promise.all(holders);
    const { id } = await upload;
    expect(modelCheckSemaphore.peakActive).toBeLessThanOrEqual(2);
    expect(await processSubmission(id, { workerId: "hostile-models" })).toBe("scored");
  });

  it("should refuse uploads and workers, loudly, where isolation is unavailable", { timeout: 60_000 }, async () => {
    setIsolationProbeForTests(() => ({ ok: false, missing: ["bubblewrap (bwrap) with user, mount, pid and network namespaces"] }));
    try {
      expect(env.SCOPEBENCH_UNSAFE_NO_SANDBOX).toBe(false);
      await expectRefusedCleanly(await createUser(), modelUpload(buildIntensityModel()), /Models cannot be checked on this server right now; the hosts have been told/);
      await expect(startWorker({ log: () => undefined })).rejects.toThrow(/Install bubblewrap: apt-get install bubblewrap, or set SCOPEBENCH_UNSAFE_NO_SANDBOX=1 for development/);
    } finally {
      setIsolationProbeForTests(null);
    }
  });
});

describe("the sandbox's filesystem", () => {
  it("should show a run its inputs at /in and nothing of /work, the blob store, the var dir or the server's request", { timeout: 60_000 }, async () => {
    const store = getBlobStore();
    await store.put("hostile-probe/truth.csv", "ImageId,EncodedPixels\nsecret,1 2\n");
    await store.put("hostile-probe/submission.csv", "ImageId,EncodedPixels\n");
    const sentinelDir = fs.mkdtempSync(path.join(os.tmpdir(), "scopebench-probe-"));
    const sentinel = path.join(sentinelDir, "request.json");
    fs.writeFileSync(sentinel, "{}");
    await store.withLocalFiles(async (localPath) => {
      const truthHost = await localPath("hostile-probe/truth.csv");
      const hidden = ["/work", process.cwd(), env.blobDir, env.varDir, truthHost, sentinel, "/root", "/etc/passwd", "/home"];
      const probe = path.join(sentinelDir, "probe.mjs");
      fs.writeFileSync(
        probe,
        `import fs from "node:fs";
  import os from "node:os";
  let request = "";
  for await (const chunk of process.stdin) request += chunk;
  const visible = (p) => { try { fs.statSync(p); return true; } catch { return false; } };
  const report = {
    request,
    visible: Object.fromEntries(${JSON.stringify(hidden)}.map((p) => [p, visible(p)])),
    truth: fs.readFileSync("/in/truth.csv", "utf8"),
    root: fs.readdirSync("/").sort(),
    cwd: process.cwd(),
    env: Object.keys(process.env).sort(),
    interfaces: Object.keys(os.networkInterfaces()),
    writable: ["/evil", "/in/evil", "/sandbox/evil", "/tmp/scratch"].filter((p) => { try { fs.writeFileSync(p, "x"); return true; } catch { return false; } }),
  };
  const body = Buffer.from(JSON.stringify(report));
  const frame = Buffer.alloc(4);
  frame.writeUInt32BE(body.length);
  fs.writeSync(3, Buffer.concat([frame, body]));
  `,
      );
      try {
        const plan = planSandboxRun(
          { scorerId: "dsb2018-map", params: {}, truthPath: truthHost, submissionPath: await localPath("hostile-probe/submission.csv") },
          { bundle: probe, nodeModules: path.join(process.cwd(), "node_modules") },
          "isolated",
        );
        // Node's permission model off (everything readable and writable to Node): what the probe
        // sees is what the mount namespace alone lets through, as for native code.
        const { command, args } = buildSandboxCommand({ ...plan, readable: ["/*"], writable: ["/*"] }, { timeoutMs: 30_000, memoryMb: 256 }, "isolated");
        const child = spawn(command, args, { stdio: ["pipe", "pipe", "pipe", "pipe"] });
        const reply: Buffer[] = [];
        let stderr = "";
        child.stdio[3]?.on("data", (d: Buffer) => reply.push(d));
        child.stderr?.on("data", (d: Buffer) => (stderr += String(d)));
        child.stdin?.end(JSON.stringify(plan.request));
        const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
        expect({ code, stderr: stderr.slice(0, 500) }).toMatchObject({ code: 0 });
        const frame = decodeFrame(Buffer.concat(reply));
        if (!frame.ok) throw new Error(frame.error);
        const report = frame.value as { request: string; visible: Record<string, boolean>; truth: string; root: string[]; cwd: string; env: string[]; interfaces: string[]; writable: string[] };
        expect(report.visible).toEqual(Object.fromEntries(hidden.map((p) => [p, false])));
        expect(report.truth).toContain("secret");
        expect(report.request).not.toContain(env.blobDir);
        expect(report.request).not.toContain("/work");
        expect(JSON.parse(report.request)).toMatchObject({ truthPath: "/in/truth.csv", submissionPath: "/in/submission" });
        expect(report.root).not.toContain("work");
        expect(report.root).not.toContain("root");
        expect(report.cwd).toBe("/tmp");
        // bwrap's --chdir adds PWD; nothing of the server's environment.
        expect(report.env).toEqual(["HOME", "NODE_ENV", "PATH", "PWD", "TMPDIR"]);
        // A network namespace of its own: at most a loopback that is down.
        expect(report.interfaces.filter((name) => name !== "lo")).toEqual([]);
        // Only the empty tmpfs working directory takes writes.
        expect(report.writable).toEqual(["/tmp/scratch"]);
      } finally {
        await store.delete("hostile-probe/truth.csv");
        await store.delete("hostile-probe/submission.csv");
        fs.rmSync(sentinelDir, { recursive: true, force: true });
      }
    });
  });
});

describe("after the hostile models", () => {
  it("should still score ordinary submissions", { timeout: 120_000 }, async () => {
    await expectStillScores();
  });
});
