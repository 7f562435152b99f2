import { z } from "zod";

export const ZRole = z.enum(["participant", "host", "admin"]);
export type Role = z.infer<typeof ZRole>;

export const ZSubmissionKind = z.enum(["prediction_csv", "onnx_model"]);

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
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

/**
 * Control characters (NUL above all: PostgreSQL refuses it in text) never belong in text a
 * client sends; tab, newline and carriage return do in multi-line text (markdown pages).
 */
const SINGLE_LINE_CONTROL = /[\u0000-\u001F\u007F-\u009F]/;
const MULTI_LINE_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** Half a surrogate pair: not Unicode text, and jsonb refuses its JSON escape ("\ud800"). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATE_MESSAGE = "must be valid Unicode text (it holds half of a surrogate pair)";

/**
 * Every string a client sends is one of these (or a stricter regex-checked string), so bad
 * bytes are refused at the edge with a message naming the field, not by the database.
 */
export function zText(options: { max: number; min?: number; multiline?: boolean; trim?: boolean }) {
  const control = options.multiline ? MULTI_LINE_CONTROL : SINGLE_LINE_CONTROL;
  // Trimming first, so " " does not pass min: 1.
  return (options.trim ? z.string().trim() : z.string())
    .min(options.min ?? 0)
    .max(options.max)
    .refine((value) => !control.test(value), {
      message: options.multiline ? "must not contain control characters (NUL and the like)" : "must not contain control characters (NUL, tab, newline and the like)",
    })
    .refine((value) => !LONE_SURROGATE.test(value), { message: LONE_SURROGATE_MESSAGE });
}

/**
 * A file name as a client sends it: only a display name, so any directories are stripped;
 * what is left must still name a file (not "", ".", ".." or blanks), or the upload is
 * refused with a message naming the field rather than stored under an empty name.
 */
export function zFilename(options: { max: number } = { max: 255 }) {
  return zText({ min: 1, max: options.max })
    .transform((value) => (value.split(/[\\/]/).pop() ?? "").trim())
    .refine((name) => name.length > 0 && !/^[.\s]+$/.test(name), {
      message: "must name a file (it is empty, or only dots and blanks, once directories are stripped)",
    });
}

const MAX_JSON_DEPTH = 8;
const MAX_JSON_NODES = 2_000;

/** The first problem in a free-form JSON value from a client, or null (see zJsonValue). */
function jsonValueProblem(value: unknown): string | null {
  let nodes = 0;
  const visit = (v: unknown, depth: number): string | null => {
    nodes += 1;
    if (nodes > MAX_JSON_NODES) return `must have at most ${MAX_JSON_NODES} values`;
    if (depth > MAX_JSON_DEPTH) return `must be nested at most ${MAX_JSON_DEPTH} levels deep`;
    if (typeof v === "string") {
      if (SINGLE_LINE_CONTROL.test(v)) return "must not contain control characters (NUL and the like) in any text";
      return LONE_SURROGATE.test(v) ? LONE_SURROGATE_MESSAGE : null;
    }
    if (typeof v === "number") return Number.isFinite(v) ? null : "must contain only finite numbers";
    if (v === null || typeof v === "boolean") return null;
    if (Array.isArray(v)) {
      for (const item of v) {
        const problem = visit(item, depth + 1);
        if (problem) return problem;
      }
      return null;
    }
    if (typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
      for (const [key, item] of Object.entries(v)) {
        if (SINGLE_LINE_CONTROL.test(key) || LONE_SURROGATE.test(key) || key.length > 200) return "must have keys of at most 200 characters of printable text";
        const problem = visit(item, depth + 1);
        if (problem) return problem;
      }
      return null;
    }
    // Dates, Maps, BigInts… (superjson can send them) are not JSON; the database would refuse or mangle them.
    return "must be plain JSON (objects, arrays, text, numbers, booleans)";
  };
  return visit(value, 0);
}

/**
 * Free-form JSON a client sends (metric parameters, a model contract): it is stored as jsonb,
 * which refuses NUL in text just as text columns do, so the same rule applies at every depth.
 */
export function zJsonValue() {
  return z.unknown().superRefine((value, ctx) => {
    const problem = jsonValueProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
}

/**
 * Most procedures one batched tRPC request may call. The site's client batches a few queries
 * per page (and is set to this limit); an unbounded batch let one anonymous GET run 1,000.
 */
export const MAX_TRPC_BATCH_SIZE = 10;

/** "slug: must not contain control characters; page: Too small…": each problem with the field it is in. */
export function describeZodIssues(error: z.ZodError, whole = "input", limit = 5): string {
  const problems = error.issues.slice(0, limit).map((issue) => `${issue.path.map(String).join(".") || whole}: ${issue.message}`);
  const more = error.issues.length > limit ? ` (and ${error.issues.length - limit} more)` : "";
  return `${problems.join("; ")}${more}`;
}

/**
 * A date a client sets (phase start and end). JavaScript dates reach 271,821 BC, PostgreSQL's
 * timestamps only 4713 BC, so out-of-range dates are refused here rather than by the database.
 */
export function zDate() {
  const message = "must be a date in the years 2000 to 9999";
  return z.date().min(new Date(Date.UTC(2000, 0, 1)), message).max(new Date(Date.UTC(9999, 11, 31, 23, 59, 59)), message);
}

/** An ImageId of an imported dataset (file names, Kaggle hashes): any printable text. */
export const ZImageId = zText({ min: 1, max: 200 });
