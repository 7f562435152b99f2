// Models for tests of the upload checks and the sandbox: one that is fine, and one for each
// way an upload can be wrong or hostile. Built here rather than committed as binaries, so
// what each one does is readable.
import type { proto } from "../../server/onnx/build-onnx";
import { ElementType, attr, boolTensor, floatTensor, graph, int64Tensor, modelBytes, node, onnx, tensorValueInfo } from "../../server/onnx/build-onnx";

const segmentationInput = tensorValueInfo("input", ElementType.FLOAT, ["N", 1, "H", "W"]);
const segmentationOutput = tensorValueInfo("output", ElementType.FLOAT, ["N", 1, "H", "W"]);

/** Foreground probability = the (0–1 scaled) intensity itself: fits the default segmentation contract. */
export function buildIntensityModel(): Uint8Array {
  return modelBytes({
    graph: graph({ name: "intensity", nodes: [node("Identity", ["input"], ["output"])], inputs: [segmentationInput], outputs: [segmentationOutput] }),
  });
}

/** Takes [N, H, W] (no channel axis): rank 3 where the contract feeds rank 4. */
export function buildWrongRankModel(): Uint8Array {
  return modelBytes({
    graph: graph({
      name: "wrong-rank",
      nodes: [node("Identity", ["input"], ["output"])],
      inputs: [tensorValueInfo("input", ElementType.FLOAT, ["N", "H", "W"])],
      outputs: [tensorValueInfo("output", ElementType.FLOAT, ["N", "H", "W"])],
    }),
  });
}

/** Takes three channels and a fixed 256 × 256 size, where a grey, dynamic-size contract feeds one channel of any size. */
export function buildWrongChannelsModel(): Uint8Array {
  return modelBytes({
    graph: graph({
      name: "wrong-channels",
      nodes: [node("ReduceMean", ["input"], ["output"], [attr.ints("axes", [1]), attr.int("keepdims", 1)])],
      inputs: [tensorValueInfo("input", ElementType.FLOAT, ["N", 3, 256, 256])],
      outputs: [tensorValueInfo("output", ElementType.FLOAT, ["N", 1, 256, 256])],
    }),
  });
}

/**
 * A weight stored "next to the model" in a file it names. onnxruntime would open that path
 * relative to the model (or absolute): on a server, a file of the uploader's choosing.
 */
export function buildExternalDataModel(location = "../../../../etc/passwd"): Uint8Array {
  const weight: proto.ITensorProto = {
    name: "weight",
    dims: [1],
    dataType: ElementType.FLOAT,
    dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
    externalData: [
      { key: "location", value: location },
      { key: "offset", value: "0" },
      { key: "length", value: "4" },
    ],
  };
  return modelBytes({
    graph: graph({
      name: "external-data",
      nodes: [node("Mul", ["input", "weight"], ["output"])],
      inputs: [segmentationInput],
      outputs: [segmentationOutput],
      initializers: [weight],
    }),
  });
}

/** An operator from a custom domain (would need a native custom-op library). */
export function buildCustomDomainModel(domain = "com.example.custom"): Uint8Array {
  return modelBytes({
    graph: graph({
      name: "custom-domain",
      nodes: [node("Sharpen", ["input"], ["output"], [], { domain })],
      inputs: [segmentationInput],
      outputs: [segmentationOutput],
    }),
    extraOpsets: [{ domain, version: 1 }],
  });
}

/**
 * Fits the segmentation contract and loads fine, but every run fills a float tensor of
 * `gigabytes` GB per image: ConstantOfShape on a shape taken from the input, so graph
 * optimisation cannot fold it away at load time. For memory-limit tests of the sandbox.
 */
export function buildMemoryBombModel(options: { gigabytes?: number } = {}): Uint8Array {
  const elements = Math.round(((options.gigabytes ?? 4) * 2 ** 30) / 4);
  return modelBytes({
    graph: graph({
      name: "memory-bomb",
      nodes: [
        node("Shape", ["input"], ["batch"], [attr.int("start", 0), attr.int("end", 1)]),
        node("Concat", ["batch", "elements"], ["hugeShape"], [attr.int("axis", 0)]),
        node("ConstantOfShape", ["hugeShape"], ["huge"], [attr.tensor("value", floatTensor("one", [1], [1]))]),
        node("ReduceSum", ["huge", "axisOne"], ["hugeSum"], [attr.int("keepdims", 1)]),
        node("Unsqueeze", ["hugeSum", "axesTwoThree"], ["hugeSum4d"]),
        node("Mul", ["hugeSum4d", "zero"], ["nothing"]),
        node("Add", ["input", "nothing"], ["output"]),
      ],
      inputs: [segmentationInput],
      outputs: [segmentationOutput],
      initializers: [
        int64Tensor("elements", [1], [elements]),
        int64Tensor("axisOne", [1], [1]),
        int64Tensor("axesTwoThree", [2], [2, 3]),
        floatTensor("zero", [], [0]),
      ],
    }),
  });
}

/**
 * Fits the segmentation contract, loads at once, then runs a Loop of `iterations`
 * matrix products (512 × 512: about 1 ms each on one core) per batch, so the default runs
 * for a quarter of an hour. The file stays under 1 kB. For wall-clock limit tests.
 */
export function buildSlowModel(options: { iterations?: number; matrixSize?: number } = {}): Uint8Array {
  const iterations = options.iterations ?? 1_000_000;
  const size = options.matrixSize ?? 512;
  const body = graph({
    name: "slow-body",
    nodes: [node("MatMul", ["state", "matrix"], ["stateOut"]), node("Identity", ["condition"], ["conditionOut"])],
    inputs: [
      tensorValueInfo("iteration", ElementType.INT64, []),
      tensorValueInfo("condition", ElementType.BOOL, []),
      tensorValueInfo("state", ElementType.FLOAT, [size, size]),
    ],
    outputs: [tensorValueInfo("conditionOut", ElementType.BOOL, []), tensorValueInfo("stateOut", ElementType.FLOAT, [size, size])],
  });
  return modelBytes({
    graph: graph({
      name: "slow",
      nodes: [
        node("ConstantOfShape", ["matrixShape"], ["zeros"]),
        node("EyeLike", ["zeros"], ["matrix"]),
        // The loop state depends on the input, so nothing can be precomputed at load time.
        node("ReduceMean", ["input"], ["inputMean"], [attr.int("keepdims", 0)]),
        node("Mul", ["matrix", "inputMean"], ["initialState"]),
        node("Loop", ["tripCount", "always", "initialState"], ["finalState"], [attr.graph("body", body)]),
        node("ReduceMean", ["finalState"], ["finalMean"], [attr.int("keepdims", 0)]),
        node("Mul", ["finalMean", "zero"], ["nothing"]),
        node("Add", ["input", "nothing"], ["output"]),
      ],
      inputs: [segmentationInput],
      outputs: [segmentationOutput],
      initializers: [
        int64Tensor("matrixShape", [2], [size, size]),
        int64Tensor("tripCount", [], [iterations]),
        boolTensor("always", [], [true]),
        floatTensor("zero", [], [0]),
      ],
    }),
  });
}

/**
 * A U-Net-sized stand-in for real submissions in benchmarks: `layers` 3 × 3 convolutions
 * with `channels` feature maps and ReLU, then a 1 × 1 convolution and Sigmoid. Weights are
 * fixed pseudo-random numbers; the output means nothing, the cost is realistic.
 */
export function buildConvStackModel(options: { channels?: number; layers?: number } = {}): Uint8Array {
  const channels = options.channels ?? 16;
  const layers = options.layers ?? 4;
  let state = 12345;
  const next = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32 - 0.5;
  };
  const nodes: proto.INodeProto[] = [];
  const initializers: proto.ITensorProto[] = [];
  let previous = "input";
  let inChannels = 1;
  for (let layer = 0; layer < layers; layer++) {
    const weights = Float32Array.from({ length: channels * inChannels * 9 }, () => next() / Math.sqrt(inChannels * 9));
    initializers.push(floatTensor(`w${layer}`, [channels, inChannels, 3, 3], weights), floatTensor(`b${layer}`, [channels], new Float32Array(channels)));
    nodes.push(node("Conv", [previous, `w${layer}`, `b${layer}`], [`conv${layer}`], [attr.ints("pads", [1, 1, 1, 1])]));
    nodes.push(node("Relu", [`conv${layer}`], [`relu${layer}`]));
    previous = `relu${layer}`;
    inChannels = channels;
  }
  initializers.push(floatTensor("head", [1, channels, 1, 1], Float32Array.from({ length: channels }, next)), floatTensor("headBias", [1], [0]));
  nodes.push(node("Conv", [previous, "head", "headBias"], ["logit"]), node("Sigmoid", ["logit"], ["output"]));
  return modelBytes({ graph: graph({ name: "conv-stack", nodes, inputs: [segmentationInput], outputs: [segmentationOutput], initializers }) });
}
