// Conditional GETs for leaderboard.get: open tabs re-ask every few seconds, and almost
// always nothing has changed. The answer carries an ETag computed without ranking (the
// challenge's change counter plus what the viewer may see); a request whose If-None-Match
// still matches is answered 304 with no body. Successful bodies are also kept by ETag, so
// a changed board is serialized once per change, not once per viewer. The ETag covers
// everything the body depends on, so a body is only ever served to a viewer it was made for.
import superjson from "superjson";
import { ZLeaderboardRequestSchema } from "../contracts/leaderboard";
import type { SessionUser } from "../contracts/common";
import { leaderboardTag } from "../services/leaderboard/get-leaderboard";

const PROCEDURE = "leaderboard.get";

/** Bumped when the answer's shape changes, so a browser never revalidates an old-format body. */
const FORMAT = "2";

/** Browsers keep the body but ask before every reuse; shared caches never store it. */
export const CONDITIONAL_CACHE_CONTROL = "private, no-cache";

/** The leaderboard inputs of a GET made only of leaderboard.get calls, or null for any other request. */
export function leaderboardCalls(url: URL, procedurePath: string): unknown[] | null {
  const paths = procedurePath.split(",");
  if (paths.some((p) => p !== PROCEDURE)) return null;
  const batch = url.searchParams.get("batch") === "1";
  if (!batch && paths.length !== 1) return null;
  const raw = url.searchParams.get("input");
  let decoded: unknown;
  try {
    decoded = raw === null ? undefined : JSON.parse(raw);
  } catch {
    return null;
  }
  const serialized: unknown[] = batch
    ? paths.map((_, i) => (decoded && typeof decoded === "object" ? (decoded as Record<string, unknown>)[String(i)] : undefined))
    : [decoded];
  const inputs: unknown[] = [];
  for (const item of serialized) {
    let input: unknown;
    try {
      input = item === undefined ? undefined : superjson.deserialize(item as Parameters<typeof superjson.deserialize>[0]);
    } catch {
      return null;
    }
    inputs.push(input);
  }
  return inputs;
}

/** The ETag of what these leaderboard calls would answer this viewer now, or null (then no conditional handling). */
export async function leaderboardEtag(inputs: unknown[], user: SessionUser | null): Promise<string | null> {
  const tags: string[] = [];
  for (const input of inputs) {
    const parsed = ZLeaderboardRequestSchema.safeParse(input);
    if (!parsed.success) return null;
    const { challenge, phaseId, board, page, pageSize } = parsed.data;
    const tag = await leaderboardTag({ slug: challenge, phaseId, board, page, pageSize, user });
    if (tag === null) return null;
    tags.push(tag);
  }
  return `"lb${FORMAT}-${tags.join(".")}"`;
}

/** Whether an If-None-Match header names this ETag (weak or strong, in a list, or `*`). */
export function etagMatches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(",").some((candidate) => {
    const c = candidate.trim();
    return c === "*" || c === etag || c === `W/${etag}`;
  });
}

/** Response bodies by ETag, bounded in total length (JSON, so characters are about bytes; a board holds one row per participant). */
export class BodyCache {
  private readonly bodies = new Map<string, string>();
  private chars = 0;

  constructor(private readonly maxChars: number) {}

  get(etag: string): string | undefined {
    const body = this.bodies.get(etag);
    if (body !== undefined) {
      this.bodies.delete(etag);
      this.bodies.set(etag, body);
    }
    return body;
  }

  set(etag: string, body: string): void {
    if (body.length > this.maxChars) return;
    const previous = this.bodies.get(etag);
    if (previous !== undefined) {
      this.chars -= previous.length;
      this.bodies.delete(etag);
    }
    this.bodies.set(etag, body);
    this.chars += body.length;
    for (const [key, value] of this.bodies) {
      if (this.chars <= this.maxChars) break;
      this.bodies.delete(key);
      this.chars -= value.length;
    }
  }

  get totalChars(): number {
    return this.chars;
  }
}
