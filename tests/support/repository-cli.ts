// `npm run cli` (server/cli/scopebench.ts) against a running site, as a host or participant
// with an API token made on the site's Settings page: what browser tests drive from a shell.
import { spawnSync } from "node:child_process";
import path from "node:path";
import type { Page } from "playwright-core";
import { nodeTsArgs } from "../../server/cli/node-ts";
import { projectRoot } from "./app-server";

/** A new API token of the page's signed-in user, made on the Settings page. */
export async function createTokenOnSettingsPage(page: Page, siteUrl: string, name: string): Promise<string> {
  await page.goto(`${siteUrl}/settings`);
  await page.fill('[data-testid="token-name"]', name);
  await page.click('[data-testid="create-token"]');
  return (await page.locator('[data-testid="token-secret"]').textContent())?.trim() ?? "";
}

/** Runs the repository's CLI with `args` against `siteUrl` as the token's user (synchronously). */
export function repositoryCli(siteUrl: string, token: string) {
  return (args: string[]) =>
    spawnSync(process.execPath, nodeTsArgs(path.join(projectRoot, "server/cli/scopebench.ts")).concat(args), {
      cwd: projectRoot,
      env: { ...process.env, SCOPEBENCH_URL: siteUrl, SCOPEBENCH_TOKEN: token },
      encoding: "utf8",
      timeout: 120_000,
    });
}
