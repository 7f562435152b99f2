// `npm run worker`: one scoring worker, here or on another machine (same DATABASE_URL and
// blob store: BLOB_URL=s3://… or a shared BLOB_DIR). Without DATABASE_URL it joins the embedded database of a running `npm start`.
// Built (`npm run build`, dist/cli/worker.mjs) it refuses a stale build or pending
// migrations; under tsx (development, tests) it runs the sources as they are.
// SIGTERM / SIGINT: stop taking jobs, kill the sandboxed runs in flight (their jobs go back
// to the queue at once: RunningWorker.stop releases their leases), exit.
import type http from "node:http";
import { disconnectPrisma } from "../db/client";
import { resolveDatabaseUrl } from "../db/database-url";
import { env } from "../env";
import { childLogger } from "../log";
import { runningFromBuild } from "../runtime/build-output";
import { SandboxUnavailableError, stopAllSandboxes } from "../sandbox/sandbox";
import { closeReadinessPools } from "../services/health/check-readiness";
import { startWorker, type RunningWorker } from "../worker/run-worker";
import { startWorkerHealthServer } from "../worker/worker-health-server";
import { productionProblems } from "./preflight";

const log = childLogger({ role: "worker" });
/** Past this, a stop that hangs (a stuck database call) ends with exit code 1 anyway. */
const STOP_DEADLINE_MS = 20_000;

let worker: RunningWorker | undefined;
let stopping = false;
let health: http.Server | undefined;

async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal, workerId: worker?.id }, "stopping: no new jobs; killing sandboxed runs in flight");
  setTimeout(() => {
    log.error(`did not stop within ${STOP_DEADLINE_MS / 1000} s; exiting anyway`);
    process.exit(1);
  }, STOP_DEADLINE_MS).unref();
  // Both at once: the queue stops fetching and waits for its handlers, which return as soon
  // as their sandboxes are killed.
  await Promise.all([worker?.stop().catch((error: unknown) => log.warn({ err: error }, "queue stop failed")), stopAllSandboxes()]);
  await disconnectPrisma().catch(() => undefined);
  await closeReadinessPools();
  health?.close();
  log.info("stopped");
  process.exit(0);
}

process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));

if (env.WORKER_HEALTH_PORT) {
  // Up before the worker, so an orchestrator sees a live but not (yet) ready worker.
  health = await startWorkerHealthServer(env.WORKER_HEALTH_PORT, { accepting: () => worker !== undefined && !stopping, workerId: () => worker?.id });
  log.info({ port: env.WORKER_HEALTH_PORT }, `health endpoints on :${env.WORKER_HEALTH_PORT} (/live, /ready)`);
}
if (runningFromBuild) {
  const problems = await productionProblems({ databaseUrl: resolveDatabaseUrl(), outputs: ["sandbox", "worker"] });
  if (problems.length > 0) {
    for (const problem of problems) log.fatal(problem);
    log.fatal(`not starting: ${problems.length} problem(s) above`);
    process.exit(1);
  }
}
for (let attempt = 0; !worker && !stopping; attempt++) {
  try {
    worker = await startWorker({ log: (message) => log.info(message) });
  } catch (error) {
    await disconnectPrisma().catch(() => undefined);
    // A missing sandbox is a setup problem: say what to install, without a stack trace.
    if (error instanceof SandboxUnavailableError) {
      log.fatal(error.message);
      process.exit(1);
    }
    log.error({ err: error }, `worker failed to start: ${error instanceof Error ? error.message : String(error)}`);
    // Without health endpoints the supervisor restarts us; with them, we stay live (not
    // ready, /ready says why) and try again, as the database may just be coming up.
    if (!health) process.exit(1);
    await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 1000 * 2 ** attempt)));
  }
}
