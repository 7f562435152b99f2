// `npm start`: the laptop path. Database (embedded unless DATABASE_URL is set), migrations,
// demo seed (embedded database only, unless SEED_DEMO says otherwise), the production build
// when it is missing or stale, then the site and one scoring worker. Ctrl-C stops all of it.
// Production deployments use the explicit steps instead: npm run build / migrate / serve / worker.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { env } from "../env";
import { embeddedRuntimeFile, setDatabaseUrl } from "../db/database-url";
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from "../db/embedded-postgres";
import { runMigrations } from "../db/migrate";
import { assertSandboxAvailable } from "../sandbox/sandbox";
import { childLogger } from "../log";
import { buildPaths, staleBuildOutputs } from "../runtime/build-output";
import { shouldSeedDemo } from "./preflight";
import { nodeTsArgs } from "./node-ts";
import { isProcessAlive } from "../runtime/process-alive";
import { readOrCreateSecret } from "../runtime/secret-file";

const root = process.cwd();
const dev = process.argv.includes("--dev");
const log = childLogger({ role: "start" });
const say = (message: string) => log.info(message);

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
    await embedded.stop().catch((error: unknown) => log.warn({ err: error }, "could not stop PostgreSQL cleanly"));
    fs.rmSync(embeddedRuntimeFile, { force: true });
  }
  fs.rmSync(path.join(env.varDir, "start.pid"), { force: true });
  say("stopped");
  process.exit(exitCode);
}

async function runToCompletion(name: string, command: string, args: string[], childEnv: NodeJS.ProcessEnv): Promise<void> {
  const child = startChild(name, command, args, childEnv);
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`${name} failed (exit ${code})`);
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

  if (shouldSeedDemo({ seedDemo: env.SEED_DEMO, embeddedDatabase: embedded !== undefined })) {
    const { seedDemoChallenges } = await import("../services/seed/seed-demo-challenges");
    const seeded = await seedDemoChallenges({ log: say });
    if (seeded.length > 0) say(`seeded demo challenges: ${seeded.join(", ")}`);
  } else {
    say(embedded ? "SEED_DEMO=0: demo challenges not seeded" : "DATABASE_URL is set: demo challenges not seeded (SEED_DEMO=1 seeds them)");
  }

  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    NEXTAUTH_SECRET: env.NEXTAUTH_SECRET ?? readOrCreateSecret(path.join(env.varDir, "secrets", "nextauth-secret")),
    NEXTAUTH_URL: env.NEXTAUTH_URL ?? `http://localhost:${env.PORT}`,
    NEXT_TELEMETRY_DISABLED: "1",
  };
  const stale = dev ? [] : staleBuildOutputs();
  if (stale.length > 0) {
    const siteStale = staleBuildOutputs(["site"]).length > 0;
    say(`building (${siteStale ? "the site and " : ""}the sandbox, site server and worker bundles: first start or changed sources${siteStale ? "; takes a few minutes" : ""})`);
    await runToCompletion("npm run build", process.execPath, [...nodeTsArgs(path.join(root, "server/cli/build.ts")), ...(siteStale ? [] : ["--bundles-only"])], { ...childEnv, NODE_ENV: "production" });
  }

  // The site server (Next.js behind server/http/site-handler.ts): built, or the sources with --dev.
  const siteArgs = dev ? [...nodeTsArgs(path.join(root, "server/cli/site.ts")), "--dev"] : [buildPaths(root).cli("site")];
  startChild("site", process.execPath, siteArgs, {
    ...childEnv,
    NODE_ENV: dev ? "development" : "production",
  }, (code) => void shutdown(code ?? 1));

  const startScoringWorker = (attempt: number) => {
    // The built worker (no tsx), except with --dev, where the sources run as they are.
    const workerArgs = dev ? nodeTsArgs(path.join(root, "server/cli/worker.ts")) : [buildPaths(root).cli("worker")];
    startChild("worker", process.execPath, workerArgs, childEnv, () => {
      // A crashed worker is restarted; its claimed submission is taken over by the lease.
      setTimeout(() => !shuttingDown && startScoringWorker(attempt + 1), Math.min(30_000, 1000 * 2 ** attempt));
    });
  };
  startScoringWorker(0);
  say(`site: http://localhost:${env.PORT}  (Ctrl-C stops everything)`);
}

main().catch((error: unknown) => {
  log.fatal(error instanceof Error ? error.message : String(error));
  void shutdown(1);
});
