// A fresh database for a test run: on the server in DATABASE_URL when set (e.g. the system
// PostgreSQL), otherwise on an embedded PostgreSQL started for the run.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "../../server/db/embedded-postgres";
import { runMigrations } from "../../server/db/migrate";

export interface TestDatabase {
  url: string;
  teardown(): Promise<void>;
}

export async function createTestDatabase(externalUrl: string | undefined): Promise<TestDatabase> {
  const name = `scopebench_test_${Date.now()}_${crypto.randomBytes(3).toString("hex")}`;
  if (externalUrl) {
    const admin = new pg.Client({ connectionString: externalUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const url = new URL(externalUrl);
    url.pathname = `/${name}`;
    await runMigrations(url.toString());
    return {
      url: url.toString(),
      async teardown() {
        const c = new pg.Client({ connectionString: externalUrl });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scopebench-test-pg-"));
  // As root, PostgreSQL runs as `postgres`, which must be able to reach the data directory.
  fs.chmodSync(dir, 0o755);
  const embedded = await startEmbeddedPostgres({
    dataDir: path.join(dir, "data"),
    secretsDir: path.join(dir, "secrets"),
    database: name,
  });
  await runMigrations(embedded.url);
  return {
    url: embedded.url,
    async teardown() {
      await embedded.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
