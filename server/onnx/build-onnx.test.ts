import { describe, expect, it } from "vitest";
import * as ort from "onnxruntime-node";
import { ElementType, OPSET_VERSION, attr, floatTensor, graph, int64Tensor, modelBytes, node, onnx, tensorValueInfo } from "./build-onnx";

describe("build-onnx", () => {
  it("should encode a model that onnxruntime loads and runs with symbolic dims", async () => {
    const bytes = modelBytes({
      graph: graph({
        name: "scale-and-pad",
        nodes: [node("Mul", ["input", "two"], ["doubled"]), node("Pad", ["doubled", "pads"], ["output"], [attr.string("mode", "edge")])],
        inputs: [tensorValueInfo("input", ElementType.FLOAT, ["N", "W"])],
        outputs: [tensorValueInfo("output", ElementType.FLOAT, ["N", "W2"])],
        initializers: [floatTensor("two", [], [2]), int64Tensor("pads", [4], [0, 1, 0, 1])],
      }),
    });
    const decoded = onnx.ModelProto.decode(bytes);
    expect(decoded.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([["", OPSET_VERSION]]);
    expect(decoded.graph?.input?.[0]?.type?.tensorType?.shape?.dim?.map((d) => d.dimParam)).toEqual(["N", "W"]);

    const session = await ort.InferenceSession.create(bytes);
    const result = await session.run({ input: new ort.Tensor("float32", Float32Array.from([1, 2, 3]), [1, 3]) });
    expect(Array.from(result.output?.data as Float32Array)).toEqual([2, 2, 4, 6, 6]);
    await session.release();
  });

  it("should refuse values that do not match the dims", () => {
    expect(() => floatTensor("w", [2, 2], [1, 2, 3])).toThrow(RangeError);
  });
});
