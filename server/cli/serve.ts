// `npm run serve`: the production site. It only serves: the build (`npm run build`) and the
// migrations (`npm run migrate`) are explicit steps, and it refuses to start, naming what is
// missing, when either is not done. Any number of these can run behind a load balancer
// (same DATABASE_URL, BLOB_URL and NEXTAUTH_SECRET); SIGTERM drains the site (server/cli/site.ts
// finishes the requests in flight) before the process exits.
import { spawn } from "node:child_process";
import { resolveDatabaseUrl } from "../db/database-url";
import { env } from "../env";
import { childLogger } from "../log";
import { buildPaths, projectRoot } from "../runtime/build-output";
import { assertSandboxAvailable, SandboxUnavailableError } from "../sandbox/sandbox";
import { productionProblems, shouldSeedDemo } from "./preflight";

const log = childLogger({ role: "serve" });

/** How long the site may take to finish its requests after SIGTERM before it is killed. */
const DRAIN_MS = 25_000;

async function main(): Promise<number> {
  const problems: string[] = [];
  let databaseUrl: string | undefined;
  try {
    databaseUrl = resolveDatabaseUrl();
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  }
  if (!env.NEXTAUTH_SECRET) {
    problems.push("NEXTAUTH_SECRET is not set: every site process needs the same secret (e.g. `openssl rand -hex 32`).");
  }
  try {
    // Upload-time model checks run in the sandbox inside the site process.
    assertSandboxAvailable((message) => log.warn(message));
  } catch (error) {
    if (!(error instanceof SandboxUnavailableError)) throw error;
    problems.push(error.message);
  }
  if (databaseUrl) problems.push(...(await productionProblems({ databaseUrl, outputs: ["site", "sandbox", "serve"] })));
  if (problems.length > 0) {
    for (const problem of problems) log.fatal(problem);
    log.fatal(`not starting: ${problems.length} problem(s) above`);
    return 1;
  }

  if (shouldSeedDemo({ seedDemo: env.SEED_DEMO, embeddedDatabase: false })) {
    const { seedDemoChallenges } = await import("../services/seed/seed-demo-challenges");
    const seeded = await seedDemoChallenges({ log: (message) => log.info(message) });
    log.info({ seeded }, seeded.length > 0 ? `seeded demo challenges: ${seeded.join(", ")}` : "SEED_DEMO=1: the database already has challenges; nothing seeded");
    const { disconnectPrisma } = await import("../db/client");
    const { stopQueue } = await import("../queue/scoring-queue");
    await stopQueue();
    await disconnectPrisma();
  }

  const site = spawn(process.execPath, [buildPaths().cli("site")], {
    cwd: projectRoot,
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: "inherit",
  });
  log.info({ port: env.PORT, pid: site.pid }, `site starting on port ${env.PORT}`);
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "stopping: the site finishes its requests in flight");
    site.kill(signal);
    setTimeout(() => {
      log.warn(`the site did not stop within ${DRAIN_MS / 1000} s; killing it`);
      site.kill("SIGKILL");
    }, DRAIN_MS).unref();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  const code = await new Promise<number>((resolve) => site.on("exit", (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0))));
  log.info({ code }, "site stopped");
  return code;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log.fatal({ err: error }, "serve failed");
    process.exit(1);
  },
);
