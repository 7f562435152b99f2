// What the sandboxed scorer process prints on its last stdout line.
import { z } from "zod";

export const ZSandboxRequestSchema = z.object({
  scorerId: z.string(),
  params: z.unknown(),
  truthPath: z.string(),
  submissionPath: z.string(),
});
export type SandboxRequest = z.infer<typeof ZSandboxRequestSchema>;

export const ZSandboxReplySchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("scored"), report: z.record(z.string(), z.unknown()) }),
  z.object({
    kind: z.literal("rejected"),
    rejection: z.object({ message: z.string(), line: z.number().optional(), imageId: z.string().optional() }),
  }),
  /** The scorer refused the hidden truth or the params: the host's problem, not the submitter's. */
  z.object({ kind: z.literal("config-error"), message: z.string() }),
]);
export type SandboxReply = z.infer<typeof ZSandboxReplySchema>;

export const REPLY_MARKER = "@@scopebench-reply@@";
