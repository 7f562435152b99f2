// `npm start`: database (embedded unless DATABASE_URL is set), migrations, demo seed, site
// build when needed, then the site and one scoring worker. Ctrl-C stops all of it.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { env } from "../env";
import { embeddedRuntimeFile, setDatabaseUrl } from "../db/database-url";
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from "../db/embedded-postgres";
import { runMigrations } from "../db/migrate";
import { assertSandboxAvailable } from "../sandbox/sandbox";
import { isBuildStale } from "./build-staleness";
import { nodeTsArgs } from "./node-ts";
import { isProcessAlive } from "../runtime/process-alive";
import { readOrCreateSecret } from "../runtime/secret-file";

const require = createRequire(import.meta.url);
const root = process.cwd();
const dev = process.argv.includes("--dev");
const say = (message: string) => console.log(`[scopebench] ${message}`);

/** One `npm start` per var directory: two would fight over the embedded database. */
function takeStartLock(): void {
  const lock = path.join(env.varDir, "start.pid");
  if (fs.existsSync(lock)) {
    const pid = Number(fs.readFileSync(lock, "utf8"));
    if (Number.isInteger(pid) && pid !== process.pid && isProcessAlive(pid)) {
      throw new Error(`scopebench is already running from ${env.varDir} (pid ${pid}). Stop it first.`);
    }
  }
  fs.writeFileSync(lock, String(process.pid));
}

const children = new Set<ChildProcess>();
let embedded: EmbeddedPostgresHandle | undefined;
let shuttingDown = false;

function startChild(name: string, command: string, args: string[], childEnv: NodeJS.ProcessEnv, onExit?: (code: number | null) => void) {
  const child = spawn(command, args, { cwd: root, env: childEnv, stdio: "inherit" });
  children.add(child);
  child.on("exit", (code) => {
    children.delete(child);
    if (!shuttingDown && onExit) {
      say(`${name} exited (code ${code})`);
      onExit(code);
    }
  });
  return child;
}

async function shutdown(exitCode: number): Promise<never> {
  if (shuttingDown) return new Promise<never>(() => undefined);
  shuttingDown = true;
  say("stopping…");
  const exits = [...children].map(
    (child) => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
    }),
  );
  await Promise.all(exits);
  if (embedded) {
    await embedded.stop().catch((error: unknown) => say(`could not stop PostgreSQL cleanly: ${String(error)}`));
    fs.rmSync(embeddedRuntimeFile, { force: true });
  }
  fs.rmSync(path.join(env.varDir, "start.pid"), { force: true });
  say("stopped");
  process.exit(exitCode);
}

async function runToCompletion(command: string, args: string[], childEnv: NodeJS.ProcessEnv): Promise<void> {
  const child = startChild("build", command, args, childEnv);
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`${path.basename(args[0] ?? command)} ${args.slice(1).join(" ")} failed (exit ${code})`);
}

async function main(): Promise<void> {
  // embedded-postgres installs signal hooks (async-exit-hook) that stop PostgreSQL and exit
  // at once, racing our ordered shutdown (site and worker first, database last). Ours win;
  // its crash hooks (uncaughtException, exit) stay as a safety net.
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void shutdown(0));
  }
  // Scoring runs untrusted files and models: without the sandbox's isolation, refuse to start
  // at all rather than fail (or, worse, run) every submission.
  assertSandboxAvailable(say);
  fs.mkdirSync(env.varDir, { recursive: true });
  takeStartLock();

  let databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    say(`starting embedded PostgreSQL (data in ${path.join(env.varDir, "postgres")})`);
    embedded = await startEmbeddedPostgres({
      dataDir: path.join(env.varDir, "postgres"),
      secretsDir: path.join(env.varDir, "secrets"),
      port: env.EMBEDDED_PG_PORT,
    });
    databaseUrl = embedded.url;
    fs.writeFileSync(embeddedRuntimeFile, JSON.stringify({ url: databaseUrl, pid: process.pid }), { mode: 0o600 });
    say(`embedded PostgreSQL on 127.0.0.1:${embedded.port}`);
  } else {
    say("using DATABASE_URL");
  }
  setDatabaseUrl(databaseUrl);

  say("applying migrations");
  await runMigrations(databaseUrl, root);

  const { seedDemoChallenges } = await import("../services/seed/seed-demo-challenges");
  const seeded = await seedDemoChallenges({ log: say });
  if (seeded.length > 0) say(`seeded demo challenges: ${seeded.join(", ")}`);

  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    NEXTAUTH_SECRET: env.NEXTAUTH_SECRET ?? readOrCreateSecret(path.join(env.varDir, "secrets", "nextauth-secret")),
    NEXTAUTH_URL: env.NEXTAUTH_URL ?? `http://localhost:${env.PORT}`,
    NEXT_TELEMETRY_DISABLED: "1",
  };
  const nextBin = require.resolve("next/dist/bin/next");
  if (!dev && isBuildStale(root)) {
    say("building the site (first start or changed sources; takes a minute)");
    await runToCompletion(process.execPath, [nextBin, "build"], { ...childEnv, NODE_ENV: "production" });
  }

  startChild("site", process.execPath, [nextBin, dev ? "dev" : "start", "-p", String(env.PORT)], {
    ...childEnv,
    NODE_ENV: dev ? "development" : "production",
  }, (code) => void shutdown(code ?? 1));

  const startScoringWorker = (attempt: number) => {
    startChild("worker", process.execPath, nodeTsArgs(path.join(root, "server/cli/worker.ts")), childEnv, () => {
      // A crashed worker is restarted; its claimed submission is taken over by the lease.
      setTimeout(() => !shuttingDown && startScoringWorker(attempt + 1), Math.min(30_000, 1000 * 2 ** attempt));
    });
  };
  startScoringWorker(0);
  say(`site: http://localhost:${env.PORT}  (Ctrl-C stops everything)`);
}

main().catch((error: unknown) => {
  console.error(`[scopebench] ${error instanceof Error ? error.message : String(error)}`);
  void shutdown(1);
});
