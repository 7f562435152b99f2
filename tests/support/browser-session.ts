// The set-up browser tests share: one app server and one browser for the whole file.
import fs from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { projectRoot, startAppServer, type AppServer } from "./app-server";
import { launchBrowser } from "./browser";

/** Where browser tests leave screenshots and other output. */
export const outputDir = path.join(projectRoot, "tests", "output");

/**
 * Starts an app server and a browser before the file's tests (and makes `outputDir`), and
 * stops both after them. Read `server` and `browser` inside the tests, once they have started.
 */
export function useServerAndBrowser(): { readonly server: AppServer; readonly browser: Browser } {
  let server: AppServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    fs.mkdirSync(outputDir, { recursive: true });
    server = await startAppServer();
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
