// A worker's health endpoints for orchestrators (WORKER_HEALTH_PORT): GET /live answers
// while the process runs; GET /ready while it takes jobs and reaches the database, the queue
// and the blob store (the site's checks), 503 naming what fails or "stopping" on shutdown.
import http from "node:http";
import { checkReadiness, type Readiness } from "../services/health/check-readiness";

export interface WorkerHealthState {
  /** Started and not stopping: the worker takes jobs. */
  accepting(): boolean;
  workerId(): string | undefined;
}

async function send(res: http.ServerResponse, response: Response): Promise<void> {
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}

export async function startWorkerHealthServer(port: number, state: WorkerHealthState): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://worker");
    const role = { role: "worker", workerId: state.workerId() ?? null };
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    if (url.pathname === "/live") {
      void send(res, Response.json({ status: "live", ...role }, { headers: { "cache-control": "no-store" } }));
      return;
    }
    if (url.pathname === "/ready") {
      void checkReadiness()
        .then((readiness: Readiness) => {
          const accepting = state.accepting();
          const ok = readiness.ok && accepting;
          const failing = [...readiness.failing, ...(accepting ? [] : ["worker"])];
          const body = ok
            ? { status: "ready", ...role, checks: readiness.checks }
            : { status: "unavailable", failing, ...role, checks: { ...readiness.checks, worker: { ok: accepting, ms: 0, ...(accepting ? {} : { error: "not taking jobs (starting or stopping)" }) } } };
          return send(res, Response.json(body, { status: ok ? 200 : 503, headers: { "cache-control": "no-store" } }));
        })
        .catch(() => {
          res.writeHead(500).end();
        });
      return;
    }
    res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "not found: use /live or /ready" }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, () => resolve());
  });
  return server;
}
