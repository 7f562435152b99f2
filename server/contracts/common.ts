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

export const ZId = z.string().min(1).max(100);

/** The signed-in user as procedures see it (from a session or an API token). */
export const ZSessionUser = z.object({
  id: ZId,
  email: z.string(),
  name: z.string(),
  role: ZRole,
});
export type SessionUser = z.infer<typeof ZSessionUser>;
