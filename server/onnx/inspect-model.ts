// Upload checks for a participant's ONNX file: the static ones (check-model.ts), then a real
// onnxruntime load and the signature onnxruntime reports against the model contract. Runs
// untrusted bytes in onnxruntime: call it only inside the sandbox.
import * as ort from "onnxruntime-node";
import {
  decodeModel,
  formatMegabytes,
  participantSafeError,
  signatureProblems,
  structuralProblems,
  type InspectionResult,
  type InspectOptions,
  type TensorSignature,
} from "./check-model";
import type { ModelContract } from "./model-contract";

export { ALLOWED_DOMAINS, checkModelStatically, decodeModel, participantSafeError } from "./check-model";
export type { InspectionResult, InspectOptions, TensorSignature } from "./check-model";

const tensorSignature = (meta: ort.InferenceSession.ValueMetadata): TensorSignature =>
  meta.isTensor ? { name: meta.name, type: meta.type, shape: [...meta.shape] } : { name: meta.name, type: "non-tensor", shape: [] };

/**
 * Checks an uploaded model against a contract. Loading runs onnxruntime on untrusted bytes:
 * call this in a sandboxed, memory-limited process, like evaluation. Graph optimisation is
 * off for this load so constant folding cannot be used to allocate memory at upload time.
 */
export async function inspectModel(bytes: Uint8Array, contract: ModelContract, options: InspectOptions): Promise<InspectionResult> {
  if (bytes.byteLength > options.maxBytes) {
    return {
      ok: false,
      problems: [`The model file is ${formatMegabytes(bytes.byteLength)}; this challenge accepts at most ${formatMegabytes(options.maxBytes)}.`],
    };
  }
  const model = decodeModel(bytes);
  if (!model) return { ok: false, problems: ["The file is not an ONNX model (it could not be read as an ONNX ModelProto)."] };

  const structural = structuralProblems(model);
  if (structural.length > 0) return { ok: false, problems: structural };

  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      graphOptimizationLevel: "disabled",
      logSeverityLevel: 4,
    });
  } catch (error) {
    return { ok: false, problems: [`The model does not load in onnxruntime ${ort.env.versions.common}: ${participantSafeError(error)}`] };
  }
  try {
    const inputs = session.inputMetadata.map(tensorSignature);
    const outputs = session.outputMetadata.map(tensorSignature);
    const problems = signatureProblems(contract, inputs, outputs);
    return problems.length > 0 ? { ok: false, problems } : { ok: true, inputs, outputs };
  } finally {
    await session.release();
  }
}
