import { z } from "zod";

export const ZRole = z.enum(["participant", "host", "admin"]);
export type Role = z.infer<typeof ZRole>;

export const ZSubmissionKind = z.enum(["prediction_csv", "onnx_model"]);
export type SubmissionKind = z.infer<typeof ZSubmissionKind>;

export const ZSubmissionStatus = z.enum(["queued", "running", "scored", "failed", "cancelled"]);
export type SubmissionStatus = z.infer<typeof ZSubmissionStatus>;

export const ZSlug = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9][a-z0-9-]*$/, "lowercase letters, digits and dashes");

export const ZId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_-]+$/, "letters, digits, dashes and underscores");

/** The signed-in user as procedures see it (from a session or an API token). */
export const ZSessionUser = z.object({
  id: ZId,
  email: z.string(),
  name: z.string(),
  role: ZRole,
});
export type SessionUser = z.infer<typeof ZSessionUser>;

/**
 * Control characters (NUL above all: PostgreSQL refuses it in text) never belong in text a
 * client sends; tab, newline and carriage return do in multi-line text (markdown pages).
 */
const SINGLE_LINE_CONTROL = /[\u0000-\u001F\u007F-\u009F]/;
const MULTI_LINE_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/**
 * Every string a client sends is one of these (or a stricter regex-checked string), so bad
 * bytes are refused at the edge with a message naming the field, not by the database.
 */
export function zText(options: { max: number; min?: number; multiline?: boolean }) {
  const control = options.multiline ? MULTI_LINE_CONTROL : SINGLE_LINE_CONTROL;
  return z
    .string()
    .min(options.min ?? 0)
    .max(options.max)
    .refine((value) => !control.test(value), {
      message: options.multiline ? "must not contain control characters (NUL and the like)" : "must not contain control characters (NUL, tab, newline and the like)",
    });
}
