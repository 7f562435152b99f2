// What the parent asks the sandboxed process (JSON on its stdin) and what it answers (one
// frame on fd 3, see sandbox-frame.ts). Paths in a request are the sandbox's own (/in/…),
// never the server's: the parent binds the files there and rewrites the request. Each
// message is one zod schema, used by both sides: the child parses every request, the
// parent every reply, and the TypeScript types are inferred from the schemas.
import fs from "node:fs";
import { z } from "zod";
import { describeZodIssues } from "../contracts/common";
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
  /**
   * A host's custom scorer instead of the registry's `scorerId`: its module (CommonJS text,
   * compiled at upload), run in a context of its own inside this process.
   */
  customScorer: z.object({ modulePath: z.string() }).optional(),
});
export type SandboxRequest = z.infer<typeof ZSandboxRequestSchema>;

/** Loads a custom scorer's module and answers with what it declares (id, version, outputs, params). */
const ZDescribeScorerRequestSchema = z.object({
  mode: z.literal("describe-scorer"),
  modulePath: z.string(),
});
export type DescribeScorerRequest = z.infer<typeof ZDescribeScorerRequestSchema>;

/** Either request the prediction-file child takes (a describe request is told by its `mode`). */
export const ZScorerChildRequestSchema = z.union([ZDescribeScorerRequestSchema, ZSandboxRequestSchema]);

/** Upload-time check of a model: untrusted bytes go into onnxruntime only inside the sandbox. */
const ZInspectRequestSchema = z.object({
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

/** Either request: the model child takes both (an inspect request is told by its `mode`). */
export const ZAnySandboxRequestSchema = z.union([ZInspectRequestSchema, ZSandboxRequestSchema]);

/** How long a model evaluation took, reported next to its score. */
const ZModelTimingSchema = z.object({
  images: z.number().int().min(0),
  loadMs: z.number().min(0),
  inferenceMs: z.number().min(0),
  loopMs: z.number().min(0),
  imagesPerSecond: z.number().min(0),
});

/**
 * A scorer's report (scorers/types.ts ScoreReport): the fields the server reads are checked,
 * the breakdowns (per item, class, threshold) pass through as they are. A score that is
 * not a number arrives as null (JSON has no NaN).
 */
const ZScoredReportSchema = z.looseObject({
  scorerId: z.string(),
  scorerVersion: z.string(),
  score: z.number().nullable(),
  public: z.number().nullable(),
  private: z.number().nullable(),
  outputs: z.record(z.string(), z.number().nullable()),
  model: ZModelTimingSchema.optional(),
});

export const ZSandboxReplySchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("scored"), report: ZScoredReportSchema }),
  z.object({
    kind: z.literal("rejected"),
    rejection: z.object({ message: z.string(), line: z.number().optional(), imageId: z.string().optional() }),
  }),
  /** The scorer refused the hidden truth or the params: the host's problem, not the submitter's. */
  z.object({ kind: z.literal("config-error"), message: z.string() }),
  /** The participant's model failed to run (message safe to show). */
  z.object({ kind: z.literal("model-error"), message: z.string() }),
  z.object({ kind: z.literal("inspected"), problems: z.array(z.string()) }),
  /** A custom scorer's declaration, as its module exports it (checked by the parent). */
  z.object({ kind: z.literal("described"), declaration: z.unknown() }),
]);
export type SandboxReply = z.infer<typeof ZSandboxReplySchema>;

/** Parses a message with its schema; a malformed one throws, naming each field that is wrong. */
export function parseSandboxMessage<S extends z.ZodType>(schema: S, raw: unknown, what: "request" | "reply"): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new Error(`malformed sandbox ${what}: ${describeZodIssues(parsed.error, what, 10)}`);
  return parsed.data;
}

/**
 * Child side: the whole request, read from stdin (a pipe, never a file in the sandbox) and
 * parsed; a malformed one throws (the child crashes and the parent reports the message).
 */
export async function readSandboxRequest<S extends z.ZodType>(schema: S): Promise<z.infer<S>> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new Error("malformed sandbox request: not JSON");
  }
  return parseSandboxMessage(schema, raw, "request");
}

/** Child side: the one reply, written synchronously so it is complete before the process exits. */
export function writeSandboxReply(message: SandboxReply): void {
  const frame = encodeFrame(message);
  let written = 0;
  while (written < frame.byteLength) written += fs.writeSync(REPLY_FD, frame, written, frame.byteLength - written);
}
