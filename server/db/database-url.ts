// Where the database is: DATABASE_URL, or the embedded PostgreSQL that `npm start` runs
// (it records its URL in var/embedded-postgres.json so `npm run worker` on the same
// machine finds it without configuration).
import fs from "node:fs";
import path from "node:path";
import { env } from "../env";

export const embeddedRuntimeFile = path.join(env.varDir, "embedded-postgres.json");

let override: string | undefined;

/** Used by the process that starts the embedded server, before anything connects. */
export function setDatabaseUrl(url: string): void {
  override = url;
}

export function resolveDatabaseUrl(): string {
  if (override) return override;
  if (env.DATABASE_URL) return env.DATABASE_URL;
  try {
    const runtime = JSON.parse(fs.readFileSync(embeddedRuntimeFile, "utf8")) as { url?: unknown };
    if (typeof runtime.url === "string") return runtime.url;
  } catch {
    // fall through to the explanation below
  }
  throw new Error(
    "No database: set DATABASE_URL, or run `npm start` first so the embedded PostgreSQL is up " +
      `(it writes ${embeddedRuntimeFile}).`,
  );
}
