// Applies prisma/migrations with the Prisma CLI (`migrate deploy`), as a child process:
// the CLI is the only supported way to keep _prisma_migrations consistent.
import { spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import pg from "pg";

const require = createRequire(import.meta.url);

/** Migration folders not yet recorded as applied (all of them on a fresh database). */
export async function pendingMigrations(databaseUrl: string, cwd = process.cwd()): Promise<string[]> {
  const dir = path.join(cwd, "prisma", "migrations");
  const wanted = fs.readdirSync(dir).filter((name) => fs.statSync(path.join(dir, name)).isDirectory());
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const exists = await client.query("SELECT to_regclass('public._prisma_migrations') IS NOT NULL AS present");
    if (!exists.rows[0]?.present) return wanted;
    const applied = await client.query<{ migration_name: string }>(
      "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
    );
    const done = new Set(applied.rows.map((r) => r.migration_name));
    return wanted.filter((name) => !done.has(name));
  } finally {
    await client.end();
  }
}

/**
 * Runs `prisma migrate deploy` when something is pending. The CLI takes ~10 s to start with
 * the JS engine, so an up-to-date database (every restart) skips it.
 */
export async function runMigrations(databaseUrl: string, cwd = process.cwd()): Promise<void> {
  if ((await pendingMigrations(databaseUrl, cwd)).length === 0) return;
  const prismaCli = require.resolve("prisma/build/index.js");
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [prismaCli, "migrate", "deploy"], {
      cwd,
      env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.on("data", (d: Buffer) => output.push(d.toString()));
    child.stderr.on("data", (d: Buffer) => output.push(d.toString()));
    child.on("error", reject);
    child.on("close", resolve);
  });
  if (code !== 0) {
    throw new Error(
      `prisma migrate deploy failed (exit ${code}) in ${path.resolve(cwd)}:\n${output.join("")}`,
    );
  }
}
