// The /api/trpc endpoint as a plain function of a Request, so tests call exactly what the
// route does. Requests tRPC itself would answer with a 500 or run at length are refused
// here first, with a tRPC-shaped 400 the client shows like any other error.
import { getErrorShape, TRPCError, transformTRPCResponse } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { MAX_TRPC_BATCH_SIZE, type SessionUser } from "../contracts/common";
import { BodyCache, CONDITIONAL_CACHE_CONTROL, etagMatches, leaderboardCalls, leaderboardEtag } from "./conditional-leaderboard";
import { REQUEST_ID_HEADER, requestIdFrom } from "./request-id";
import { appRouter } from "./root";
import { createTRPCContext, type TRPCContext } from "./trpc";

const TRPC_ENDPOINT = "/api/trpc";

/** Longest procedure part of the URL: ten calls of the longest path name fit many times over. */
const MAX_PATH_CHARS = 2_000;

function badRequest(message: string): Response {
  const config = appRouter._def._config;
  const error = new TRPCError({ code: "BAD_REQUEST", message });
  const shape = getErrorShape({ config, error, type: "unknown", path: undefined, input: undefined, ctx: undefined });
  return Response.json(transformTRPCResponse(config, { error: shape }), { status: 400 });
}

/** Why the request is refused before any procedure runs, or null. */
function requestProblem(req: Request): string | null {
  const url = new URL(req.url);
  const rawPath = url.pathname.slice(TRPC_ENDPOINT.length).replace(/^\/+|\/+$/g, "");
  let path: string;
  try {
    // tRPC decodes the path itself, outside its error handling: a bad escape would be a 500.
    path = decodeURIComponent(rawPath);
  } catch {
    return "The procedure path is not valid URL encoding.";
  }
  if (/[\u0000-\u001F\u007F]/.test(path)) return "The procedure path must not contain control characters (NUL and the like).";
  if (url.searchParams.get("batch") === "1") {
    const calls = path.split(",").length;
    if (calls > MAX_TRPC_BATCH_SIZE) {
      return `A batched request may call at most ${MAX_TRPC_BATCH_SIZE} procedures; this one calls ${calls}. Split it into several requests.`;
    }
  }
  if (rawPath.length > MAX_PATH_CHARS) return `The procedure path is longer than ${MAX_PATH_CHARS} characters.`;
  return null;
}

// 5,000 participants make a board of about 1 MB; a few dozen boards and views fit.
const leaderboardBodies = new BodyCache(64 * 1024 * 1024);

export async function handleTrpcRequest(req: Request, resolveSession: () => Promise<SessionUser | null>): Promise<Response> {
  // Set by proxy.ts on the site; made here when the handler is called on its own (tests).
  const requestId = requestIdFrom(req.headers);
  const problem = requestProblem(req);
  const response = problem ? badRequest(problem) : await answer(req, resolveSession, requestId);
  response.headers.set(REQUEST_ID_HEADER, requestId);
  return response;
}

async function answer(req: Request, resolveSession: () => Promise<SessionUser | null>, requestId: string): Promise<Response> {
  // The session is resolved once, whether the conditional check or the procedure asks first.
  let context: Promise<TRPCContext> | undefined;
  const createContext = () => (context ??= createTRPCContext({ headers: req.headers, resolveSession, requestId }));
  const run = () =>
    fetchRequestHandler({
      endpoint: TRPC_ENDPOINT,
      req,
      router: appRouter,
      // Also enforced by tRPC itself, should the check above ever be bypassed.
      maxBatchSize: MAX_TRPC_BATCH_SIZE,
      createContext,
    });

  const url = new URL(req.url);
  const calls = req.method === "GET" ? leaderboardCalls(url, decodeURIComponent(url.pathname.slice(TRPC_ENDPOINT.length).replace(/^\/+|\/+$/g, ""))) : null;
  if (!calls) return run();
  const ctx = await createContext();
  // Computed before the answer, so an answer is never older than its tag.
  const etag = await leaderboardEtag(calls, ctx.badToken ? null : (ctx.session?.user ?? null));
  if (!etag || ctx.badToken) return run();
  const headers = { ETag: etag, "Cache-Control": CONDITIONAL_CACHE_CONTROL, Vary: "trpc-accept, accept, Cookie, Authorization" };
  if (etagMatches(req.headers.get("if-none-match"), etag)) return new Response(null, { status: 304, headers });
  const cached = leaderboardBodies.get(etag);
  if (cached !== undefined) return new Response(cached, { status: 200, headers: { ...headers, "Content-Type": "application/json" } });
  const response = await run();
  if (response.status !== 200) return response;
  const body = await response.text();
  leaderboardBodies.set(etag, body);
  const out = new Headers(response.headers);
  for (const [name, value] of Object.entries(headers)) out.set(name, value);
  return new Response(body, { status: 200, headers: out });
}
