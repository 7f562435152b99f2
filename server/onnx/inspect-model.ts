// Upload checks for a participant's ONNX file: the static ones (check-model.ts), then a real
// onnxruntime load and the signature onnxruntime reports against the model contract. Runs
// untrusted bytes in onnxruntime: call it only inside the sandbox.
import * as ort from "onnxruntime-node";
import {
  canonicalModelBytes,
  decodeModelChecked,
  formatMegabytes,
  participantSafeError,
  signatureProblems,
  structuralProblems,
  type InspectionResult,
  type InspectOptions,
  type TensorSignature,
} from "./check-model";
import type { ModelContract } from "./model-contract";

export { participantSafeError } from "./check-model";
export type { InspectionResult, InspectOptions } from "./check-model";

const tensorSignature = (meta: ort.InferenceSession.ValueMetadata): TensorSignature =>
  meta.isTensor ? { name: meta.name, type: meta.type, shape: [...meta.shape] } : { name: meta.name, type: "non-tensor", shape: [] };

/**
 * Checks an uploaded model against a contract. Loading runs onnxruntime on untrusted bytes:
 * call this in a sandboxed, memory-limited process, like evaluation. Graph optimisation is
 * off for this load so constant folding cannot be used to allocate memory at upload time.
 */
export async function inspectModel(bytes: Uint8Array, contract: ModelContract, options: InspectOptions): Promise<InspectionResult> {
  return (await inspectCanonicalModel(bytes, contract, options)).result;
}

/**
 * inspectModel, plus the canonical bytes it checked and loaded (null when refused before
 * that): onnxruntime only ever sees bytes re-encoded from what the checks decoded, and these
 * are the bytes to store and to run.
 */
export async function inspectCanonicalModel(
  bytes: Uint8Array,
  contract: ModelContract,
  options: InspectOptions,
): Promise<{ result: InspectionResult; canonical: Uint8Array | null }> {
  const refuse = (problems: string[], canonical: Uint8Array | null = null) => ({ result: { ok: false as const, problems }, canonical });
  if (bytes.byteLength > options.maxBytes) {
    return refuse([`The model file is ${formatMegabytes(bytes.byteLength)}; this challenge accepts at most ${formatMegabytes(options.maxBytes)}.`]);
  }
  const decoded = decodeModelChecked(bytes);
  if (!decoded.ok) return refuse([decoded.problem]);

  const structural = structuralProblems(decoded.model);
  if (structural.length > 0) return refuse(structural);
  const encoded = canonicalModelBytes(decoded.model);
  if (!encoded.ok) return refuse([encoded.problem]);
  const canonical = encoded.bytes;

  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(canonical, {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      graphOptimizationLevel: "disabled",
      logSeverityLevel: 4,
    });
  } catch (error) {
    return refuse([`The model does not load in onnxruntime ${ort.env.versions.common}: ${participantSafeError(error)}`], canonical);
  }
  try {
    const inputs = session.inputMetadata.map(tensorSignature);
    const outputs = session.outputMetadata.map(tensorSignature);
    const problems = signatureProblems(contract, inputs, outputs);
    return { result: problems.length > 0 ? { ok: false, problems } : { ok: true, inputs, outputs }, canonical };
  } finally {
    await session.release();
  }
}
