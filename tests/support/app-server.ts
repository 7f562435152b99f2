// Runs the real `npm start` entry point (embedded PostgreSQL in a temporary var dir, build
// if needed, site and worker) on a free port, for browser and end-to-end tests.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { nodeTsArgs } from "../../server/cli/node-ts";
import { findFreePort } from "../../server/db/embedded-postgres";
export { isProcessAlive as isAlive } from "../../server/runtime/process-alive";

export const projectRoot = path.resolve(import.meta.dirname, "../..");

export interface AppServer {
  url: string;
  varDir: string;
  log: () => string;
  /** Pids of every process `npm start` started (site, worker, PostgreSQL and their children). */
  descendants(): number[];
  stop(): Promise<number | null>;
}

export function descendantsOf(pid: number): number[] {
  const table = execFileSync("ps", ["-eo", "pid=,ppid="], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((line) => line.trim().split(/\s+/).map(Number));
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const parent = queue.shift();
    for (const [p, pp] of table) {
      if (pp === parent && p !== undefined) {
        found.push(p);
        queue.push(p);
      }
    }
  }
  return found;
}

/**
 * Starts `npm start` in a fresh var directory. With `copyOf`, the directory starts as a copy
 * of that one (a var directory with the demo seeded and PostgreSQL stopped, see
 * tests/support/seeded-var-dir.ts): the site skips the seeding, and has its own database.
 */
export async function startAppServer(extraEnv: Record<string, string> = {}, options: { copyOf?: string } = {}): Promise<AppServer> {
  const varDir = fs.mkdtempSync(path.join(os.tmpdir(), "scopebench-e2e-"));
  fs.chmodSync(varDir, 0o755);
  // cp, not fs.cpSync: owners too (as root, the PostgreSQL data belongs to `postgres`).
  if (options.copyOf) {
    try {
      execFileSync("cp", ["-a", `${options.copyOf}/.`, varDir]);
    } catch (error) {
      fs.rmSync(varDir, { recursive: true, force: true });
      throw error;
    }
  }
  const port = await findFreePort(3100);
  const env: NodeJS.ProcessEnv = { ...process.env, SCOPEBENCH_VAR_DIR: varDir, PORT: String(port), ...extraEnv };
  delete env.DATABASE_URL;
  delete env.BLOB_DIR;
  const child: ChildProcess = spawn(process.execPath, nodeTsArgs(path.join(projectRoot, "server/cli/start.ts")), {
    cwd: projectRoot,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const url = `http://localhost:${port}`;
  const deadline = Date.now() + 9 * 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      fs.rmSync(varDir, { recursive: true, force: true });
      throw new Error(`npm start exited early:\n${output}`);
    }
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok && output.includes("worker") && output.includes("ready")) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      await stopChild(child);
      fs.rmSync(varDir, { recursive: true, force: true });
      throw new Error(`the site did not come up in time:\n${output.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    url,
    varDir,
    log: () => output,
    descendants: () => (child.pid ? descendantsOf(child.pid) : []),
    async stop() {
      const code = await stopChild(child);
      fs.rmSync(varDir, { recursive: true, force: true });
      return code;
    },
  };
}

/** Ctrl-C, as a user would stop `npm start`; resolves with its exit code. */
async function stopChild(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.kill("SIGINT");
  return exited;
}
