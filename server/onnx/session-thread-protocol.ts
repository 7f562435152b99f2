// Messages between the evaluation loop and its onnxruntime worker thread (session-thread.ts).
// Each is one zod schema used on both sides: the thread parses every request, the loop every
// reply, and the TypeScript types are inferred from the schemas. Buffers travel as
// transferred ArrayBuffers, so a schema checks their kind, not their contents.
import { z } from "zod";
import { describeZodIssues } from "../contracts/common";

const ZIdSchema = z.number().int().min(0);
const ZBufferSchema = z.instanceof(ArrayBuffer, { message: "expected an ArrayBuffer" });

/** The session options the loop uses (run-model.ts evaluationSessionOptions); a subset of onnxruntime's. */
const ZThreadSessionOptionsSchema = z.object({
  intraOpNumThreads: z.number().int().min(1),
  interOpNumThreads: z.number().int().min(1),
  executionMode: z.enum(["sequential", "parallel"]),
  graphOptimizationLevel: z.enum(["disabled", "basic", "extended", "layout", "all"]),
  logSeverityLevel: z.literal([0, 1, 2, 3, 4]),
});
export type ThreadSessionOptions = z.infer<typeof ZThreadSessionOptionsSchema>;

const ZThreadRequestSchema = z.discriminatedUnion("type", [
  /** Create the session from the model's bytes. */
  z.object({ type: z.literal("load"), id: ZIdSchema, model: ZBufferSchema, options: ZThreadSessionOptionsSchema }),
  /** Run one batch: the first `length` float32 values of `data`, shaped `dims`. */
  z.object({
    type: z.literal("run"),
    id: ZIdSchema,
    inputName: z.string().min(1),
    outputName: z.string().min(1),
    data: ZBufferSchema,
    length: z.number().int().min(0),
    dims: z.array(z.number().int().min(1)).min(1),
    /** A buffer for the output, used when big enough. */
    spare: ZBufferSchema.optional(),
  }),
  z.object({ type: z.literal("release"), id: ZIdSchema }),
]);
export type ThreadRequest = z.infer<typeof ZThreadRequestSchema>;

/** An output tensor's values: a typed array (numbers or bigints) or, for string tensors, strings. */
const ZTensorDataSchema = z.custom<ArrayBufferView | string[]>((value) => ArrayBuffer.isView(value) || Array.isArray(value), {
  message: "expected a typed array or an array of strings",
});

const ZThreadReplySchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("loaded"),
    id: ZIdSchema,
    /** The model's declared inputs (symbolic dims as strings). */
    inputs: z.array(z.object({ name: z.string(), shape: z.array(z.union([z.number(), z.string()])) })),
  }),
  z.object({
    type: z.literal("ran"),
    id: ZIdSchema,
    data: ZTensorDataSchema,
    dims: z.array(z.number().int().min(0)),
    /** Time inside session.run, in the thread. */
    ms: z.number().min(0),
    /** The input's buffer, handed back for the next batch. */
    input: ZBufferSchema,
  }),
  z.object({ type: z.literal("released"), id: ZIdSchema }),
  /** `id` is null when the request was too malformed to name one. */
  z.object({ type: z.literal("failed"), id: ZIdSchema.nullable(), error: z.string() }),
]);
export type ThreadReply = z.infer<typeof ZThreadReplySchema>;

export type ParsedMessage<T> = { ok: true; value: T } | { ok: false; error: string };

function parseWith<S extends z.ZodType>(schema: S, raw: unknown, what: string): ParsedMessage<z.infer<S>> {
  const parsed = schema.safeParse(raw);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: `malformed ${what}: ${describeZodIssues(parsed.error, "message", 10)}` };
}

/** Thread side: a request from the loop. */
export const parseThreadRequest = (raw: unknown) => parseWith(ZThreadRequestSchema, raw, "request to the inference thread");

/** Loop side: a reply from the thread. */
export const parseThreadReply = (raw: unknown) => parseWith(ZThreadReplySchema, raw, "reply from the inference thread");

/** The id of a request that failed to parse, if it has a usable one (so its caller gets the error). */
export function requestIdOf(raw: unknown): number | null {
  const id = typeof raw === "object" && raw !== null ? (raw as { id?: unknown }).id : undefined;
  return ZIdSchema.safeParse(id).success ? (id as number) : null;
}
