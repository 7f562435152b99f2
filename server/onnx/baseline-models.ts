// Two baseline ONNX models built in TypeScript, so every model challenge ships with a
// working, inspectable reference submission. Their few weights are fit on the training
// split by logistic regression on features computed by the same ONNX graph (run through
// onnxruntime), so training and inference cannot drift apart.
import * as ort from "onnxruntime-node";
import { bestF1Threshold } from "../../datasets/f1-threshold";
import { fitLogistic } from "../../datasets/logistic-regression";
import type { CellImageItem, GeneratedItem } from "../../datasets/types";
import type { proto } from "./build-onnx";
import { ElementType, attr, floatTensor, graph, int64Tensor, modelBytes, node, tensorValueInfo } from "./build-onnx";
import type { ClassificationContract, SegmentationContract } from "./model-contract";
import { ZClassificationContractSchema, ZSegmentationContractSchema } from "./model-contract";
import { prepareClassificationInput, prepareSegmentationInput } from "./run-model";

export interface BaselineModel<Contract> {
  bytes: Uint8Array;
  contract: Contract;
}

const EPSILON = 1e-6;

function gaussianKernel(size: number, sigma: number): Float32Array {
  const half = (size - 1) / 2;
  const kernel = new Float32Array(size * size);
  let sum = 0;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const v = Math.exp(-((x - half) ** 2 + (y - half) ** 2) / (2 * sigma * sigma));
      kernel[y * size + x] = v;
      sum += v;
    }
  }
  return kernel.map((v) => v / sum);
}

async function runFeatureModel(bytes: Uint8Array, inputs: Iterable<{ data: Float32Array; dims: number[] }>): Promise<Float32Array[]> {
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1, logSeverityLevel: 3 });
  try {
    const outputs: Float32Array[] = [];
    for (const input of inputs) {
      const result = await session.run({ input: new ort.Tensor("float32", input.data, input.dims) });
      const features = result.features;
      if (!features) throw new Error("feature model returned nothing");
      outputs.push(Float32Array.from(features.data as Float32Array));
      features.dispose();
    }
    return outputs;
  } finally {
    await session.release();
  }
}

// ---------------------------------------------------------------------------------------
// Nuclei: smoothing + per-image contrast + logistic pixel classifier.

const NUCLEI_SMOOTHING = { size: 5, sigma: 1 } as const;
/** Every NUCLEI_PIXEL_STRIDE-th pixel of each training image is a fitting sample. */
const NUCLEI_PIXEL_STRIDE = 7;

const NUCLEI_BASELINE_CONTRACT: SegmentationContract = ZSegmentationContractSchema.parse({
  task: "segmentation",
  channels: "grey",
  normalization: { kind: "scale", divisor: 255 },
  // Fully convolutional without downsampling: any size works, no padding needed.
  size: { kind: "dynamic", stride: 1 },
  output: { kind: "foreground", activation: "none", threshold: 0.5, minSize: 10 },
  batchSize: 1,
});

/**
 * input [N,1,H,W] → features [N,2,H,W] = (d, |d|) with d = (smooth(x) − mean(x)) / std(x)
 * per image; with weights, → output [N,1,H,W] = σ(w·features + b). The |d| feature lets
 * one classifier take bright nuclei on dark ground and dark nuclei on bright ground; the
 * per-image standardisation makes its threshold adapt to each image's contrast.
 */
function nucleiGraph(head: { weights: readonly number[]; bias: number } | null): proto.IGraphProto {
  const { size, sigma } = NUCLEI_SMOOTHING;
  const half = (size - 1) / 2;
  const nodes = [
    node("ReduceMean", ["input"], ["mean"], [attr.ints("axes", [2, 3]), attr.int("keepdims", 1)]),
    node("Mul", ["input", "input"], ["square"]),
    node("ReduceMean", ["square"], ["meanSquare"], [attr.ints("axes", [2, 3]), attr.int("keepdims", 1)]),
    node("Mul", ["mean", "mean"], ["meanSquared"]),
    node("Sub", ["meanSquare", "meanSquared"], ["varianceRaw"]),
    // Rounding can make a flat image's variance slightly negative.
    node("Relu", ["varianceRaw"], ["variance"]),
    node("Add", ["variance", "epsilon"], ["varianceSafe"]),
    node("Sqrt", ["varianceSafe"], ["std"]),
    // Edge padding: zero padding would darken the border of bright-background images.
    node("Pad", ["input", "pads"], ["padded"], [attr.string("mode", "edge")]),
    node("Conv", ["padded", "gaussian"], ["smooth"]),
    node("Sub", ["smooth", "mean"], ["centred"]),
    node("Div", ["centred", "std"], ["contrast"]),
    node("Abs", ["contrast"], ["magnitude"]),
    node("Concat", ["contrast", "magnitude"], ["features"], [attr.int("axis", 1)]),
  ];
  const initializers = [
    floatTensor("epsilon", [], [EPSILON]),
    int64Tensor("pads", [8], [0, 0, half, half, 0, 0, half, half]),
    floatTensor("gaussian", [1, 1, size, size], gaussianKernel(size, sigma)),
  ];
  const input = tensorValueInfo("input", ElementType.FLOAT, ["N", 1, "H", "W"]);
  if (!head) {
    return graph({ name: "nuclei-features", nodes, inputs: [input], outputs: [tensorValueInfo("features", ElementType.FLOAT, ["N", 2, "H", "W"])], initializers });
  }
  return graph({
    name: "nuclei-baseline",
    nodes: [...nodes, node("Conv", ["features", "headWeight", "headBias"], ["logit"]), node("Sigmoid", ["logit"], ["output"])],
    inputs: [input],
    outputs: [tensorValueInfo("output", ElementType.FLOAT, ["N", 1, "H", "W"])],
    initializers: [...initializers, floatTensor("headWeight", [1, 2, 1, 1], head.weights), floatTensor("headBias", [1], [head.bias])],
  });
}

export interface NucleiBaselineFit {
  weights: number[];
  bias: number;
  samples: number;
}

/** Fits the nuclei baseline on training items (all items given are used). */
export async function buildNucleiBaseline(
  trainItems: readonly Pick<GeneratedItem, "png" | "labels">[],
): Promise<BaselineModel<SegmentationContract> & { fit: NucleiBaselineFit }> {
  const contract = NUCLEI_BASELINE_CONTRACT;
  const prepared = trainItems.map((item) => ({ item, input: prepareSegmentationInput(item.png, contract) }));
  const features = await runFeatureModel(
    modelBytes({ graph: nucleiGraph(null) }),
    prepared.map(({ input }) => ({ data: input.windows[0] ?? new Float32Array(), dims: input.dims })),
  );
  const rows: number[] = [];
  const targets: number[] = [];
  prepared.forEach(({ item, input }, i) => {
    const map = features[i] ?? new Float32Array();
    const area = input.height * input.width;
    for (let p = i % NUCLEI_PIXEL_STRIDE; p < area; p += NUCLEI_PIXEL_STRIDE) {
      rows.push(map[p] ?? 0, map[area + p] ?? 0);
      targets.push((item.labels[p] ?? 0) > 0 ? 1 : 0);
    }
  });
  // Unweighted on purpose: class-balanced weights (a lower effective threshold) measured
  // worse, since they merge neighbouring nuclei; see README.
  const fit = fitLogistic(Float64Array.from(rows), targets, 2, { l2: 1e-3 });
  return {
    bytes: modelBytes({ graph: nucleiGraph(fit), docString: "scopebench nuclei baseline: smoothing, per-image contrast, logistic pixel classifier" }),
    contract,
    fit: { ...fit, samples: targets.length },
  };
}

// ---------------------------------------------------------------------------------------
// Protein localisation: global channel statistics → one-vs-rest logistic regression.

/** HPA's classes: the default, which the demo challenge and its stored baseline keep. */
const HPA_CLASS_COUNT = 28;

/** The features, in the order the graph concatenates them (each per image). */
const PROTEIN_FEATURE_NAMES = [
  ...["red", "green", "blue", "yellow"].map((c) => `mean ${c}`),
  ...["red", "green", "blue", "yellow"].map((c) => `mean ${c}²`),
  // Cosine similarity of green with each channel: where the protein sits relative to
  // microtubules, nuclei and ER (green·green is 1 and drops out after standardisation).
  ...["red", "green", "blue", "yellow"].map((c) => `cos(green, ${c})`),
  // E[g·c] / (E[g]·E[c]): how strongly green concentrates where channel c is bright.
  ...["red", "green", "blue", "yellow"].map((c) => `co-occurrence(green, ${c})`),
  "green |laplacian| / mean",
  "green max (3×3 mean) / mean",
  "green coefficient of variation",
] as const;

const PROTEIN_BASELINE_CONTRACT: ClassificationContract = ZClassificationContractSchema.parse({
  task: "classification",
  inputSize: 128,
  normalization: { kind: "scale", divisor: 255 },
  activation: "sigmoid",
  // Per-class thresholds are folded into the biases, so one threshold fits all classes.
  threshold: 0.5,
  fallbackToTopClass: true,
  batchSize: 8,
});

function proteinFeatureNodes(): { nodes: proto.INodeProto[]; initializers: proto.ITensorProto[] } {
  const reduce = (input: string, output: string, op = "ReduceMean") =>
    node(op, [input], [output], [attr.ints("axes", [2, 3]), attr.int("keepdims", 0)]);
  const nodes = [
    reduce("input", "mean"),
    node("Mul", ["input", "input"], ["square"]),
    reduce("square", "meanSquare"),
    node("Slice", ["input", "one", "two", "one"], ["green"]),
    node("Mul", ["green", "input"], ["greenTimes"]),
    reduce("greenTimes", "greenCross"),
    node("Slice", ["meanSquare", "one", "two", "one"], ["greenSquare"]),
    node("Slice", ["mean", "one", "two", "one"], ["greenMean"]),
    node("Add", ["greenMean", "epsilon"], ["greenMeanSafe"]),
    node("Mul", ["meanSquare", "greenSquare"], ["normProduct"]),
    node("Add", ["normProduct", "epsilon"], ["normProductSafe"]),
    node("Sqrt", ["normProductSafe"], ["norms"]),
    node("Div", ["greenCross", "norms"], ["cosine"]),
    node("Mul", ["mean", "greenMean"], ["meanProduct"]),
    node("Add", ["meanProduct", "epsilon"], ["meanProductSafe"]),
    node("Div", ["greenCross", "meanProductSafe"], ["cooccurrence"]),
    node("Conv", ["green", "laplacian"], ["greenLaplacian"], [attr.ints("pads", [1, 1, 1, 1])]),
    node("Abs", ["greenLaplacian"], ["greenLaplacianAbs"]),
    reduce("greenLaplacianAbs", "laplacianMean"),
    node("Div", ["laplacianMean", "greenMeanSafe"], ["laplacianRatio"]),
    node("AveragePool", ["green"], ["greenBox"], [attr.ints("kernel_shape", [3, 3]), attr.ints("pads", [1, 1, 1, 1]), attr.int("count_include_pad", 0)]),
    reduce("greenBox", "greenMax", "ReduceMax"),
    node("Div", ["greenMax", "greenMeanSafe"], ["maxRatio"]),
    node("Mul", ["greenMean", "greenMean"], ["greenMeanSquared"]),
    node("Sub", ["greenSquare", "greenMeanSquared"], ["greenVarianceRaw"]),
    node("Relu", ["greenVarianceRaw"], ["greenVariance"]),
    node("Sqrt", ["greenVariance"], ["greenStd"]),
    node("Div", ["greenStd", "greenMeanSafe"], ["greenCv"]),
    node("Concat", ["mean", "meanSquare", "cosine", "cooccurrence", "laplacianRatio", "maxRatio", "greenCv"], ["features"], [attr.int("axis", 1)]),
  ];
  const initializers = [
    int64Tensor("one", [1], [1]),
    int64Tensor("two", [1], [2]),
    floatTensor("epsilon", [], [EPSILON]),
    floatTensor("laplacian", [1, 1, 3, 3], [0, 1, 0, 1, -4, 1, 0, 1, 0]),
  ];
  return { nodes, initializers };
}

function proteinGraph(size: number, head: { weights: Float32Array; bias: Float32Array; classCount: number } | null): proto.IGraphProto {
  const { nodes, initializers } = proteinFeatureNodes();
  const input = tensorValueInfo("input", ElementType.FLOAT, ["N", 4, size, size]);
  const featureCount = PROTEIN_FEATURE_NAMES.length;
  if (!head) {
    return graph({ name: "protein-features", nodes, inputs: [input], outputs: [tensorValueInfo("features", ElementType.FLOAT, ["N", featureCount])], initializers });
  }
  return graph({
    name: "protein-baseline",
    nodes: [...nodes, node("Gemm", ["features", "headWeight", "headBias"], ["output"], [attr.int("transB", 1)])],
    inputs: [input],
    outputs: [tensorValueInfo("output", ElementType.FLOAT, ["N", head.classCount])],
    initializers: [
      ...initializers,
      floatTensor("headWeight", [head.classCount, featureCount], head.weights),
      floatTensor("headBias", [head.classCount], head.bias),
    ],
  });
}

export interface ProteinBaselineFit {
  featureMean: number[];
  featureStd: number[];
  /** Per class, the probability threshold folded into its bias. */
  thresholds: number[];
}

/**
 * Fits the protein baseline on training items; `inputSize` must match the contract's S.
 * Default: HPA's 28 classes, multi-label (thresholds). `decision: "argmax"` suits single-label
 * data: the class with the highest fitted logit, so no per-class threshold is folded in.
 */
export async function buildProteinBaseline(
  trainItems: readonly Pick<CellImageItem, "channels" | "labels">[],
  options: { inputSize?: number; classCount?: number; decision?: ClassificationContract["decision"] } = {},
): Promise<BaselineModel<ClassificationContract> & { fit: ProteinBaselineFit }> {
  const contract = ZClassificationContractSchema.parse({
    ...PROTEIN_BASELINE_CONTRACT,
    inputSize: options.inputSize ?? PROTEIN_BASELINE_CONTRACT.inputSize,
    classCount: options.classCount ?? HPA_CLASS_COUNT,
    decision: options.decision ?? "threshold",
  });
  const classCount = contract.classCount;
  const s = contract.inputSize;
  const featureCount = PROTEIN_FEATURE_NAMES.length;
  const raw = await runFeatureModel(
    modelBytes({ graph: proteinGraph(s, null) }),
    trainItems.map((item) => ({ data: prepareClassificationInput(item.channels, contract), dims: [1, 4, s, s] })),
  );

  // Standardise, so one L2 penalty suits every feature; folded into the Gemm afterwards.
  const n = raw.length;
  const featureMean = Array.from({ length: featureCount }, (_, k) => raw.reduce((sum, f) => sum + (f[k] ?? 0), 0) / Math.max(1, n));
  const featureStd = featureMean.map((m, k) => {
    const variance = raw.reduce((sum, f) => sum + ((f[k] ?? 0) - m) ** 2, 0) / Math.max(1, n);
    return variance > 1e-12 ? Math.sqrt(variance) : 1;
  });
  const rows = new Float64Array(n * featureCount);
  raw.forEach((f, i) => {
    for (let k = 0; k < featureCount; k++) rows[i * featureCount + k] = ((f[k] ?? 0) - (featureMean[k] ?? 0)) / (featureStd[k] ?? 1);
  });

  const weights = new Float32Array(classCount * featureCount);
  const bias = new Float32Array(classCount);
  const thresholds: number[] = [];
  for (let c = 0; c < classCount; c++) {
    const positives = trainItems.map((item) => item.labels.includes(c));
    const fit = fitLogistic(rows, positives.map(Number), featureCount, { l2: 1, iterations: 30 });
    const scores = Array.from({ length: n }, (_, i) => {
      let z = fit.bias;
      for (let k = 0; k < featureCount; k++) z += (fit.weights[k] ?? 0) * (rows[i * featureCount + k] ?? 0);
      return 1 / (1 + Math.exp(-z));
    });
    // 0.5 folds nothing in (logit 0.5 = 0): argmax compares the fitted probabilities as they are.
    const threshold = contract.decision === "argmax" ? 0.5 : bestF1Threshold(scores, positives);
    thresholds.push(threshold);
    // logit_c = Σ w_k (f_k − μ_k) / σ_k + b − logit(t_c): σ(logit_c) > 0.5 exactly when the
    // fitted probability exceeds the class's own threshold t_c.
    let b = fit.bias - Math.log(threshold / (1 - threshold));
    for (let k = 0; k < featureCount; k++) {
      const w = (fit.weights[k] ?? 0) / (featureStd[k] ?? 1);
      weights[c * featureCount + k] = w;
      b -= w * (featureMean[k] ?? 0);
    }
    // A class never seen in training is never predicted.
    bias[c] = positives.some(Boolean) ? b : -30;
  }
  return {
    bytes: modelBytes({ graph: proteinGraph(s, { weights, bias, classCount }), docString: "scopebench protein baseline: channel statistics, one-vs-rest logistic regression" }),
    contract,
    fit: { featureMean, featureStd, thresholds },
  };
}
