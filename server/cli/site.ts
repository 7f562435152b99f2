// The site process: Next.js behind our own HTTP server (server/http/site-handler.ts), which
// answers the API's reads and anonymous visitors' pages without Next's per-request work.
// Started by `npm start` and `npm run serve` (built: dist/cli/site.mjs), never by hand.
// `--dev` runs Next's development server (hot reload) instead of the production build.
// SIGTERM and SIGINT drain: no new connections, the requests in flight finish, then exit 0.
import http from "node:http";
import next from "next";
import { env } from "../env";
import { createSiteHandler } from "../http/site-handler";
import { childLogger } from "../log";
import { projectRoot } from "../runtime/build-output";

const dev = process.argv.includes("--dev");
const log = childLogger({ role: "site" });
/** How long the requests in flight may take after SIGTERM. */
const DRAIN_MS = 20_000;

async function main(): Promise<void> {
  // Turbopack, as `next build` and `next dev` use by default since Next 16.
  const app = next({ dev, dir: projectRoot, port: env.PORT, turbopack: true });
  await app.prepare();
  const server = http.createServer(createSiteHandler({ next: app.getRequestHandler(), dev, log }));
  // Hot reload's websocket (dev only).
  if (dev) {
    const upgrade = app.getUpgradeHandler();
    server.on("upgrade", (req, socket, head) => {
      upgrade(req, socket, head).catch((error: unknown) => {
        log.warn({ err: error }, "websocket upgrade failed");
        socket.destroy();
      });
    });
  }
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(env.PORT, resolve);
  });
  log.info({ port: env.PORT, dev }, `site listening on port ${env.PORT}`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "stopping: finishing the requests in flight");
    server.close(() => {
      void app.close().finally(() => process.exit(0));
    });
    // Idle keep-alive connections would hold close() open until they time out.
    server.closeIdleConnections();
    setTimeout(() => {
      log.warn(`requests still running after ${DRAIN_MS / 1000} s; stopping anyway`);
      process.exit(1);
    }, DRAIN_MS).unref();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((error: unknown) => {
  log.fatal({ err: error }, "the site could not start");
  process.exit(1);
});
