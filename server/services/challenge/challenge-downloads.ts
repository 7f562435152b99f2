import type { ChallengeRecord } from "../../repositories/challenge-repository";

/**
 * The only blobs a challenge serves publicly, by name. The hidden truth is never among them:
 * downloads are looked up here, never by a key taken from the request.
 */
export function challengeDownloads(
  challenge: Pick<ChallengeRecord, "sampleSubmissionKey" | "trainingZipKey" | "testImagesZipKey">,
) {
  const files: Array<{ name: string; label: string; key: string; contentType: string }> = [];
  if (challenge.trainingZipKey) {
    files.push({ name: "train.zip", label: "Training images with masks (zip)", key: challenge.trainingZipKey, contentType: "application/zip" });
  }
  if (challenge.testImagesZipKey) {
    files.push({ name: "test.zip", label: "Test images, no masks (zip)", key: challenge.testImagesZipKey, contentType: "application/zip" });
  }
  if (challenge.sampleSubmissionKey) {
    files.push({ name: "sample_submission.csv", label: "Sample submission (CSV)", key: challenge.sampleSubmissionKey, contentType: "text/csv" });
  }
  return files;
}
