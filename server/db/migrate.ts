// Applies prisma/migrations with the Prisma CLI (`migrate deploy`), as a child process:
// the CLI is the only supported way to keep _prisma_migrations consistent.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);

export async function runMigrations(databaseUrl: string, cwd = process.cwd()): Promise<void> {
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
