// `npm run worker`: one more scoring worker, here or on another machine (same DATABASE_URL
// and blob store: BLOB_URL=s3://… or a shared BLOB_DIR). Without DATABASE_URL it joins the
// embedded database of a running `npm start`.
import { startWorker } from "../worker/run-worker";
import { SandboxUnavailableError } from "../sandbox/sandbox";
import { disconnectPrisma } from "../db/client";

let worker: Awaited<ReturnType<typeof startWorker>>;
try {
  worker = await startWorker();
} catch (error) {
  // A missing sandbox is a setup problem: say what to install, without a stack trace.
  if (error instanceof SandboxUnavailableError) {
    console.error(`[worker] ${error.message}`);
    await disconnectPrisma().catch(() => undefined);
    process.exit(1);
  }
  throw error;
}
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await worker.stop().catch(() => undefined);
  await disconnectPrisma().catch(() => undefined);
  process.exit(0);
};
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
