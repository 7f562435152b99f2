// What the parent asks the sandboxed process, and what it prints on its last stdout line.
import { z } from "zod";

/** An ONNX model run on the hidden test images: the images the child may read, per image id. */
export const ZModelRunSchema = z.object({
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
export const ZInspectRequestSchema = z.object({ mode: z.literal("inspect"), modelPath: z.string(), contract: z.unknown(), maxBytes: z.number().int() });
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

export const REPLY_MARKER = "@@scopebench-reply@@";
