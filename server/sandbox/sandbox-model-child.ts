// The sandbox process for ONNX models (a separate bundle from the prediction-file scorer's,
// which needs no native addon): checks an uploaded model in onnxruntime, or runs it on the
// hidden test images and scores its predictions as they come. Reads the request on stdin,
// writes one reply frame on fd 3; anything unexpected is left to crash, and the parent
// turns that into a clean `failed`. onnxruntime only ever gets the canonical re-encoding of
// the ModelProto the checks decoded (inspect-model.ts), never the bytes as uploaded.
import fs from "node:fs";
import { isMainThread } from "node:worker_threads";
import { encodeInstanceRle } from "../../scorers/instance-seg/rle";
import { startRun, type ScoringRun } from "../../scorers/run";
import { inspectCanonicalModel, participantSafeError } from "../onnx/inspect-model";
import { ZModelContractSchema } from "../onnx/model-contract";
import { evaluateModel, type ClassificationItem, type ModelPrediction, type SegmentationItem } from "../onnx/run-model";
import { readSandboxRequest, writeSandboxReply as reply, ZAnySandboxRequestSchema, type SandboxRequest } from "./sandbox-protocol";

/** The prediction in the scorer's submission format, one CSV line per row. */
function predictionLines(prediction: ModelPrediction): string {
  if (prediction.task === "classification") return `${prediction.imageId},${prediction.labels.join(" ")}\n`;
  const present = new Set<number>();
  for (const label of prediction.labels) if (label !== 0) present.add(label);
  if (present.size === 0) return `${prediction.imageId},\n`;
  let lines = "";
  for (const label of [...present].sort((a, b) => a - b)) {
    lines += `${prediction.imageId},${encodeInstanceRle(prediction.labels, prediction.width, prediction.height, label)}\n`;
  }
  return lines;
}

async function runModel(request: SandboxRequest & { model: NonNullable<SandboxRequest["model"]> }, run: ScoringRun): Promise<void> {
  const contract = ZModelContractSchema.parse(request.model.contract);
  const header = contract.task === "segmentation" ? "ImageId,EncodedPixels\n" : "Id,Predicted\n";
  const first = run.push(header);
  if (first) return reply({ kind: "config-error", message: `the scorer refused the model's prediction format: ${first.message}` });
  // Images are read one at a time, as the loop asks for them.
  const items = (function* () {
    for (const item of request.model.items) {
      if (contract.task === "segmentation") yield { imageId: item.imageId, png: fs.readFileSync(item.paths.image ?? "") } satisfies SegmentationItem;
      else {
        const read = (channel: string) => fs.readFileSync(item.paths[channel] ?? "");
        yield { imageId: item.imageId, channels: { red: read("red"), green: read("green"), blue: read("blue"), yellow: read("yellow") } } satisfies ClassificationItem;
      }
    }
  })();
  // The stored blob is already canonical; it is decoded, checked and re-encoded once more so
  // that what runs is what was checked here, whatever happened to the file in between.
  const { result: inspected, canonical } = await inspectCanonicalModel(new Uint8Array(fs.readFileSync(request.submissionPath)), contract, {
    maxBytes: Number.MAX_SAFE_INTEGER,
  });
  if (!inspected.ok || !canonical) {
    const problems = inspected.ok ? [] : inspected.problems;
    return reply({ kind: "rejected", rejection: { message: `The model does not fit this challenge: ${problems.join(" ")}` } });
  }
  let rejection: ReturnType<ScoringRun["push"]> = null;
  let timing;
  try {
    timing = await evaluateModel({
      modelBytes: canonical,
      contract,
      items,
      intraOpThreads: request.model.intraOpThreads,
      onImage: (prediction) => {
        rejection ??= run.push(predictionLines(prediction));
      },
    });
  } catch (error) {
    return reply({ kind: "model-error", message: participantSafeError(error) });
  }
  if (rejection) return reply({ kind: "rejected", rejection });
  const result = run.end();
  if (!result.ok) return reply({ kind: "rejected", rejection: result.error });
  reply({
    kind: "scored",
    report: {
      ...result.value,
      model: { images: timing.images, loadMs: Math.round(timing.loadMs), inferenceMs: Math.round(timing.inferenceMs), loopMs: Math.round(timing.loopMs), imagesPerSecond: timing.imagesPerSecond },
    },
  });
}

async function main(): Promise<void> {
  const request = await readSandboxRequest(ZAnySandboxRequestSchema);
  if ("mode" in request) {
    const contract = ZModelContractSchema.parse(request.contract);
    const { result, canonical } = await inspectCanonicalModel(new Uint8Array(fs.readFileSync(request.modelPath)), contract, {
      maxBytes: request.maxBytes,
    });
    // The parent stores these bytes, not the upload, as the submission's model.
    if (result.ok && canonical && request.outPath) fs.writeFileSync(request.outPath, canonical);
    return reply({ kind: "inspected", problems: result.ok ? [] : result.problems });
  }
  const truthText = fs.readFileSync(request.truthPath, "utf8");
  const started = startRun(request.scorerId, truthText, request.params);
  if (!started.ok) {
    reply({ kind: "config-error", message: started.error.message });
    return;
  }
  if (!request.model) throw new Error("the model sandbox was started without a model");
  return runModel({ ...request, model: request.model }, started.value);
}

// The inference thread loads this same bundle (server/onnx/session-thread.ts); there, only
// the thread's own code runs.
if (isMainThread) await main();
