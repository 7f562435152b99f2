import crypto from "node:crypto";
import { teamRepository } from "../../repositories/team-repository";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { blobKeys, BlobTooLargeError, getBlobStore, type BlobStore } from "../../blob";
import { describeZodIssues, type SessionUser } from "../../contracts/common";
import { ZSubmissionUploadHeaderSchema } from "../../contracts/submission";
import { env } from "../../env";
import { AppError, AppErrorCode } from "../../errors";
import { formatMegabytes } from "../../onnx/check-model";
import { ZModelContractSchema } from "../../onnx/model-contract";
import { enqueueScoring } from "../../queue/scoring-queue";
import { childLogger } from "../../log";
import { checkUploadedModel } from "../../sandbox/model-upload-check";
import {
  ModelInFlightError,
  PhaseNotOpenError,
  QuotaExhaustedError,
  submissionRepository,
  TeamChangedError,
} from "../../repositories/submission-repository";
import { findVisibleChallenge } from "../challenge/find-challenge";
import { resolvePhase, phaseClosedMessage, quotaMessage } from "./resolve-phase";
import { readUploadFrame, UploadFrameError } from "../../contracts/upload-frame";

/**
 * One model at a time per participant and phase: a model can hold a worker for the whole
 * time limit, so a second one waits until the first has finished (and uses no quota).
 */
const MODEL_IN_FLIGHT_MESSAGE =
  "You already have a model queued or running in this phase. Wait until it has finished before submitting another; this upload used none of your quota.";

/**
 * Checks the uploaded model in the sandbox and replaces it in the store by the canonical
 * re-encoding the check produced (the bytes that will run). Returns what was stored; throws
 * a participant-safe AppError (having removed everything) when the model is refused.
 */
async function storeCheckedModel(store: BlobStore, input: { uploadKey: string; key: string; filename: string; contract: unknown }) {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "scopebench-model-check-"));
  const canonicalPath = path.join(workDir, "model.onnx");
  try {
    const checked = await store.withLocalFiles(async (localPath) =>
      checkUploadedModel({ contract: input.contract, uploadPath: await localPath(input.uploadKey), canonicalPath }),
    );
    if (!checked.ok) {
      if ("unavailable" in checked) {
        childLogger({ role: "site", component: "submission" }).error({ detail: checked.detail }, "model check unavailable");
        throw new AppError(AppErrorCode.INTERNAL, { message: "Models cannot be checked on this server right now; the hosts have been told. Nothing was stored." });
      }
      throw new AppError(AppErrorCode.INVALID_INPUT, { message: `${input.filename} does not fit this challenge: ${checked.problems.join(" ")}` });
    }
    // Canonical bytes can exceed the upload slightly (packed fields written out); the
    // sandbox's memory limit bounds them in any case.
    return await store.putStream(input.key, fs.createReadStream(canonicalPath), { maxBytes: 4 * env.MAX_MODEL_BYTES });
  } finally {
    await store.delete(input.uploadKey);
    fs.rmSync(workDir, { recursive: true, force: true });
  }
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
    throw new AppError(AppErrorCode.INVALID_INPUT, { message: `Bad upload header: ${describeZodIssues(parsedHeader.error, "header", Infinity)}` });
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
  if (phase.committedModels) {
    throw new AppError(AppErrorCode.CONFLICT, {
      message: `${phase.name} takes no uploads: its board holds only the models committed in the phase before it, which the platform ran on its test images when it opened.`,
    });
  }

  // A team member submits for the team: its account holds the quota and the board entry.
  const entrant = await teamRepository.entrantOf(challenge.id, input.user.id);
  // Fail fast before reading a large body; the binding check happens under the lock below.
  const usage = await submissionRepository.quotaUsage(entrant, phase.id, phase.failedCountTowardsQuota, now);
  if (usage.usedTotal >= phase.totalQuota || usage.usedToday >= phase.dailyQuota) {
    throw new AppError(AppErrorCode.QUOTA_EXCEEDED, { message: quotaMessage(phase, usage) });
  }

  const isModel = header.kind === "onnx_model";
  if (isModel) {
    if (!ZModelContractSchema.safeParse(challenge.modelContract).success) {
      throw new AppError(AppErrorCode.INVALID_INPUT, { message: "This challenge's model contract is missing or broken; the hosts have been told." });
    }
    // Fail fast before reading the body; the binding check is under the quota lock below.
    if (!input.isBaseline && (await submissionRepository.countModelsInFlight(entrant, phase.id)) > 0) {
      throw new AppError(AppErrorCode.CONFLICT, { message: MODEL_IN_FLIGHT_MESSAGE });
    }
  }

  const id = crypto.randomUUID();
  const key = blobKeys.submission(id);
  // A model is streamed to a key of its own first: what is stored under `key` is only ever
  // the canonical re-encoding that passed the checks.
  const uploadKey = isModel ? blobKeys.modelUpload(id) : key;
  const maxBytes = isModel ? env.MAX_MODEL_BYTES : env.MAX_UPLOAD_BYTES;
  const store = getBlobStore();
  let stored;
  try {
    stored = await store.putStream(uploadKey, frame.body, { maxBytes });
  } catch (error) {
    if (error instanceof BlobTooLargeError) {
      throw new AppError(AppErrorCode.PAYLOAD_TOO_LARGE, {
        message: isModel
          ? `The model file is larger than this challenge's limit of ${formatMegabytes(maxBytes)}.`
          : `The file is larger than the limit of ${formatBytes(maxBytes)}.`,
      });
    }
    throw error;
  }
  if (stored.sizeBytes === 0) {
    await store.delete(uploadKey);
    throw new AppError(AppErrorCode.INVALID_INPUT, { message: `${header.filename} is empty.` });
  }
  if (isModel) stored = await storeCheckedModel(store, { uploadKey, key, filename: header.filename, contract: challenge.modelContract });

  let created;
  try {
    created = await submissionRepository.createWithinQuota({
      id,
      userId: entrant,
      submittedById: entrant === input.user.id ? null : input.user.id,
      challengeId: challenge.id,
      phaseId: phase.id,
      kind: header.kind,
      filename: header.filename,
      message: header.message ? header.message : null,
      blobKey: key,
      sizeBytes: stored.sizeBytes,
      sha256: stored.sha256,
      isBaseline: input.isBaseline ?? false,
    }, { oneModelInFlight: isModel && !input.isBaseline, submitter: input.user.id });
  } catch (error) {
    await store.delete(key);
    if (error instanceof TeamChangedError) throw new AppError(AppErrorCode.CONFLICT, { message: "Your team changed while the file was uploading; submit it again." });
    if (error instanceof ModelInFlightError) throw new AppError(AppErrorCode.CONFLICT, { message: MODEL_IN_FLIGHT_MESSAGE });
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
    childLogger({ role: "site", component: "submission" }).error({ submissionId: created.id, err: error }, "could not enqueue scoring");
  }
  return created;
}
