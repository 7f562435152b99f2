import { describe, expect, it } from "vitest";
import { encodeGreyPng, encodeRgbPng } from "../../datasets/png";
import type { HpaChannel } from "../../datasets/types";
import { ElementType, attr, floatTensor, graph, modelBytes, node, tensorValueInfo } from "./build-onnx";
import { ZClassificationContractSchema, ZSegmentationContractSchema } from "./model-contract";
import type { ModelPrediction } from "./run-model";
import {
  evaluateModel,
  normalizeSegmentationImage,
  argmaxClass,
  postprocessClassification,
  postprocessSegmentation,
  prepareClassificationInput,
  prepareSegmentationInput,
} from "./run-model";
import { buildIntensityModel } from "../../tests/support/test-models";

const segmentation = (extra: object = {}) => ZSegmentationContractSchema.parse({ task: "segmentation", ...extra });

/** Bright squares on a dark ground, with a sliver of noise smaller than minSize. */
function squaresImage(width: number, height: number): Uint8Array {
  const grey = new Uint8Array(width * height).fill(20);
  const square = (x0: number, y0: number, size: number) => {
    for (let y = y0; y < y0 + size; y++) for (let x = x0; x < x0 + size; x++) grey[y * width + x] = 220;
  };
  square(3, 4, 12);
  square(40, 30, 20);
  square(width - 25, height - 18, 15);
  square(70, 2, 40);
  grey[height - 2] = 255;
  return grey;
}

async function predict(pngs: Uint8Array[], contract: ReturnType<typeof segmentation>, bytes = buildIntensityModel()): Promise<ModelPrediction[]> {
  const predictions: ModelPrediction[] = [];
  await evaluateModel({ modelBytes: bytes, contract, items: pngs.map((png, i) => ({ imageId: `img${i}`, png })), onImage: (p) => void predictions.push(p) });
  return predictions;
}

describe("prepareSegmentationInput", () => {
  it("should normalise, pad to the stride by edge replication and report the padding", () => {
    const png = encodeGreyPng(Uint8Array.from([0, 51, 102, 255]), 2, 2);
    const input = prepareSegmentationInput(png, segmentation({ size: { kind: "dynamic", stride: 4 } }));
    expect(input.dims).toEqual([1, 1, 4, 4]);
    expect(input.padding).toEqual({ bottom: 2, right: 2 });
    expect(Array.from(input.windows[0] ?? [])).toEqual([0, 0.2, 0.2, 0.2, 0.4, 1, 1, 1, 0.4, 1, 1, 1, 0.4, 1, 1, 1].map((v) => Math.fround(v)));
  });

  it("should put RGB planes in the contract's order with mean/std normalisation", () => {
    const png = encodeRgbPng(Uint8Array.from([255, 0, 51]), 1, 1);
    const contract = segmentation({
      channels: "rgb",
      channelOrder: ["blue", "green", "red"],
      normalization: { kind: "meanStd", mean: [0.2, 0.5, 0.5], std: [0.1, 0.5, 0.25] },
    });
    const image = normalizeSegmentationImage(png, contract);
    expect(Array.from(image.planes)).toEqual([0, -1, 2].map((v) => Math.fround(v)));
  });

  it("should cover a large image with overlapping fixed-size tiles", () => {
    const input = prepareSegmentationInput(encodeGreyPng(new Uint8Array(150 * 100), 150, 100), segmentation({ size: { kind: "fixed", height: 64, width: 64, overlap: 8 } }));
    expect(input.dims).toEqual([1, 1, 64, 64]);
    expect(input.tiles.length).toBe(2 * 3);
    const covered = new Uint8Array(150 * 100);
    for (const tile of input.tiles) {
      for (let y = tile.y.keepFrom; y < tile.y.keepTo; y++) for (let x = tile.x.keepFrom; x < tile.x.keepTo; x++) covered[y * 150 + x]! += 1;
      expect(tile.y.keepFrom - tile.y.start === 0 || tile.y.keepFrom - tile.y.start >= 8).toBe(true);
      expect(tile.y.start + 64 - tile.y.keepTo === 0 || tile.y.start + 64 - tile.y.keepTo >= 8).toBe(true);
    }
    expect(covered.every((c) => c === 1)).toBe(true);
  });
});

describe("postprocessSegmentation", () => {
  it("should threshold, label 4-connected components and drop small ones", () => {
    const probability = Float32Array.from([0.9, 0.9, 0, 0.8, 0, 0, 0, 0.7, 0.6, 0, 0, 0.9]);
    const labels = postprocessSegmentation(probability, segmentation({ output: { kind: "foreground", minSize: 2 } }), 3, 4);
    expect(Array.from(labels)).toEqual([1, 1, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2].map((v, i) => (i === 8 ? 0 : v)));
  });

  it("should compare logits with the threshold's logit under a sigmoid activation", () => {
    const logits = Float32Array.from([-0.1, 0.1]);
    const contract = segmentation({ output: { kind: "foreground", activation: "sigmoid", threshold: 0.5, minSize: 0 } });
    expect(Array.from(postprocessSegmentation(logits, contract, 1, 2))).toEqual([0, 1]);
  });

  it("should relabel a label map to 1..n in raster order", () => {
    const ids = Float64Array.from([0, 7, 7, -3, 0, 7, 12, 12]);
    expect(Array.from(postprocessSegmentation(ids, segmentation({ output: { kind: "labels" } }), 2, 4))).toEqual([0, 1, 1, 2, 0, 1, 3, 3]);
  });

  it("should split touching objects along a boundary channel and grow seeds back over it", () => {
    const foreground = Float32Array.from([1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    const boundary = Float32Array.from([0, 0, 0, 0, 1, 0, 0, 0, 0, 0]);
    const output = new Float32Array(20);
    output.set(foreground, 0);
    output.set(boundary, 10);
    const labels = postprocessSegmentation(output, segmentation({ output: { kind: "foregroundBoundary", minSize: 2 } }), 1, 10);
    expect(Array.from(labels)).toEqual([1, 1, 1, 1, 1, 2, 2, 2, 2, 2]);
  });
});

describe("classification helpers", () => {
  const contract = ZClassificationContractSchema.parse({ task: "classification", inputSize: 8, channelOrder: ["green", "red", "blue", "yellow"] });

  it("should resize each channel to S × S by area averaging, in the contract's channel order", () => {
    // 12 × 12 source, left 6 columns lit: output columns 0–3 lit, column 4 straddles the edge.
    const plane = (value: number) => encodeGreyPng(Uint8Array.from({ length: 144 }, (_, i) => (i % 12 < 6 ? value : 0)), 12, 12);
    const channels: Record<HpaChannel, Uint8Array> = { red: plane(255), green: plane(102), blue: plane(0), yellow: plane(51) };
    const input = prepareClassificationInput(channels, contract);
    const firstRow = (c: number) => Array.from(input.subarray(c * 64, c * 64 + 8), (v) => Math.round(v * 1000) / 1000);
    expect(firstRow(0)).toEqual([0.4, 0.4, 0.4, 0.4, 0, 0, 0, 0]);
    expect(firstRow(1)).toEqual([1, 1, 1, 1, 0, 0, 0, 0]);
    expect(firstRow(2)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(firstRow(3)).toEqual([0.2, 0.2, 0.2, 0.2, 0, 0, 0, 0]);
  });

  it("should threshold sigmoid scores and fall back to the top class when asked", () => {
    const logits = new Float32Array(28).fill(-5);
    logits[3] = 0.2;
    logits[25] = 3;
    expect(postprocessClassification(logits, contract)).toEqual([3, 25]);
    const low = new Float32Array(28).fill(-5);
    low[7] = -1;
    expect(postprocessClassification(low, contract)).toEqual([]);
    expect(postprocessClassification(low, { ...contract, fallbackToTopClass: true })).toEqual([7]);
  });

  it("should predict exactly the top class with decision argmax, whatever the threshold", () => {
    const single = ZClassificationContractSchema.parse({ task: "classification", classCount: 5, decision: "argmax" });
    // Every logit is below logit(0.5): thresholding would predict nothing.
    expect(postprocessClassification([-4, -1, -3, -0.5, -2], single)).toEqual([3]);
    // Probabilities that pass the threshold twice still give one label.
    expect(postprocessClassification([0.1, 0.7, 0.9, 0.2, 0.6], { ...single, activation: "none" })).toEqual([2]);
    // Scores past classCount are not classes.
    expect(postprocessClassification([0, 1, 2, 3, 4, 99], single)).toEqual([4]);
  });

  it("should break argmax ties towards the lowest class and never pick a NaN", () => {
    expect(argmaxClass([1, 3, 3, 2], 4)).toBe(1);
    expect(argmaxClass([NaN, -1, NaN, -2], 4)).toBe(1);
    expect(argmaxClass([NaN, NaN], 2)).toBe(0);
  });

  it("should keep HPA's 28-class thresholding when the contract names no decision", () => {
    expect(contract).toMatchObject({ classCount: 28, decision: "threshold" });
  });
});

// Each case starts onnxruntime sessions in worker threads: seconds on a busy 2-core machine.
describe("evaluateModel", { timeout: 60_000 }, () => {
  const width = 150;
  const height = 100;
  const png = encodeGreyPng(squaresImage(width, height), width, height);

  it("should find the objects of a thresholded image and stream one prediction per image in order", async () => {
    const predictions = await predict([png, encodeGreyPng(new Uint8Array(64 * 32), 64, 32)], segmentation({ batchSize: 2 }));
    expect(predictions.map((p) => p.imageId)).toEqual(["img0", "img1"]);
    const first = predictions[0];
    if (first?.task !== "segmentation") throw new Error("expected a segmentation prediction");
    expect([first.width, first.height]).toEqual([width, height]);
    expect(Math.max(...first.labels)).toBe(4);
    const second = predictions[1];
    expect(second?.task === "segmentation" && second.labels.every((v) => v === 0)).toBe(true);
  });

  it("should give the same labels with fixed-size tiles as with one padded window", async () => {
    const [dynamic] = await predict([png], segmentation());
    const [tiled] = await predict([png], segmentation({ size: { kind: "fixed", height: 48, width: 64, overlap: 8 }, batchSize: 4 }));
    expect(dynamic?.task === "segmentation" && tiled?.task === "segmentation").toBe(true);
    if (dynamic?.task === "segmentation" && tiled?.task === "segmentation") expect(Array.from(tiled.labels)).toEqual(Array.from(dynamic.labels));
  });

  it("should stitch tiled label maps without merging objects from different tiles", async () => {
    // Labels = per-tile constant 1 wherever bright: each tile's squares share id 1.
    const bytes = modelBytes({
      graph: graph({
        name: "label-bright",
        nodes: [node("Greater", ["input", "half"], ["bright"]), node("Cast", ["bright"], ["output"], [attr.int("to", ElementType.INT64)])],
        inputs: [tensorValueInfo("input", ElementType.FLOAT, ["N", 1, "H", "W"])],
        outputs: [tensorValueInfo("output", ElementType.INT64, ["N", 1, "H", "W"])],
        initializers: [floatTensor("half", [], [0.5])],
      }),
    });
    const contract = segmentation({ size: { kind: "fixed", height: 64, width: 80, overlap: 8 }, output: { kind: "labels" } });
    const [prediction] = await predict([png], contract, bytes);
    if (prediction?.task !== "segmentation") throw new Error("expected a segmentation prediction");
    // 2 × 2 tiles: the squares in different tiles keep different labels.
    expect(Math.max(...prediction.labels)).toBeGreaterThanOrEqual(3);
  });

  it("should give every image the labels it gets alone, whatever the batching, tiling and image order", async () => {
    // Many images of three sizes, so batches change dims mid-way, several are in flight in
    // the session thread and recycled buffers of one image's size are reused by another.
    const sizes = [[150, 100], [64, 32], [97, 71]] as const;
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const pngs = Array.from({ length: 15 }, (_, i) => {
      const [w, h] = sizes[i % sizes.length]!;
      const grey = new Uint8Array(w * h).fill(20);
      for (let k = 0; k < 1 + next(5); k++) {
        const size = 4 + next(12);
        const x0 = next(w - size);
        const y0 = next(h - size);
        for (let y = y0; y < y0 + size; y++) for (let x = x0; x < x0 + size; x++) grey[y * w + x] = 220;
      }
      return encodeGreyPng(grey, w, h);
    });
    const alone = await Promise.all(pngs.map(async (png) => (await predict([png], segmentation()))[0]));
    const labelsOf = (predictions: ReadonlyArray<ModelPrediction | undefined>) => predictions.map((p) => (p?.task === "segmentation" ? Array.from(p.labels) : []));
    const expected = labelsOf(alone);
    expect(expected.every((labels) => labels.some((v) => v > 0))).toBe(true);

    expect(labelsOf(await predict(pngs, segmentation({ batchSize: 3 })))).toEqual(expected);
    expect(labelsOf(await predict(pngs, segmentation({ size: { kind: "fixed", height: 48, width: 64, overlap: 8 }, batchSize: 4 })))).toEqual(expected);
    // A batch dim fixed at 4: partial batches are padded with zeros, and the padding's outputs are ignored.
    const fixedBatch = modelBytes({
      graph: graph({
        name: "intensity-batch-4",
        nodes: [node("Identity", ["input"], ["output"])],
        inputs: [tensorValueInfo("input", ElementType.FLOAT, [4, 1, "H", "W"])],
        outputs: [tensorValueInfo("output", ElementType.FLOAT, [4, 1, "H", "W"])],
      }),
    });
    expect(labelsOf(await predict(pngs, segmentation({ batchSize: 4 }), fixedBatch))).toEqual(expected);
    expect(labelsOf(await predict([...pngs].reverse(), segmentation({ batchSize: 2 })))).toEqual([...expected].reverse());
  });

  it("should report a model whose output size differs from its input", async () => {
    const bytes = modelBytes({
      graph: graph({
        name: "halves",
        nodes: [node("MaxPool", ["input"], ["output"], [attr.ints("kernel_shape", [2, 2]), attr.ints("strides", [2, 2])])],
        inputs: [tensorValueInfo("input", ElementType.FLOAT, ["N", 1, "H", "W"])],
        outputs: [tensorValueInfo("output", ElementType.FLOAT, ["N", 1, "H2", "W2"])],
      }),
    });
    await expect(predict([png], segmentation())).resolves.toHaveLength(1);
    await expect(predict([png], segmentation(), bytes)).rejects.toThrow("the model returned shape [1, 1, 64, 80] for an input of [1, 1, 128, 160]");
  });
});
