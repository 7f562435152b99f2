// ONNX model submissions end to end: checks at upload, a run in the sandbox on the hidden
// test images, and hostile models that must fail cleanly while the worker goes on.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syntheticNuclei } from "../../datasets/synthetic-nuclei";
import { syntheticProtein } from "../../datasets/synthetic-protein";
import { disconnectPrisma, getPrisma } from "../../server/db/client";
import { buildNucleiBaseline, buildProteinBaseline } from "../../server/onnx/baseline-models";
import { ElementType, graph, modelBytes, node, tensorValueInfo } from "../../server/onnx/build-onnx";
import {
  buildCustomDomainModel,
  buildExternalDataModel,
  buildIntensityModel,
  buildMemoryBombModel,
  buildSlowModel,
  buildWrongRankModel,
} from "../../tests/support/test-models";
import { stopQueue } from "../../server/queue/scoring-queue";
import { createChallenge } from "../../server/services/challenge/create-challenge";
import { prepareDataset } from "../../server/services/dataset/prepare-dataset";
import { storeDataset } from "../../server/services/dataset/store-dataset";
import { processSubmission } from "../../server/services/scoring/process-submission";
import { processTransfer } from "../../server/services/transfer/process-transfer";
import { callerFor, createUser, modelUploadStream } from "../support/fixtures";

afterAll(async () => {
  await stopQueue();
  await disconnectPrisma();
});

const HOUR = 3600_000;

const modelUpload = (challenge: string, bytes: Uint8Array, filename = "model.onnx") => modelUploadStream(challenge, bytes, filename);

function unloadableModel(): Uint8Array {
  const input = tensorValueInfo("input", ElementType.FLOAT, ["N", 1, "H", "W"]);
  const output = tensorValueInfo("output", ElementType.FLOAT, ["N", 1, "H", "W"]);
  return modelBytes({ graph: graph({ name: "unloadable", nodes: [node("NoSuchOperator", ["input"], ["output"])], inputs: [input], outputs: [output] }) });
}

async function submissionRow(id: string) {
  return getPrisma().submission.findUniqueOrThrow({ where: { id }, select: { status: true, publicScore: true, errorMessage: true, result: true, failureKind: true } });
}

describe("ONNX model submissions (segmentation)", () => {
  const slug = "model-nuclei";
  let participant: ReturnType<typeof callerFor>;
  let baseline: Awaited<ReturnType<typeof buildNucleiBaseline>>;

  beforeAll(async () => {
    const generated = syntheticNuclei.generate({ seed: 31, count: 12, sizes: [{ width: 96, height: 96 }] });
    await storeDataset({ slug: "model-nuclei-data", name: "Model nuclei", source: "test" }, prepareDataset({ taskType: "instance_segmentation", items: generated.items }));
    baseline = await buildNucleiBaseline(generated.items.filter((item) => item.split === "train"));
    await createChallenge({
      user: null,
      request: {
        slug,
        title: "Model nuclei",
        summary: "Models run on hidden images",
        datasetSlug: "model-nuclei-data",
        submissionKinds: ["prediction_csv", "onnx_model"],
        modelContract: baseline.contract,
        phase: { startsAt: new Date(Date.now() - HOUR), endsAt: new Date(Date.now() + 24 * HOUR), dailyQuota: 50, totalQuota: 100 },
      },
      exampleModel: baseline.bytes,
    });
    participant = callerFor(await createUser());
  });

  it("should run a correct model on the hidden images and score it, with throughput and public per-image scores", async () => {
    const { id } = await participant.submission.create(modelUpload(slug, baseline.bytes));
    expect(await processSubmission(id, { workerId: "test" })).toBe("scored");
    const row = await submissionRow(id);
    expect(row.publicScore).toBeGreaterThan(0.1);
    const dto = await participant.submission.byId({ id });
    expect(dto.kind).toBe("onnx_model");
    expect(dto.model?.images).toBeGreaterThan(0);
    expect(dto.model?.imagesPerSecond).toBeGreaterThan(0);
    // While the phase runs: aggregates over public images only, no per-image rows.
    expect(dto.breakdown.scope).toBe("public");
    expect(dto.breakdown.perItem).toEqual([]);
    expect(dto.breakdown.perThreshold).toHaveLength(10);
    // The challenge offers the contract and the example model.
    const detail = await participant.challenge.bySlug({ slug });
    expect(detail.modelContract).toMatchObject({ task: "segmentation" });
    expect(detail.downloads.map((d) => d.name)).toContain("example_model.onnx");
  });

  it.each([
    ["a model of the wrong input rank", buildWrongRankModel(), /rank|dimension|shape/i],
    ["a model with external data", buildExternalDataModel(), /external/i],
    ["a model with a custom operator domain", buildCustomDomainModel(), /com\.example\.custom/],
    ["a file that is not ONNX", new TextEncoder().encode("this is not a model"), /not an ONNX model/],
    // Passes the static checks (standard domain, right signature) but onnxruntime cannot load it.
    ["a model onnxruntime cannot load", unloadableModel(), /does not load/],
  ])("should refuse %s at upload, before queueing, without using quota", async (_name, bytes, message) => {
    const before = await participant.submission.quota({ slug });
    await expect(participant.submission.create(modelUpload(slug, bytes))).rejects.toThrow(message);
    expect((await participant.submission.quota({ slug }))?.remainingToday).toBe(before?.remainingToday);
  });

  it("should fail a memory bomb cleanly and keep serving the next job", async () => {
    const bomb = await participant.submission.create(modelUpload(slug, buildMemoryBombModel({ gigabytes: 6 }), "bomb.onnx"));
    expect(await processSubmission(bomb.id, { workerId: "test", limits: { timeoutMs: 120_000, memoryMb: 512 } })).toBe("failed");
    const failed = await submissionRow(bomb.id);
    expect(failed.errorMessage).toMatch(/memory|allocat/i);
    expect(failed.errorMessage).not.toMatch(/\/(work|tmp|home|root)\//);

    const next = await participant.submission.create(modelUpload(slug, buildIntensityModel(), "intensity.onnx"));
    expect(await processSubmission(next.id, { workerId: "test" })).toBe("scored");
  });

  it("should stop a model that takes too long and say so", async () => {
    const slow = await participant.submission.create(modelUpload(slug, buildSlowModel(), "slow.onnx"));
    expect(await processSubmission(slow.id, { workerId: "test", limits: { timeoutMs: 4_000, memoryMb: 1024 } })).toBe("failed");
    expect((await submissionRow(slow.id)).errorMessage).toMatch(/Running the model took longer than the limit of 4 s/);
  });

  it("should refuse models on a challenge that takes prediction files only", async () => {
    await createChallenge({
      user: null,
      request: {
        slug: "csv-only-nuclei",
        title: "CSV only",
        summary: "Prediction files only",
        datasetSlug: "model-nuclei-data",
        phase: { startsAt: new Date(Date.now() - HOUR), endsAt: new Date(Date.now() + 24 * HOUR) },
      },
    });
    await expect(participant.submission.create(modelUpload("csv-only-nuclei", baseline.bytes))).rejects.toThrow(/does not accept ONNX models/);
  });
});

describe("transfer: a model evaluated on another challenge's hidden images", () => {
  it("should score the owner's model on a closed challenge, by condition, off that challenge's leaderboard", async () => {
    // Source: fluorescence and brightfield only; target: histology only, and closed.
    const source = syntheticNuclei.generate({ seed: 41, count: 12, sizes: [{ width: 96, height: 96 }], conditionMix: { train: { fluorescence: 1 }, public_test: { fluorescence: 1 }, private_test: { brightfield: 1 } } });
    const target = syntheticNuclei.generate({ seed: 42, count: 12, sizes: [{ width: 96, height: 96 }], conditionMix: { train: { histology: 1 }, public_test: { histology: 1 }, private_test: { histology: 1, brightfield: 1 } } });
    await storeDataset({ slug: "transfer-source", name: "Source", source: "test" }, prepareDataset({ taskType: "instance_segmentation", items: source.items }));
    await storeDataset({ slug: "transfer-target", name: "Target", source: "test" }, prepareDataset({ taskType: "instance_segmentation", items: target.items }));
    const model = await buildNucleiBaseline(source.items.filter((item) => item.split === "train"));
    const open = { startsAt: new Date(Date.now() - HOUR), endsAt: new Date(Date.now() + 24 * HOUR) };
    const closed = { startsAt: new Date(Date.now() - 48 * HOUR), endsAt: new Date(Date.now() - HOUR) };
    const common = { summary: "transfer test", submissionKinds: ["onnx_model" as const], modelContract: model.contract };
    await createChallenge({ user: null, request: { ...common, slug: "transfer-from", title: "From", datasetSlug: "transfer-source", phase: open } });
    await createChallenge({ user: null, request: { ...common, slug: "transfer-to", title: "To (closed)", datasetSlug: "transfer-target", phase: closed } });
    // On a test set of its own: a closed challenge reveals its test set, which then cannot
    // back a running challenge (and a running one keeps it closed to transfers).
    await createChallenge({ user: null, request: { ...common, slug: "transfer-running", title: "Still running", datasetSlug: "transfer-source", phase: open } });

    const owner = callerFor(await createUser());
    const { id } = await owner.submission.create(modelUpload("transfer-from", model.bytes));
    expect(await processSubmission(id, { workerId: "test" })).toBe("scored");

    const requested = await owner.submission.transfer({ submissionId: id, targetSlug: "transfer-to" });
    expect(await processTransfer(requested.id)).toBe("scored");
    expect((await owner.submission.transfer({ submissionId: id, targetSlug: "transfer-to" })).id).toBe(requested.id);

    const table = await callerFor(null).challenge.transfers({ slug: "transfer-from" });
    expect(table.targets).toEqual([{ slug: "transfer-to", title: "To (closed)" }]);
    const cell = table.rows[0]?.cells["transfer-to"];
    expect(cell?.status).toBe("scored");
    expect(cell?.score).toBeGreaterThanOrEqual(0);
    expect(cell?.byCondition?.column).toBe("condition");
    expect(cell?.byCondition?.rows.map((r) => r.value)).toContain("histology");
    // Off the target's leaderboard.
    expect((await callerFor(null).leaderboard.get({ challenge: "transfer-to", board: "public" })).entries).toEqual([]);

    // Not on a running challenge's test set, unless one hosts it; not someone else's model.
    await expect(owner.submission.transfer({ submissionId: id, targetSlug: "transfer-running" })).rejects.toThrow(/still running/);
    await expect(callerFor(await createUser()).submission.transfer({ submissionId: id, targetSlug: "transfer-to" })).rejects.toThrow(/owner or a host/);
  });
});

describe("ONNX model submissions (classification)", () => {
  it("should run the protein baseline model on the hidden four-channel images and score it", async () => {
    const generated = syntheticProtein.generate({ seed: 8, count: 60, size: 32 });
    await storeDataset({ slug: "model-protein-data", name: "Model protein", source: "test" }, prepareDataset({ taskType: "multilabel_classification", items: generated.items }));
    const model = await buildProteinBaseline(generated.items.filter((item) => item.split === "train"), { inputSize: 32 });
    await createChallenge({
      user: null,
      request: {
        slug: "model-protein",
        title: "Model protein",
        summary: "Models run on hidden images",
        datasetSlug: "model-protein-data",
        submissionKinds: ["onnx_model"],
        modelContract: model.contract,
        phase: { startsAt: new Date(Date.now() - HOUR), endsAt: new Date(Date.now() + 24 * HOUR) },
      },
    });
    const participant = callerFor(await createUser());
    const { id } = await participant.submission.create(modelUpload("model-protein", model.bytes));
    expect(await processSubmission(id, { workerId: "test" })).toBe("scored");
    const row = await submissionRow(id);
    expect(row.publicScore).toBeGreaterThan(0);
    expect((row.result as { model?: { images: number } }).model?.images).toBe(generated.items.filter((i) => i.split !== "train").length);
  });
});
