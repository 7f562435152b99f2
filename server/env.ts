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
  /** A running submission whose worker has not heart-beaten for this long is taken over. */
  LEASE_TIMEOUT_SECONDS: intFromEnv(30, 3, 3600),
  HEARTBEAT_SECONDS: intFromEnv(5, 1, 600),
  /** How many times a submission is re-run after its worker died before it is failed. */
  MAX_SCORING_ATTEMPTS: intFromEnv(3, 1, 20),
  /** Test hook: a worker waits this long after claiming, so tests can kill it mid-job. */
  SCOPEBENCH_TEST_SCORING_DELAY_MS: intFromEnv(0, 0, 3_600_000),
  /**
   * Demo challenges seeded into a database without challenges. Unset: on for `npm start` with
   * the embedded database only; `npm run serve` and any DATABASE_URL seed only with 1.
   */
  SEED_DEMO: z
    .enum(["", "0", "1", "false", "true"])
    .default("")
    .transform((v) => (v === "" ? undefined : v === "1" || v === "true")),
  /** A worker serves /live and /ready on this port (for orchestrators); unset: no health server. */
  WORKER_HEALTH_PORT: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.coerce.number().int().min(1).max(65535).optional()),
  /** Each readiness check (database, queue, storage) fails after this long. */
  HEALTH_TIMEOUT_MS: intFromEnv(2000, 100, 60_000),
  /** Test hook: a sandboxed run sleeps this long (inside the sandbox) before it starts, so tests can stop a worker mid-run. */
  SCOPEBENCH_TEST_SANDBOX_DELAY_MS: intFromEnv(0, 0, 3_600_000),
  /** pino level for the structured JSON logs of the site and the workers. */
  /** json: one JSON object per line; pretty: short readable lines; auto: pretty on a terminal. */
  LOG_FORMAT: z.enum(["auto", "json", "pretty"]).default("auto"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SCOPEBENCH_URL: optionalString,
  SCOPEBENCH_TOKEN: optionalString,
});

export type Env = z.infer<typeof envSchema>;

function parseEnv(source: NodeJS.ProcessEnv): Env & { varDir: string; blobDir: string } {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment variables:\n${lines.join("\n")}`);
  }
  // Runtime paths from configuration; Turbopack must not try to trace them into the build.
  const varDir = path.resolve(/*turbopackIgnore: true*/ parsed.data.SCOPEBENCH_VAR_DIR);
  const blobDir = path.resolve(/*turbopackIgnore: true*/ parsed.data.BLOB_DIR ?? path.join(varDir, "blobs"));
  return { ...parsed.data, varDir, blobDir };
}

export const env = parseEnv(process.env);

export const githubAuthEnabled = Boolean(env.GITHUB_ID && env.GITHUB_SECRET);
