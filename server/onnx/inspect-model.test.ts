import { describe, expect, it } from "vitest";
import { encodeGreyPng } from "../../datasets/png";
import type { proto } from "./build-onnx";
import { ElementType, attr, floatTensor, graph, modelBytes, node, tensorValueInfo } from "./build-onnx";
import { inspectModel, participantSafeError } from "./inspect-model";
import { ZModelContractSchema } from "./model-contract";
import {
  buildCustomDomainModel,
  buildExternalDataModel,
  buildIntensityModel,
  buildMemoryBombModel,
  buildSlowModel,
  buildWrongChannelsModel,
  buildWrongRankModel,
} from "../../tests/support/test-models";

const segmentation = ZModelContractSchema.parse({ task: "segmentation" });
const classification = ZModelContractSchema.parse({ task: "classification", inputSize: 64 });
const limits = { maxBytes: 1_000_000 };

async function problemsOf(bytes: Uint8Array, contract = segmentation, options = limits): Promise<string[]> {
  const result = await inspectModel(bytes, contract, options);
  return result.ok ? [] : result.problems;
}

function classifierModel(outputDims: Array<number | string>, inputDims: Array<number | string> = ["N", 4, 64, 64], classes = 28): Uint8Array {
  return modelBytes({
    graph: graph({
      name: "classifier",
      nodes: [
        node("ReduceMean", ["input"], ["pooled"], [attr.ints("axes", [2, 3]), attr.int("keepdims", 0)]),
        node("Gemm", ["pooled", "weight"], ["output"], [attr.int("transB", 1)]),
      ],
      inputs: [tensorValueInfo("input", ElementType.FLOAT, inputDims)],
      outputs: [tensorValueInfo("output", ElementType.FLOAT, outputDims)],
      initializers: [floatTensor("weight", [classes, 4], new Float32Array(classes * 4).fill(0.1))],
    }),
  });
}

// Loads models in onnxruntime: seconds on a busy 2-core machine.
describe("inspectModel", { timeout: 60_000 }, () => {
  it("should accept a model that fits the contract and report its signature", async () => {
    expect(await inspectModel(buildIntensityModel(), segmentation, limits)).toEqual({
      ok: true,
      inputs: [{ name: "input", type: "float32", shape: ["N", 1, "H", "W"] }],
      outputs: [{ name: "output", type: "float32", shape: ["N", 1, "H", "W"] }],
    });
  });

  it("should reject a file over the size limit before reading it", async () => {
    const problems = await problemsOf(new Uint8Array(2_000_001), segmentation, { maxBytes: 2_000_000 });
    expect(problems).toEqual(["The model file is 2.0 MB; this challenge accepts at most 2.0 MB."]);
  });

  it("should reject files that are not ONNX models", async () => {
    const notOnnx = [new TextEncoder().encode("name,score\nalice,0.9\n"), encodeGreyPng(new Uint8Array(16), 4, 4), new Uint8Array()];
    for (const bytes of notOnnx) {
      expect(await problemsOf(bytes)).toEqual(["The file is not an ONNX model (it could not be read as an ONNX ModelProto)."]);
    }
  });

  it("should reject external-data tensors, naming the tensor", async () => {
    const problems = await problemsOf(buildExternalDataModel());
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('external data (tensor "weight" in the main graph)');
    expect(problems[0]).not.toContain("passwd");
  });

  it("should find external data inside a subgraph's Constant node", async () => {
    const external = { name: "hidden", dims: [1], dataType: ElementType.FLOAT, externalData: [{ key: "location", value: "w.bin" }] };
    const branch = (name: string, constant: proto.ITensorProto) =>
      graph({ name, nodes: [node("Constant", [], [`${name}Out`], [attr.tensor("value", constant)])], inputs: [], outputs: [tensorValueInfo(`${name}Out`, ElementType.FLOAT, [1])] });
    const bytes = modelBytes({
      graph: graph({
        name: "with-if",
        nodes: [
          node("ReduceMean", ["input"], ["m"], [attr.int("keepdims", 0)]),
          node("Greater", ["m", "half"], ["bright"]),
          node("If", ["bright"], ["chosen"], [attr.graph("then_branch", branch("then", external)), attr.graph("else_branch", branch("else", floatTensor("k", [1], [1])))]),
          node("Mul", ["input", "chosen"], ["output"]),
        ],
        inputs: [tensorValueInfo("input", ElementType.FLOAT, ["N", 1, "H", "W"])],
        outputs: [tensorValueInfo("output", ElementType.FLOAT, ["N", 1, "H", "W"])],
        initializers: [floatTensor("half", [], [0.5])],
      }),
    });
    const problems = await problemsOf(bytes);
    expect(problems[0]).toContain('tensor "hidden" in Constant node');
    expect(problems[0]).toContain('subgraph "then"');
  });

  it("should reject custom operator domains, naming the domain and the op", async () => {
    expect(await problemsOf(buildCustomDomainModel("com.example.custom"))).toEqual([
      'The model uses the custom operator domain "com.example.custom" (operator "Sharpen"). Only standard ONNX operators (domains "", "ai.onnx", "ai.onnx.ml") are supported.',
    ]);
  });

  it("should reject a model with the wrong input rank", async () => {
    const problems = await problemsOf(buildWrongRankModel());
    expect(problems).toContain('Input "input" has shape [N, H, W]; the challenge feeds float32 [N, 1, H, W] (rank 4).');
  });

  it("should reject wrong channels and a fixed size under a dynamic-size contract", async () => {
    const problems = await problemsOf(buildWrongChannelsModel());
    expect(problems[0]).toBe('Input "input" has 3 channels; the challenge feeds 1 (grey), as float32 [N, 1, H, W].');
    expect(problems[1]).toContain("export H and W as dynamic axes");
  });

  it("should accept that same fixed-size model under a fixed-size RGB contract", async () => {
    const contract = ZModelContractSchema.parse({ task: "segmentation", channels: "rgb", size: { kind: "fixed", height: 256, width: 256 } });
    expect(await problemsOf(buildWrongChannelsModel(), contract)).toEqual([]);
  });

  it("should name the expected tensors when the names differ", async () => {
    const contract = ZModelContractSchema.parse({ task: "segmentation", inputName: "image", outputName: "probability" });
    expect(await problemsOf(buildIntensityModel(), contract)).toEqual([
      'The challenge feeds an input named "image", but the model\'s inputs are "input".',
      'The challenge reads an output named "probability", but the model\'s outputs are "output".',
    ]);
  });

  it("should reject a batch dimension fixed at another size than the contract's batches", async () => {
    const contract = ZModelContractSchema.parse({ task: "classification", inputSize: 64, batchSize: 8 });
    const problems = await problemsOf(classifierModel([1, 28], [1, 4, 64, 64]), contract);
    expect(problems[0]).toContain("batch dimension is fixed at 1, but the challenge runs batches of 8");
  });

  it("should check a classifier's input size and class count", async () => {
    expect(await problemsOf(classifierModel(["N", 28]), classification)).toEqual([]);
    expect(await problemsOf(classifierModel(["N", 28], ["N", 4, 32, 32]), classification)).toEqual([
      'Input "input" has shape [N, 4, 32, 32]; the challenge feeds float32 [N, 4, 64, 64] (channels red, green, blue, yellow).',
    ]);
    expect(await problemsOf(classifierModel(["N", 27], ["N", 4, 64, 64], 27), classification)).toEqual([
      'Output "output" has 27 classes; the challenge expects float32 logits [N, 28].',
    ]);
  });

  it("should report a model that does not load, without server paths", async () => {
    const bytes = modelBytes({
      graph: graph({
        name: "broken",
        nodes: [node("Conv", ["input", "missingWeight"], ["output"])],
        inputs: [tensorValueInfo("input", ElementType.FLOAT, ["N", 1, "H", "W"])],
        outputs: [tensorValueInfo("output", ElementType.FLOAT, ["N", 1, "H", "W"])],
      }),
    });
    const problems = await problemsOf(bytes);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^The model does not load in onnxruntime [\d.]+: /);
    expect(problems[0]).not.toMatch(/\/(?:home|work|tmp|onnxruntime\/core)\//);
  });

  it("should let the memory bomb and the slow model pass (the sandbox has to stop them)", async () => {
    expect(await problemsOf(buildMemoryBombModel())).toEqual([]);
    expect(await problemsOf(buildSlowModel())).toEqual([]);
  });
});

describe("participantSafeError", () => {
  it("should keep the first line and hide file paths", () => {
    const error = new Error("[ONNXRuntimeError] : 1 : FAIL : Load model from /srv/uploads/abc/model.onnx failed: bad\n at /usr/lib/x.so");
    expect(participantSafeError(error)).toBe("[ONNXRuntimeError] : 1 : FAIL : Load model from <path> failed: bad");
  });
});
