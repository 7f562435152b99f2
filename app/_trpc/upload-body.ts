// Builds the octet body of submission.create: header frame + the file, without copying the
// file into memory (Blob concatenation is lazy in browsers and in Node).
import type { SubmissionUploadHeader } from "@/server/contracts/submission";
import { encodeUploadHeader } from "@/server/services/submission/upload-frame";

export function uploadBody(header: Omit<SubmissionUploadHeader, "kind"> & { kind?: SubmissionUploadHeader["kind"] }, file: Blob): Blob {
  const frame = encodeUploadHeader(header);
  return new Blob([frame.buffer as ArrayBuffer, file], { type: "application/octet-stream" });
}
