// The site's HTTP front: what the site process (server/cli/site.ts) does with each request
// before, or instead of, handing it to Next.js. Two paths skip Next's per-request work,
// which costs more than the answers themselves once those are cached:
//   - GET /api/trpc/* (leaderboards, challenge data, polling): the same handler as the
//     route app/api/trpc/[trpc]/route.ts, called directly, with the session read from the
//     same cookie.
//   - the home page and challenge pages for visitors without a session: served from the
//     PageCache while the site's data version is unchanged (one render per page and change).
// Everything else (signed-in pages, navigations, mutations, uploads, assets) goes to Next,
// and so does everything in development (`npm run dev`).
import type { IncomingMessage, ServerResponse } from "node:http";
import { handleTrpcRequest } from "../api/handle-trpc-request";
import { REQUEST_ID_HEADER, requestIdFrom } from "../api/request-id";
import { hasSessionCookie, parseCookieHeader, sessionUserFromCookies } from "../auth/session-user";
import type { Logger } from "../log";
import { siteVersionRepository } from "../repositories/site-version-repository";
import { PageCache, type CachedPage } from "./page-cache";
import { securityHeaders } from "./security-headers.mjs";

type NextHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** Pages shared between visitors without a session: the home page and a challenge's pages. */
const SHARED_PAGE = /^\/(?:challenges\/[^/?#]+)?(?:\?.*)?$/;
const MAX_SHARED_URL = 2_000;
/** Requests of Next's client router (payloads, prefetches, actions): per navigation state, never shared. */
const NEXT_CLIENT_HEADERS = ["rsc", "next-router-state-tree", "next-router-prefetch", "next-router-segment-prefetch", "next-action"];
/** Not replayed from a cached page: per response or per connection. */
const UNSHARED_HEADERS = new Set(["date", "connection", "keep-alive", "transfer-encoding", "content-length", REQUEST_ID_HEADER, "set-cookie"]);
/** Whole pages larger than this are not kept (a challenge page is about 15–100 KB). */
const MAX_PAGE_BYTES = 2 * 1024 * 1024;
/** Memory for kept pages, per site process. */
const PAGE_CACHE_BYTES = 64 * 1024 * 1024;
/** How long a kept page is served before it is rendered again, for what changes with the clock alone. */
const PAGE_TTL_MS = 5_000;

function webHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  return headers;
}

function isSharedPageRequest(req: IncomingMessage): boolean {
  const url = req.url ?? "";
  if (req.method !== "GET" || url.length > MAX_SHARED_URL || !SHARED_PAGE.test(url)) return false;
  if (url.includes("_rsc=") || NEXT_CLIENT_HEADERS.some((h) => req.headers[h] !== undefined)) return false;
  // An API token or a session makes the page the viewer's own.
  return req.headers.authorization === undefined && !hasSessionCookie(parseCookieHeader(req.headers.cookie));
}

/** Lets Next answer, keeping a copy of what it sends when that may be shared. */
function renderThroughNext(req: IncomingMessage, res: ServerResponse, next: NextHandler): Promise<CachedPage | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const keep = (chunk: unknown, encoding: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === "function") return;
      const buffer = Buffer.isBuffer(chunk)
        ? chunk
        : typeof chunk === "string"
          ? Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8")
          : chunk instanceof Uint8Array
            ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
            : null;
      if (!buffer) return;
      size += buffer.length;
      if (size <= MAX_PAGE_BYTES) chunks.push(Buffer.from(buffer));
    };
    // Next (and its compression, which wraps these in turn) writes through write() and end().
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      keep(chunk, rest[0]);
      return write(chunk, ...rest);
    }) as ServerResponse["write"];
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      keep(chunk, rest[0]);
      return end(chunk, ...rest);
    }) as ServerResponse["end"];
    res.once("close", () => {
      const type = String(res.getHeader("content-type") ?? "");
      const shareable = res.writableFinished && res.statusCode === 200 && type.startsWith("text/html") && res.getHeader("set-cookie") === undefined && size <= MAX_PAGE_BYTES;
      if (!shareable) return resolve(null);
      const headers = Object.entries(res.getHeaders())
        .filter(([name, value]) => value !== undefined && !UNSHARED_HEADERS.has(name.toLowerCase()))
        .map(([name, value]) => [name, Array.isArray(value) ? value.join(", ") : String(value)] as [string, string]);
      resolve({ status: res.statusCode, headers, body: Buffer.concat(chunks) });
    });
    next(req, res).catch(() => resolve(null));
  });
}

function sendPage(res: ServerResponse, page: CachedPage, requestId: string): void {
  for (const [name, value] of page.headers) res.setHeader(name, value);
  res.setHeader("content-length", page.body.length);
  res.setHeader(REQUEST_ID_HEADER, requestId);
  res.statusCode = page.status;
  res.end(page.body);
}

async function sendWebResponse(res: ServerResponse, response: Response, extraHeaders: Array<{ key: string; value: string }>): Promise<void> {
  for (const { key, value } of extraHeaders) res.setHeader(key, value);
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") res.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  res.statusCode = response.status;
  res.end(response.body ? Buffer.from(await response.arrayBuffer()) : undefined);
}

export interface SiteHandlerOptions {
  next: NextHandler;
  dev: boolean;
  log: Logger;
}

export function createSiteHandler(options: SiteHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const pages = new PageCache({ maxBytes: PAGE_CACHE_BYTES, ttlMs: PAGE_TTL_MS });
  const headers = securityHeaders(options.dev);

  async function answerTrpc(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const request = new Request(`http://localhost${req.url ?? "/"}`, { method: "GET", headers: webHeaders(req) });
    const cookies = parseCookieHeader(req.headers.cookie);
    const response = await handleTrpcRequest(request, () => sessionUserFromCookies(cookies));
    await sendWebResponse(res, response, headers);
  }

  async function answerSharedPage(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = requestIdFrom(webHeaders(req));
    const version = String(await siteVersionRepository.current());
    // Compressed or not, as this client accepts (Next compresses for those that do).
    const key = `${req.headers["accept-encoding"] ?? ""}\n${req.url ?? "/"}`;
    // renderThroughNext never rejects (a failed render resolves to null), so neither does this.
    const result = await pages.get(key, version, () => renderThroughNext(req, res, options.next));
    if (result.rendered) return; // Next answered this request itself.
    if (result.page) return sendPage(res, result.page, requestId);
    // The render it waited for could not be shared (or failed): Next answers this one.
    await options.next(req, res);
  }

  return (req, res) => {
    const url = req.url ?? "/";
    // In development everything goes to Next, which reloads the code as it changes (this
    // process would keep answering with the code it started with).
    const task = options.dev
      ? options.next(req, res)
      : req.method === "GET" && url.startsWith("/api/trpc/")
        ? answerTrpc(req, res)
        : isSharedPageRequest(req)
          ? answerSharedPage(req, res)
          : options.next(req, res);
    task.catch((error: unknown) => {
      options.log.error({ err: error, url }, "request failed");
      if (!res.headersSent) {
        res.statusCode = 500;
        res.setHeader("content-type", "text/plain; charset=utf-8");
      }
      res.end(res.headersSent ? undefined : "Internal server error");
    });
  };
}
