// Application errors: services throw these and never import tRPC. The tRPC error formatter
// (server/api/trpc.ts) maps codes to tRPC codes once.
export const AppErrorCode = {
  NOT_FOUND: "NOT_FOUND",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  INVALID_INPUT: "INVALID_INPUT",
  CONFLICT: "CONFLICT",
  PHASE_CLOSED: "PHASE_CLOSED",
  QUOTA_EXCEEDED: "QUOTA_EXCEEDED",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  INTERNAL: "INTERNAL",
} as const;

export type AppErrorCode = (typeof AppErrorCode)[keyof typeof AppErrorCode];

export class AppError extends Error {
  readonly code: AppErrorCode;

  constructor(code: AppErrorCode, options: { message: string; cause?: unknown }) {
    super(options.message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
