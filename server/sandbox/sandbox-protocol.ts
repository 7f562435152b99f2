// What the parent asks the sandboxed process (JSON on its stdin) and what it answers (one
// frame on fd 3, see sandbox-frame.ts). Paths in a request are the sandbox's own (/in/…),
// never the server's: the parent binds the files there and rewrites the request.
import fs from "node:fs";
import { z } from "zod";
import { encodeFrame, REPLY_FD } from "./sandbox-frame";

/** An ONNX model run on the hidden test images: the images the child may read, per image id. */
const ZModelRunSchema = z.object({
  /** The challenge's model contract (validated again in the child). */
  contract: z.unknown(),
  intraOpThreads: z.number().int().min(1).max(16),
  /** Segmentation: { image }; classification: { red, green, blue, yellow } (absolute paths). */
  items: z.array(z.object({ imageId: z.string(), paths: z.record(z.string(), z.string()) })),
});

export const ZSandboxRequestSchema = z.object({
  scorerId: z.string(),
  params: z.unknown(),
  truthPath: z.string(),
  /** The uploaded file: a predictions file, or the model when `model` is set. */
  submissionPath: z.string(),
  model: ZModelRunSchema.optional(),
});
export type SandboxRequest = z.infer<typeof ZSandboxRequestSchema>;

/** Upload-time check of a model: untrusted bytes go into onnxruntime only inside the sandbox. */
export const ZInspectRequestSchema = z.object({
  mode: z.literal("inspect"),
  modelPath: z.string(),
  contract: z.unknown(),
  maxBytes: z.number().int(),
  /**
   * Where the child writes the canonical re-encoding of the model it checked: the bytes that
   * are stored and later run (set by the parent; the only path the child may write).
   */
  outPath: z.string().optional(),
});
export type InspectRequest = z.infer<typeof ZInspectRequestSchema>;

export const ZSandboxReplySchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("scored"), report: z.record(z.string(), z.unknown()) }),
  z.object({
    kind: z.literal("rejected"),
    rejection: z.object({ message: z.string(), line: z.number().optional(), imageId: z.string().optional() }),
  }),
  /** The scorer refused the hidden truth or the params: the host's problem, not the submitter's. */
  z.object({ kind: z.literal("config-error"), message: z.string() }),
  /** The participant's model failed to run (message safe to show). */
  z.object({ kind: z.literal("model-error"), message: z.string() }),
  z.object({ kind: z.literal("inspected"), problems: z.array(z.string()) }),
]);
export type SandboxReply = z.infer<typeof ZSandboxReplySchema>;

/** Child side: the whole request, read from stdin (a pipe, never a file in the sandbox). */
export async function readSandboxRequest(): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

/** Child side: the one reply, written synchronously so it is complete before the process exits. */
export function writeSandboxReply(message: SandboxReply): void {
  const frame = encodeFrame(message);
  let written = 0;
  while (written < frame.byteLength) written += fs.writeSync(REPLY_FD, frame, written, frame.byteLength - written);
}
