// The set-up browser tests share: one app server and one browser for the whole file.
import fs from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, inject } from "vitest";
import { projectRoot, startAppServer, type AppServer } from "./app-server";
import { launchBrowser } from "./browser";
import { seededVarDir } from "./seeded-var-dir";

/** Where browser tests leave screenshots and other output. */
export const outputDir = path.join(projectRoot, "tests", "output");

/**
 * `npm start` on its own copy of the var directory seeded once per run (tests/support/
 * seeded-var-dir.ts): its own site, worker, database and blobs, with the demo challenges
 * already there and their entries queued for its worker. Without the e2e project's global
 * setup, a fresh start that seeds for itself.
 */
export async function startSeededAppServer(): Promise<AppServer> {
  const runDir = inject("e2eRunDir");
  return startAppServer({}, { copyOf: runDir ? await seededVarDir(runDir) : undefined });
}

/**
 * Starts an app server (startSeededAppServer) and a browser before the file's tests (and makes
 * `outputDir`), and stops both after them. Read `server` and `browser` inside the tests, once they have started.
 */
export function useServerAndBrowser(): { readonly server: AppServer; readonly browser: Browser } {
  let server: AppServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    fs.mkdirSync(outputDir, { recursive: true });
    server = await startSeededAppServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the ${what} has not started`);
    return value;
  };
  return {
    get server() {
      return started(server, "app server");
    },
    get browser() {
      return started(browser, "browser");
    },
  };
}
