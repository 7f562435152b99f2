import crypto from "node:crypto";
import { blobKeys, BlobTooLargeError, getBlobStore } from "../../blob";
import type { SessionUser } from "../../contracts/common";
import { ZSubmissionUploadHeaderSchema } from "../../contracts/submission";
import { env } from "../../env";
import { AppError, AppErrorCode } from "../../errors";
import { checkModelStatically } from "../../onnx/check-model";
import { ZModelContractSchema } from "../../onnx/model-contract";
import { enqueueScoring } from "../../queue/scoring-queue";
import { runInSandbox } from "../../worker/sandbox";
import {
  PhaseNotOpenError,
  QuotaExhaustedError,
  submissionRepository,
} from "../../repositories/submission-repository";
import { findVisibleChallenge } from "../challenge/find-challenge";
import { resolvePhase, phaseClosedMessage, quotaMessage } from "./resolve-phase";
import { readUploadFrame, UploadFrameError } from "./upload-frame";

/**
 * What is wrong with an uploaded model, from its bytes alone (no onnxruntime in the web
 * server; the sandbox loads it before it runs).
 */
async function modelProblems(contract: unknown, bytes: Uint8Array): Promise<string[]> {
  const parsed = ZModelContractSchema.safeParse(contract);
  if (!parsed.success) return ["This challenge's model contract is missing or broken; the hosts have been told."];
  const checked = checkModelStatically(new Uint8Array(bytes), parsed.data, { maxBytes: env.MAX_MODEL_BYTES });
  return checked.ok ? [] : checked.problems;
}

/** Loads the model in onnxruntime inside the sandbox (as the worker will) and checks what it reports. */
async function modelLoadProblems(contract: unknown, modelPath: string): Promise<string[]> {
  const outcome = await runInSandbox(
    { mode: "inspect", modelPath, contract, maxBytes: env.MAX_MODEL_BYTES },
    { timeoutMs: 60_000, memoryMb: Math.min(env.SCORER_MEMORY_MB, 2048) },
  );
  if (outcome.kind === "inspected") return outcome.problems;
  if (outcome.kind === "model-error") return [`The model does not load: ${outcome.message}`];
  return ["The model could not be loaded within the upload check's limits (60 s); it may be too large or malformed."];
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(0)} MiB` : `${bytes} bytes`;
}

/**
 * Accepts one upload: checks the challenge, the phase and the quota, streams the file into
 * the blob store (hashing it, enforcing the size limit), then records the submission under
 * the quota lock and queues it. A refused upload leaves nothing behind.
 */
export async function createSubmission(input: {
  user: SessionUser;
  stream: ReadableStream<Uint8Array>;
  isBaseline?: boolean;
}) {
  let frame: Awaited<ReturnType<typeof readUploadFrame>>;
  try {
    frame = await readUploadFrame(input.stream);
  } catch (error) {
    if (error instanceof UploadFrameError) throw new AppError(AppErrorCode.INVALID_INPUT, { message: error.message });
    throw error;
  }
  const parsedHeader = ZSubmissionUploadHeaderSchema.safeParse(frame.header);
  if (!parsedHeader.success) {
    const issues = parsedHeader.error.issues.map((i) => `${i.path.join(".") || "header"}: ${i.message}`);
    throw new AppError(AppErrorCode.INVALID_INPUT, { message: `Bad upload header: ${issues.join("; ")}` });
  }
  const header = parsedHeader.data;
  const challenge = await findVisibleChallenge(header.challenge, input.user);
  if (!challenge.submissionKinds.includes(header.kind)) {
    throw new AppError(AppErrorCode.INVALID_INPUT, {
      message: `This challenge does not accept ${header.kind === "onnx_model" ? "ONNX models" : "prediction files"}.`,
    });
  }
  const now = new Date();
  const phase = resolvePhase(challenge, header.phaseId, now);

  // Fail fast before reading a large body; the binding check happens under the lock below.
  const usage = await submissionRepository.quotaUsage(input.user.id, phase.id, phase.failedCountTowardsQuota, now);
  if (usage.usedTotal >= phase.totalQuota || usage.usedToday >= phase.dailyQuota) {
    throw new AppError(AppErrorCode.QUOTA_EXCEEDED, { message: quotaMessage(phase, usage) });
  }

  const id = crypto.randomUUID();
  const key = blobKeys.submission(id);
  const store = getBlobStore();
  let stored;
  try {
    stored = await store.putStream(key, frame.body, { maxBytes: env.MAX_UPLOAD_BYTES });
  } catch (error) {
    if (error instanceof BlobTooLargeError) {
      throw new AppError(AppErrorCode.PAYLOAD_TOO_LARGE, {
        message: `The file is larger than the limit of ${formatBytes(env.MAX_UPLOAD_BYTES)}.`,
      });
    }
    throw error;
  }
  if (stored.sizeBytes === 0) {
    await store.delete(key);
    throw new AppError(AppErrorCode.INVALID_INPUT, { message: `${header.filename} is empty.` });
  }
  if (header.kind === "onnx_model") {
    const problems = await modelProblems(challenge.modelContract, await store.get(key));
    // Only a model that passed the cheap checks goes into onnxruntime, and only in the sandbox.
    if (problems.length === 0) problems.push(...(await modelLoadProblems(challenge.modelContract, await store.localPath(key))));
    if (problems.length > 0) {
      await store.delete(key);
      throw new AppError(AppErrorCode.INVALID_INPUT, { message: `${header.filename} does not fit this challenge: ${problems.join(" ")}` });
    }
  }

  let created;
  try {
    created = await submissionRepository.createWithinQuota({
      id,
      userId: input.user.id,
      challengeId: challenge.id,
      phaseId: phase.id,
      kind: header.kind,
      filename: header.filename,
      blobKey: key,
      sizeBytes: stored.sizeBytes,
      sha256: stored.sha256,
      isBaseline: input.isBaseline ?? false,
    });
  } catch (error) {
    await store.delete(key);
    if (error instanceof QuotaExhaustedError) {
      throw new AppError(AppErrorCode.QUOTA_EXCEEDED, { message: quotaMessage(phase, error.usage) });
    }
    if (error instanceof PhaseNotOpenError) {
      throw new AppError(AppErrorCode.PHASE_CLOSED, { message: phaseClosedMessage(phase, new Date()) });
    }
    throw error;
  }

  try {
    await enqueueScoring(created.id);
  } catch (error) {
    // The row stays queued; a worker's reclaim pass re-sends its job.
    console.error(`[submission] could not enqueue ${created.id}:`, error);
  }
  return created;
}
