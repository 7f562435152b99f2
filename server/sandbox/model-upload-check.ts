// The upload-time check of a participant's ONNX file, run entirely inside the sandbox: the
// web server never decodes, loads or even holds the model. The sandboxed child decodes it,
// runs the static checks, re-encodes the decoded ModelProto (the canonical bytes), loads
// those in onnxruntime and checks the signature; the canonical bytes come back as a file
// and are what gets stored. At most MODEL_CHECK_CONCURRENCY checks run at once per process.
import { env } from "../env";
import { runInSandbox, type SandboxLimits } from "./sandbox";
import { Semaphore } from "./semaphore";

/** Shared by every upload in this process. */
export const modelCheckSemaphore = new Semaphore(env.MODEL_CHECK_CONCURRENCY);

const CHECK_LIMITS: SandboxLimits = { timeoutMs: 60_000, memoryMb: Math.min(env.SCORER_MEMORY_MB, 2048) };

export type ModelUploadCheck = { ok: true } | { ok: false; problems: string[] } | { ok: false; unavailable: true; detail: string };

/**
 * Checks the model at `uploadPath` against `contract`; on success its canonical re-encoding
 * has been written to `canonicalPath`. Problems are safe to show to the participant.
 */
export async function checkUploadedModel(input: { contract: unknown; uploadPath: string; canonicalPath: string; limits?: SandboxLimits }): Promise<ModelUploadCheck> {
  const limits = input.limits ?? CHECK_LIMITS;
  const outcome = await modelCheckSemaphore.run(() =>
    runInSandbox(
      { mode: "inspect", modelPath: input.uploadPath, contract: input.contract, maxBytes: env.MAX_MODEL_BYTES },
      limits,
      { canonicalModelPath: input.canonicalPath },
    ),
  );
  if (outcome.kind === "inspected") return outcome.problems.length === 0 ? { ok: true } : { ok: false, problems: outcome.problems };
  if (outcome.kind === "model-error") return { ok: false, problems: [`The model does not load: ${outcome.message}`] };
  if (outcome.kind === "error" && outcome.cause === "unavailable") return { ok: false, unavailable: true, detail: outcome.detail };
  if (outcome.kind === "error" && outcome.cause === "memory") {
    return { ok: false, problems: [`The model could not be checked within the upload check's memory limit (${limits.memoryMb} MiB).`] };
  }
  if (outcome.kind === "error" && outcome.cause === "timeout") {
    return { ok: false, problems: [`The model could not be loaded within the upload check's limits (${Math.round(limits.timeoutMs / 1000)} s); it may be too large or malformed.`] };
  }
  // A crash: whatever the bytes did inside the checker, the participant gets a plain refusal.
  return { ok: false, problems: ["The model could not be checked: it stopped the checker (it may be malformed)."] };
}
