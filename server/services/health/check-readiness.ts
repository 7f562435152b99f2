// Readiness of a site or worker process: can it reach what it needs to do its work? Load
// balancers and orchestrators poll this (GET /api/health, a worker's /ready), so every check
// is cheap and bounded by HEALTH_TIMEOUT_MS, and a failure names the dependency, never a
// connection string.
import pg from "pg";
import { getBlobStore, type BlobStore } from "../../blob";
import { resolveDatabaseUrl } from "../../db/database-url";
import { env } from "../../env";
import { SCORING_QUEUE } from "../../queue/scoring-queue";

const READINESS_CHECKS = ["database", "queue", "storage"] as const;
type ReadinessCheck = (typeof READINESS_CHECKS)[number];

interface CheckResult {
  ok: boolean;
  ms: number;
  /** Why it failed (no secrets: URLs are cut out). */
  error?: string;
}

export interface Readiness {
  ok: boolean;
  checks: Record<ReadinessCheck, CheckResult>;
  /** The failing checks, by name, for a one-line log or alert. */
  failing: ReadinessCheck[];
}

// One small pool per database URL: probes every few seconds must not open a connection each.
const pools = new Map<string, pg.Pool>();

function poolFor(url: string, timeoutMs: number): pg.Pool {
  let pool = pools.get(url);
  if (!pool) {
    pool = new pg.Pool({ connectionString: url, max: 2, idleTimeoutMillis: 30_000, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs, allowExitOnIdle: true });
    // An idle client's error (the server went away) must not crash the process.
    pool.on("error", () => undefined);
    pools.set(url, pool);
  }
  return pool;
}

/** Closes the probes' pools (worker shutdown, tests). */
export async function closeReadinessPools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((pool) => pool.end().catch(() => undefined)));
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describe(error.errors[0]);
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/[a-z][a-z0-9+.-]*:\/\/\S+/gi, "<url>").slice(0, 300) || "unknown error";
}

async function timed(what: string, timeoutMs: number, probe: () => Promise<void>): Promise<CheckResult> {
  const started = performance.now();
  try {
    await withTimeout(probe(), timeoutMs, what);
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, ms: Math.round(performance.now() - started), error: describe(error) };
  }
}

export async function checkReadiness(options: { databaseUrl?: string; blobStore?: BlobStore; timeoutMs?: number } = {}): Promise<Readiness> {
  const timeoutMs = options.timeoutMs ?? env.HEALTH_TIMEOUT_MS;
  let databaseUrl: string | undefined;
  let urlProblem: string | undefined;
  try {
    databaseUrl = options.databaseUrl ?? resolveDatabaseUrl();
  } catch (error) {
    urlProblem = describe(error);
  }
  const database = (): Promise<void> => {
    if (!databaseUrl) throw new Error(urlProblem ?? "no database configured");
    return poolFor(databaseUrl, timeoutMs).query("SELECT 1").then(() => undefined);
  };
  const [db, queue, storage] = await Promise.all([
    timed("the database", timeoutMs, database),
    timed("the queue", timeoutMs, async () => {
      if (!databaseUrl) throw new Error(urlProblem ?? "no database configured");
      // pg-boss's own table: the schema is installed (npm run migrate) and the queue exists.
      const found = await poolFor(databaseUrl, timeoutMs).query("SELECT 1 FROM pgboss.queue WHERE name = $1", [SCORING_QUEUE]);
      if (found.rowCount === 0) throw new Error(`queue ${SCORING_QUEUE} does not exist (run \`npm run migrate\`)`);
    }),
    timed("the blob store", timeoutMs, async () => {
      await (options.blobStore ?? getBlobStore()).exists("health/probe");
    }),
  ]);
  const checks = { database: db, queue, storage };
  const failing = READINESS_CHECKS.filter((name) => !checks[name].ok);
  return { ok: failing.length === 0, checks, failing };
}

/** The HTTP answer: 200 with each check, or 503 naming the failing ones. */
export function readinessResponse(readiness: Readiness, extra: Record<string, unknown> = {}): Response {
  const body = readiness.ok
    ? { status: "ready", ...extra, checks: readiness.checks }
    : { status: "unavailable", failing: readiness.failing, ...extra, checks: readiness.checks };
  return Response.json(body, { status: readiness.ok ? 200 : 503, headers: { "cache-control": "no-store" } });
}
