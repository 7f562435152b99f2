import type { ChallengeRecord } from "../../repositories/challenge-repository";
import { openedStageTestSets } from "./stage-test-set";

/**
 * The only blobs a challenge serves publicly, by name. The hidden truth is never among them:
 * downloads are looked up here, never by a key taken from the request. A stage with test
 * images of its own adds its test.zip and sample submission once it opens, not before.
 */
export function challengeDownloads(
  challenge: Pick<ChallengeRecord, "sampleSubmissionKey" | "trainingZipKey" | "testImagesZipKey" | "taskType" | "exampleModelKey" | "phases">,
  now: Date,
) {
  const segmentation = challenge.taskType === "instance_segmentation";
  const files: Array<{ name: string; label: string; key: string; contentType: string }> = [];
  if (challenge.trainingZipKey) {
    files.push({ name: "train.zip", label: segmentation ? "Training images with one mask per object, and metadata (zip)" : "Training images (four channels) with labels in train.csv, and metadata (zip)", key: challenge.trainingZipKey, contentType: "application/zip" });
  }
  if (challenge.testImagesZipKey) {
    files.push({ name: "test.zip", label: segmentation ? "Test images, without masks (zip)" : "Test images (four channels), without labels (zip)", key: challenge.testImagesZipKey, contentType: "application/zip" });
  }
  if (challenge.sampleSubmissionKey) {
    files.push({ name: "sample_submission.csv", label: "Sample submission (CSV)", key: challenge.sampleSubmissionKey, contentType: "text/csv" });
  }
  for (const { phase, stage, dataset } of openedStageTestSets(challenge.phases, now)) {
    if (dataset.testImagesZipKey) {
      files.push({ name: `stage-${stage}-test.zip`, label: `${phase.name}: its own test images, without ${segmentation ? "masks" : "labels"} (zip)`, key: dataset.testImagesZipKey, contentType: "application/zip" });
    }
    if (dataset.sampleSubmissionKey) {
      files.push({ name: `stage-${stage}-sample_submission.csv`, label: `${phase.name}: sample submission for its test images (CSV)`, key: dataset.sampleSubmissionKey, contentType: "text/csv" });
    }
  }
  if (challenge.exampleModelKey) {
    files.push({ name: "example_model.onnx", label: "Example ONNX model that satisfies the model contract (the baseline)", key: challenge.exampleModelKey, contentType: "application/octet-stream" });
  }
  return files;
}
