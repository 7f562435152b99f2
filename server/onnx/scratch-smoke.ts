import * as ort from "onnxruntime-node";
import { ElementType, attr, floatTensor, graph, modelBytes, node, tensorValueInfo } from "./build-onnx";
const bytes = modelBytes({ graph: graph({ name: "g", inputs: [tensorValueInfo("input", ElementType.FLOAT, ["N", 1, "H", "W"])],
  outputs: [tensorValueInfo("output", ElementType.FLOAT, ["N", 1, "H", "W"])],
  initializers: [floatTensor("w", [1,1,3,3], new Array(9).fill(1/9))],
  nodes: [node("Conv", ["input", "w"], ["output"], [attr.ints("pads", [1,1,1,1])])] }) });
const s = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: "disabled" });
console.log(s.inputNames, s.outputNames, JSON.stringify(s.inputMetadata), JSON.stringify(s.outputMetadata));
const r = await s.run({ input: new ort.Tensor("float32", new Float32Array(16).fill(9), [1,1,4,4]) });
console.log(r.output?.dims, r.output?.data);
try { await ort.InferenceSession.create(new Uint8Array([1,2,3,4,5])); } catch (e) { console.log("ERR", String(e)); }
