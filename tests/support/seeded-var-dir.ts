// A var directory with the demo challenges seeded, made once per test run for every site that
// starts from a copy of it (startSeededAppServer in browser-session.ts).
//
// Seeding (`npm run seed`: embedded PostgreSQL, migrations, the two demo challenges with their
// datasets, baselines and example entries, their scoring queued, then PostgreSQL stopped) took
// ~55 s of the ~75 s each file's `npm start` took, and was the same every time. A site started
// on a copy finds the migrations applied and the challenges there, so its `npm start` skips
// both; its own worker scores the queued entries. Each file still has its own site, worker,
// database and blobs.
//
// Made on first use, not in the global setup: a run of files that start no seeded site (one
// file alone, browser.test.ts, production-mode.test.ts) does not pay for it. The run directory
// (e2e-global-setup.ts) outlives the test files, which run in separate processes; the first
// one to need the copy makes it, under a lock, and the others reuse it.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { nodeTsArgs } from "../../server/cli/node-ts";
import { staleBuildOutputs } from "../../server/runtime/build-output";

const projectRoot = path.resolve(import.meta.dirname, "../..");

/** Runs a TypeScript entry point of the project; rejects with its output when it fails. */
function run(what: string, script: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeTsArgs(path.join(projectRoot, script)), ...args], { cwd: projectRoot, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`${what} failed (exit ${code}):\n${output.slice(-6000)}`))));
  });
}

/**
 * The production build, as start.ts makes it when it is missing or stale (the site only then,
 * the bundles whenever anything is). Here, so that it runs alongside the seeding (the build
 * is mostly one core, the seeding one) rather than after it, in the site's `npm start`.
 */
async function buildIfStale(): Promise<void> {
  if (staleBuildOutputs().length === 0) return;
  const siteStale = staleBuildOutputs(["site"]).length > 0;
  await run("npm run build", "server/cli/build.ts", siteStale ? [] : ["--bundles-only"], { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" });
}

async function seed(varDir: string): Promise<void> {
  const env: NodeJS.ProcessEnv = { ...process.env, SCOPEBENCH_VAR_DIR: varDir };
  // As startAppServer: the embedded database and blobs inside the var directory.
  delete env.DATABASE_URL;
  delete env.BLOB_DIR;
  delete env.EMBEDDED_PG_PORT;
  await run("npm run seed", "server/cli/seed.ts", [], env);
  if (!fs.existsSync(path.join(varDir, "postgres", "PG_VERSION"))) throw new Error(`npm run seed left no database in ${varDir}`);
  if (fs.existsSync(path.join(varDir, "postgres", "postmaster.pid"))) throw new Error(`npm run seed left PostgreSQL running in ${varDir}`);
}

/**
 * The seeded var directory inside `runDir`, made by the first caller of the run (and the build
 * brought up to date with it). Never start a site on it: copy it.
 */
export async function seededVarDir(runDir: string): Promise<string> {
  const varDir = path.join(runDir, "seeded");
  const ready = path.join(runDir, "seeded.ready");
  const lock = path.join(runDir, "seeded.lock");
  const deadline = Date.now() + 9 * 60_000;
  for (;;) {
    if (fs.existsSync(ready)) return varDir;
    try {
      fs.mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    // Another file is seeding: wait for it (if it fails, its lock goes and this one tries).
    if (Date.now() > deadline) throw new Error(`the seeded var directory in ${runDir} was not made in time`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  try {
    fs.rmSync(varDir, { recursive: true, force: true });
    fs.mkdirSync(varDir);
    // PostgreSQL runs as `postgres` under root: it must reach its data directory inside.
    fs.chmodSync(varDir, 0o755);
    const started = Date.now();
    await Promise.all([buildIfStale(), seed(varDir)]);
    console.log(`[e2e] demo seeded once for this run's sites in ${Math.round((Date.now() - started) / 1000)} s: ${varDir}`);
    fs.writeFileSync(ready, "");
    return varDir;
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}
