// For one-off commands (create-admin, seed): use the configured or running database, or
// bring the embedded one up just for the command.
import fs from "node:fs";
import path from "node:path";
import { disconnectPrisma } from "../db/client";
import { embeddedRuntimeFile, setDatabaseUrl } from "../db/database-url";
import { startEmbeddedPostgres } from "../db/embedded-postgres";
import { runMigrations } from "../db/migrate";
import { env } from "../env";

export async function withDatabase<T>(fn: () => Promise<T>): Promise<T> {
  let stop: (() => Promise<void>) | undefined;
  if (!env.DATABASE_URL && !fs.existsSync(embeddedRuntimeFile)) {
    const embedded = await startEmbeddedPostgres({
      dataDir: path.join(env.varDir, "postgres"),
      secretsDir: path.join(env.varDir, "secrets"),
      port: env.EMBEDDED_PG_PORT,
    });
    setDatabaseUrl(embedded.url);
    await runMigrations(embedded.url);
    stop = () => embedded.stop();
  }
  try {
    return await fn();
  } finally {
    await disconnectPrisma().catch(() => undefined);
    await stop?.();
  }
}
