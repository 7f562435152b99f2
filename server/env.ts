// The one place that reads process.env. Validated once, at import; everything else imports `env`.
import path from "node:path";
import { z } from "zod";

const MiB = 1024 * 1024;

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const intFromEnv = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

/** An integer setting without a default: unset or blank is undefined. */
const optionalIntFromEnv = (min: number, max: number) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.coerce.number().int().min(min).max(max).optional());

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** Unset: `npm start` runs the embedded PostgreSQL under SCOPEBENCH_VAR_DIR/postgres. */
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
      .optional(),
  ),
  SCOPEBENCH_VAR_DIR: z.string().default("./var"),
  BLOB_DIR: optionalString,
  /**
   * Where blobs live: unset or `file:///abs/dir` = a local folder (BLOB_DIR, default
   * SCOPEBENCH_VAR_DIR/blobs); `s3://bucket/optional/prefix` = any S3-compatible service.
   */
  BLOB_URL: optionalString,
  /** S3 (BLOB_URL=s3://…): the standard AWS variables; unset keys fall back to the SDK's chain (instance roles). */
  AWS_REGION: optionalString,
  AWS_ACCESS_KEY_ID: optionalString,
  AWS_SECRET_ACCESS_KEY: optionalString,
  AWS_SESSION_TOKEN: optionalString,
  /** S3-compatible services other than AWS: MinIO, Ceph, R2 (`https://<account>.r2.cloudflarestorage.com`). */
  S3_ENDPOINT: optionalString.pipe(z.string().regex(/^https?:\/\/[^/\s]+/, "must be an http:// or https:// URL").optional()),
  /** Bucket in the path (`host/bucket/key`) rather than the host name; defaults to on with S3_ENDPOINT. */
  S3_FORCE_PATH_STYLE: z.enum(["", "0", "1", "false", "true"]).default(""),
  PORT: intFromEnv(3000, 1, 65535),
  /** Port of the embedded PostgreSQL; 0 picks a free one at each start. */
  EMBEDDED_PG_PORT: intFromEnv(0, 0, 65535),
  NEXTAUTH_SECRET: optionalString,
  NEXTAUTH_URL: optionalString,
  GITHUB_ID: optionalString,
  GITHUB_SECRET: optionalString,
  MAX_UPLOAD_BYTES: intFromEnv(512 * MiB, 1024, 2 * 1024 * MiB - 1),
  SCORER_TIMEOUT_SECONDS: intFromEnv(600, 1, 24 * 3600),
  SCORER_MEMORY_MB: intFromEnv(2048, 64, 64 * 1024),
  WORKER_CONCURRENCY: intFromEnv(1, 1, 64),
  /** Bootstrap resamples behind each leaderboard's intervals and rank stability (B). */
  STATISTICS_RESAMPLES: intFromEnv(1000, 10, 100_000),
  /** onnxruntime intra-op threads for a participant's model (its CPU share in the sandbox). */
  MODEL_THREADS: intFromEnv(1, 1, 16),
  /** Upload-time model checks (sandboxed onnxruntime loads) running at once in one web process. */
  MODEL_CHECK_CONCURRENCY: intFromEnv(2, 1, 64),
  /**
   * Development only: run scorers and models without bubblewrap's namespaces when the
   * machine lacks them (a loud warning; never on a server that takes real submissions).
   */
  SCOPEBENCH_UNSAFE_NO_SANDBOX: z
    .enum(["", "0", "1", "false", "true"])
    .default("")
    .transform((v) => v === "1" || v === "true"),
  /** Largest ONNX model accepted at upload. */
  MAX_MODEL_BYTES: intFromEnv(100 * 1024 * 1024, 1024, 2 * 1024 * 1024 * 1024),
  /** A running job (scoring, transfer, dataset import) whose worker has not heart-beaten for this long is taken over. */
  LEASE_TIMEOUT_SECONDS: intFromEnv(30, 3, 3600),
  /** How often a worker renews its lease; at most half of LEASE_TIMEOUT_SECONDS (checked below). */
  HEARTBEAT_SECONDS: intFromEnv(5, 1, 600),
  /** Claims a job gets in all (the first run and takeovers after a dead worker) before it is failed. */
  MAX_JOB_ATTEMPTS: optionalIntFromEnv(1, 20),
  /** Former name of MAX_JOB_ATTEMPTS (scoring only then); still read when the new one is unset. */
  MAX_SCORING_ATTEMPTS: intFromEnv(3, 1, 20),
  /**
   * Test hook: a worker pauses this long in the middle of a job (after claiming; a dataset
   * import after storing its first image), so tests can kill it mid-job. Never in production.
   */
  SCOPEBENCH_TEST_JOB_DELAY_MS: intFromEnv(0, 0, 3_600_000),
  /** Which job kinds the test pause applies to (comma-separated; empty: all). */
  SCOPEBENCH_TEST_JOB_DELAY_KINDS: z
    .string()
    .default("")
    .transform((v) => v.split(",").map((k) => k.trim()).filter((k) => k !== ""))
    .pipe(z.array(z.enum(["scoring", "transfer", "dataset-import"]))),
  /**
   * Demo challenges seeded into a database without challenges. Unset: on for `npm start` with
   * the embedded database only; `npm run serve` and any DATABASE_URL seed only with 1.
   */
  SEED_DEMO: z
    .enum(["", "0", "1", "false", "true"])
    .default("")
    .transform((v) => (v === "" ? undefined : v === "1" || v === "true")),
  /** A worker serves /live and /ready on this port (for orchestrators); unset: no health server. */
  WORKER_HEALTH_PORT: optionalIntFromEnv(1, 65535),
  /** Each readiness check (database, queue, storage) fails after this long. */
  HEALTH_TIMEOUT_MS: intFromEnv(2000, 100, 60_000),
  /** Test hook: a sandboxed run sleeps this long (inside the sandbox) before it starts, so tests can stop a worker mid-run. */
  SCOPEBENCH_TEST_SANDBOX_DELAY_MS: intFromEnv(0, 0, 3_600_000),
  /** json: one JSON object per line; pretty: short readable lines; auto: pretty on a terminal. */
  LOG_FORMAT: z.enum(["auto", "json", "pretty"]).default("auto"),
  /** pino level for the structured JSON logs of the site and the workers. */
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SCOPEBENCH_URL: optionalString,
  SCOPEBENCH_TOKEN: optionalString,
});

export type Env = z.infer<typeof envSchema>;

/** pg-boss refuses a queue whose jobs expire after 24 hours or more (attorney.js, MAX_EXPIRATION_HOURS). */
const PG_BOSS_MAX_EXPIRY_SECONDS = 24 * 3600;

/**
 * How long pg-boss keeps a sandboxed job (scoring, transfer) active before redelivering it:
 * a backstop only, our own lease takes over much sooner; past the scorer's own timeout.
 */
export function sandboxJobExpirySeconds(scorerTimeoutSeconds: number): number {
  return scorerTimeoutSeconds + 120;
}

/**
 * Settings that are each valid alone but wrong together; every problem names both variables.
 * Pure, so the rules are unit-tested (env.test.ts).
 */
export function crossCheckEnv(e: Env): string[] {
  const problems: string[] = [];
  if (e.HEARTBEAT_SECONDS * 2 > e.LEASE_TIMEOUT_SECONDS) {
    problems.push(
      `HEARTBEAT_SECONDS (${e.HEARTBEAT_SECONDS}) must be at most half of LEASE_TIMEOUT_SECONDS (${e.LEASE_TIMEOUT_SECONDS}): ` +
        "otherwise a live worker's lease expires between two heartbeats and every job is taken over while it runs.",
    );
  }
  const expiry = sandboxJobExpirySeconds(e.SCORER_TIMEOUT_SECONDS);
  if (expiry >= PG_BOSS_MAX_EXPIRY_SECONDS) {
    problems.push(
      `SCORER_TIMEOUT_SECONDS (${e.SCORER_TIMEOUT_SECONDS}) gives a job-queue expiry of ${expiry} s, but the queue (pg-boss) allows less than ${PG_BOSS_MAX_EXPIRY_SECONDS} s: ` +
        `set SCORER_TIMEOUT_SECONDS below ${PG_BOSS_MAX_EXPIRY_SECONDS - (expiry - e.SCORER_TIMEOUT_SECONDS)}.`,
    );
  }
  for (const hook of ["SCOPEBENCH_TEST_JOB_DELAY_MS", "SCOPEBENCH_TEST_SANDBOX_DELAY_MS"] as const) {
    if (e[hook] > 0 && e.NODE_ENV === "production") problems.push(`${hook} (${e[hook]}) is a test hook and must not be set when NODE_ENV is production.`);
  }
  if (Boolean(e.GITHUB_ID) !== Boolean(e.GITHUB_SECRET)) {
    problems.push(`GITHUB_ID and GITHUB_SECRET go together: ${e.GITHUB_ID ? "GITHUB_SECRET" : "GITHUB_ID"} is missing, so GitHub sign-in would be silently off.`);
  }
  return problems;
}

type BlobStoreConfig =
  | { kind: "fs"; dir: string }
  | {
      kind: "s3";
      bucket: string;
      /** "" or a key prefix without leading or trailing slash. */
      prefix: string;
      region: string;
      endpoint: string | undefined;
      forcePathStyle: boolean;
      credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | undefined;
    };

// S3's rules for new buckets (3–63 characters, lowercase letters, digits, dots, dashes).
const BUCKET_PATTERN = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const PREFIX_SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/** BLOB_URL (with BLOB_DIR and the S3 variables) → one store configuration, or the problem found. */
export function parseBlobUrl(
  data: Pick<Env, "BLOB_URL" | "AWS_REGION" | "AWS_ACCESS_KEY_ID" | "AWS_SECRET_ACCESS_KEY" | "AWS_SESSION_TOKEN" | "S3_ENDPOINT" | "S3_FORCE_PATH_STYLE">,
  blobDir: string,
): { ok: true; value: BlobStoreConfig } | { ok: false; error: string } {
  const raw = data.BLOB_URL;
  // An endpoint without an s3:// BLOB_URL would quietly keep every blob on this machine.
  if (data.S3_ENDPOINT !== undefined && !raw?.toLowerCase().startsWith("s3://")) {
    return { ok: false, error: `S3_ENDPOINT is set but BLOB_URL is ${raw === undefined ? "unset" : `"${raw}"`}; set BLOB_URL=s3://bucket/optional/prefix to store blobs there` };
  }
  if (raw === undefined) return { ok: true, value: { kind: "fs", dir: blobDir } };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, error: `"${raw}" is not a URL; use s3://bucket/optional/prefix or file:///absolute/folder` };
  }
  if (url.protocol === "file:") {
    if (url.host !== "" || url.search !== "" || url.hash !== "") return { ok: false, error: `"${raw}": a file URL is file:///absolute/folder (no host, query or fragment)` };
    return { ok: true, value: { kind: "fs", dir: path.resolve(/*turbopackIgnore: true*/ decodeURIComponent(url.pathname)) } };
  }
  if (url.protocol !== "s3:") return { ok: false, error: `"${raw}": unsupported scheme ${url.protocol}; use s3://bucket/optional/prefix or file:///absolute/folder` };
  // Read from the text itself: URL would quietly resolve "a/../b" and drop empty segments.
  const [, authority = "", rest = ""] = /^s3:\/\/([^/]*)(.*)$/i.exec(raw) ?? [];
  if (authority.includes("@") || /[?#]/.test(rest)) {
    return { ok: false, error: `"${raw}": credentials, queries and fragments do not belong in BLOB_URL (use AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)` };
  }
  if (authority.includes(":")) return { ok: false, error: `"${raw}": a port belongs in S3_ENDPOINT, not in BLOB_URL` };
  const bucket = authority;
  if (!bucket) return { ok: false, error: `"${raw}" names no bucket; use s3://bucket/optional/prefix` };
  if (!BUCKET_PATTERN.test(bucket) || bucket.includes("..")) {
    return { ok: false, error: `bucket "${bucket}" is not a valid bucket name (3-63 lowercase letters, digits, dots and dashes)` };
  }
  const segments = rest.split("/").filter((s) => s !== "");
  const bad = segments.find((s) => !PREFIX_SEGMENT.test(s));
  if (bad !== undefined) return { ok: false, error: `prefix segment "${bad}" may hold only letters, digits, dots, dashes and underscores (and not start with a dot)` };
  const region = data.AWS_REGION ?? (data.S3_ENDPOINT ? "us-east-1" : undefined);
  if (!region) return { ok: false, error: `BLOB_URL=${raw} needs AWS_REGION (or S3_ENDPOINT for MinIO, Ceph, R2)` };
  if (Boolean(data.AWS_ACCESS_KEY_ID) !== Boolean(data.AWS_SECRET_ACCESS_KEY)) {
    return { ok: false, error: "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY go together: set both, or neither (instance roles)" };
  }
  const credentials =
    data.AWS_ACCESS_KEY_ID && data.AWS_SECRET_ACCESS_KEY
      ? { accessKeyId: data.AWS_ACCESS_KEY_ID, secretAccessKey: data.AWS_SECRET_ACCESS_KEY, ...(data.AWS_SESSION_TOKEN ? { sessionToken: data.AWS_SESSION_TOKEN } : {}) }
      : undefined;
  const forcePathStyle = data.S3_FORCE_PATH_STYLE === "" ? data.S3_ENDPOINT !== undefined : data.S3_FORCE_PATH_STYLE === "1" || data.S3_FORCE_PATH_STYLE === "true";
  return { ok: true, value: { kind: "s3", bucket, prefix: segments.join("/"), region, endpoint: data.S3_ENDPOINT, forcePathStyle, credentials } };
}

export function parseEnv(source: NodeJS.ProcessEnv): Env & { varDir: string; blobDir: string; blobStore: BlobStoreConfig; maxJobAttempts: number } {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment variables:\n${lines.join("\n")}`);
  }
  const problems = crossCheckEnv(parsed.data);
  if (problems.length > 0) {
    throw new Error(`Environment variables that do not fit together:\n${problems.map((p) => `  ${p}`).join("\n")}`);
  }
  // Runtime paths from configuration; Turbopack must not try to trace them into the build.
  const varDir = path.resolve(/*turbopackIgnore: true*/ parsed.data.SCOPEBENCH_VAR_DIR);
  const blobDir = path.resolve(/*turbopackIgnore: true*/ parsed.data.BLOB_DIR ?? path.join(varDir, "blobs"));
  const blobStore = parseBlobUrl(parsed.data, blobDir);
  if (!blobStore.ok) throw new Error(`Invalid environment variables:\n  BLOB_URL: ${blobStore.error}`);
  const maxJobAttempts = parsed.data.MAX_JOB_ATTEMPTS ?? parsed.data.MAX_SCORING_ATTEMPTS;
  return { ...parsed.data, varDir, blobDir, blobStore: blobStore.value, maxJobAttempts };
}

export const env = parseEnv(process.env);

export const githubAuthEnabled = Boolean(env.GITHUB_ID && env.GITHUB_SECRET);
