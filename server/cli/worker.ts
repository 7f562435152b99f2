// `npm run worker`: one more scoring worker, here or on another machine (same DATABASE_URL
// and BLOB_DIR). Without DATABASE_URL it joins the embedded database of a running `npm start`.
import { startWorker } from "../worker/run-worker";
import { disconnectPrisma } from "../db/client";

const worker = await startWorker();
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
