// The JSON error answer of the plain route handlers (downloads, images): the same AppError
// codes as tRPC (server/api/trpc.ts), as HTTP statuses, and never an unknown error's text.
import type { z } from "zod";
import { describeZodIssues } from "../contracts/common";
import { AppError, AppErrorCode } from "../errors";
import { childLogger } from "../log";

const log = childLogger({ role: "site" });

const APP_TO_HTTP = {
  NOT_FOUND: 404,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  INVALID_INPUT: 400,
  CONFLICT: 409,
  PHASE_CLOSED: 412,
  QUOTA_EXCEEDED: 429,
  PAYLOAD_TOO_LARGE: 413,
  INTERNAL: 500,
} as const satisfies Record<AppErrorCode, number>;

export function errorResponse(error: unknown, where: string): Response {
  if (error instanceof AppError) {
    return Response.json({ error: error.message, code: error.code }, { status: APP_TO_HTTP[error.code] });
  }
  log.error({ where, err: error }, `route ${where} failed`);
  return Response.json({ error: "Something went wrong on our side. Please try again.", code: AppErrorCode.INTERNAL }, { status: 500 });
}

/** Route parameters checked before anything else runs; the problem named per parameter. */
export function parseRouteParams<T extends z.ZodType>(schema: T, params: unknown): z.infer<T> {
  const parsed = schema.safeParse(params);
  if (parsed.success) return parsed.data;
  throw new AppError(AppErrorCode.INVALID_INPUT, { message: `Bad address: ${describeZodIssues(parsed.error, "address")}.` });
}
