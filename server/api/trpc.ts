// The one tRPC setup file: context, initialization, procedures.
import { initTRPC, TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import superjson from "superjson";
import { ZodError } from "zod";
import { describeZodIssues, type SessionUser } from "../contracts/common";
import { AppError, AppErrorCode } from "../errors";
import { childLogger } from "../log";
import { requestIdFrom } from "./request-id";
import { resolveApiToken } from "../services/token/resolve-api-token";

// 1. Context -----------------------------------------------------------------------------

export interface TRPCContext {
  session: { user: SessionUser } | null;
  /** Set when the request carried an Authorization header that did not resolve. */
  badToken: boolean;
  /** The HTTP request's id (x-request-id), so errors logged for it can be found; absent for server-side callers. */
  requestId?: string;
}

/**
 * `Authorization: Bearer <api token>` (the CLI) wins over the browser session cookie.
 * `resolveSession` reads the next-auth session; it is passed in so this file has no Next
 * dependency and tests can build contexts directly.
 */
export async function createTRPCContext(opts: {
  headers: Headers;
  resolveSession: () => Promise<SessionUser | null>;
  requestId?: string;
}): Promise<TRPCContext> {
  const requestId = opts.requestId ?? requestIdFrom(opts.headers);
  const authorization = opts.headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const user = match?.[1] ? await resolveApiToken(match[1]) : null;
    return { session: user ? { user } : null, badToken: !user, requestId };
  }
  const user = await opts.resolveSession();
  return { session: user ? { user } : null, badToken: false, requestId };
}

// 2. Initialization ------------------------------------------------------------------------

const APP_TO_TRPC: Record<AppErrorCode, TRPC_ERROR_CODE_KEY> = {
  NOT_FOUND: "NOT_FOUND",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  INVALID_INPUT: "BAD_REQUEST",
  CONFLICT: "CONFLICT",
  PHASE_CLOSED: "PRECONDITION_FAILED",
  QUOTA_EXCEEDED: "TOO_MANY_REQUESTS",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  INTERNAL: "INTERNAL_SERVER_ERROR",
};

const t = initTRPC.context<TRPCContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const appCode = error.cause instanceof AppError ? error.cause.code : null;
    const zodError = error.cause instanceof ZodError ? error.cause.flatten() : null;
    return {
      ...shape,
      data: { code: shape.data.code, httpStatus: shape.data.httpStatus, path: shape.data.path, appCode, zodError },
    };
  },
});

/** Converts AppErrors to tRPC errors once, and never lets an unknown error's text out. */
const log = childLogger({ role: "site" });

const errorBoundary = t.middleware(async ({ next, path, ctx }) => {
  const result = await next();
  if (result.ok) return result;
  const error = result.error;
  const cause = error.cause;
  if (cause instanceof AppError) {
    throw new TRPCError({ code: APP_TO_TRPC[cause.code], message: cause.message, cause });
  }
  if (cause instanceof ZodError && error.code === "BAD_REQUEST") {
    // zod's own message is its issues as JSON; this one names each field and its problem.
    throw new TRPCError({ code: "BAD_REQUEST", message: `Invalid input: ${describeZodIssues(cause)}.`, cause });
  }
  if (error.code === "INTERNAL_SERVER_ERROR") {
    log.error({ requestId: ctx.requestId, path, err: cause ?? error }, `tRPC ${path} failed`);
    throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "Something went wrong on our side. Please try again." });
  }
  return result;
});

// 3. Procedures ------------------------------------------------------------------------------

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

export const publicProcedure = t.procedure.use(errorBoundary);

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.session?.user) {
    throw new TRPCError({
      code: "UNAUTHORIZED",
      message: ctx.badToken ? "Invalid or revoked API token." : "Sign in first.",
    });
  }
  return next({ ctx: { session: { ...ctx.session, user: ctx.session.user } } });
});

export const hostProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (ctx.session.user.role !== "host" && ctx.session.user.role !== "admin") {
    throw new TRPCError({ code: "FORBIDDEN", message: "Only challenge hosts can do this." });
  }
  return next();
});

/** @public The admin tier of the procedure set (STYLE.md), kept for admin routes. */
export const adminProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (ctx.session.user.role !== "admin") {
    throw new TRPCError({ code: "FORBIDDEN", message: "Only administrators can do this." });
  }
  return next();
});
