// A host changes a running challenge in a real browser, in Berlin time: the pages (with a
// preview), a phase's quota and closing time, and the Rules tab states the new settings.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { signUpAdmin } from "../support/browser";
import type { Locator, Page } from "playwright-core";
import { projectRoot } from "../support/app-server";
import { outputDir, useServerAndBrowser } from "../support/browser-session";
import { createTokenOnSettingsPage, repositoryCli } from "../support/repository-cli";

const SLUG = "nucleus-segmentation-synthetic-dsb";

const e2e = useServerAndBrowser();
/** The first test makes it an administrator (create-admin makes only the first one without --force). */
const admin = { name: "Lifecycle Host", email: `lifecycle-${Date.now()}@example.org`, password: "correct horse battery" };

describe("hosting a running challenge in a browser", () => {
  it("should let a host edit the pages with a preview and a phase's times in their own zone, and the Rules tab state them", async () => {
    const context = await e2e.browser.newContext({ timezoneId: "Europe/Berlin", viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    await signUpAdmin(page, e2e.server, admin);

    await page.goto(`${e2e.server.url}/challenges/${SLUG}`);
    await page.click('[data-testid="edit-challenge-link"]');
    await page.waitForURL(new RegExp(`/challenges/${SLUG}/edit$`));

    // The pages, with the preview rendered as participants will see it.
    await page.click('[data-testid="edit-page-rules"]');
    await page.fill('[data-testid="edit-markdown"]', "## House rules\n- **Be kind** to the other participants.");
    await page.locator('[data-testid="edit-preview"] strong', { hasText: "Be kind" }).waitFor();
    await page.click('[data-testid="edit-save"]');
    await page.locator('[data-testid="challenge-editor"] .ok-box').waitFor();

    // The first phase: a new quota and a closing time typed in Berlin summer time (UTC+02:00),
    // before the demo's stage 2 opens (phases may not overlap).
    const phase = page.locator('[data-testid="phase-settings"]').first();
    await phase.locator('[data-testid="phase-daily"]').fill("0");
    await phase.locator('[data-testid="quota-warning"]').waitFor();
    expect(await phase.locator('[data-testid="quota-warning"]').textContent()).toMatch(/A daily quota of 0 means nobody can submit/);
    await phase.locator('[data-testid="phase-daily"]').fill("7");
    await phase.locator('[data-testid="phase-ends"]').fill("2027-06-30T19:45");
    expect(await phase.locator('[data-testid="phase-ends-zone"]').textContent()).toBe("your time zone, Europe/Berlin (UTC+02:00); that is 2027-06-30 17:45 UTC");
    await phase.locator('[data-testid="phase-save"]').click();
    await phase.locator(".ok-box").waitFor();
    await page.screenshot({ path: path.join(outputDir, "challenge-edit.png"), fullPage: true });

    await page.goto(`${e2e.server.url}/challenges/${SLUG}?tab=rules`);
    const rules = await page.locator("main").textContent();
    expect(rules).toContain("Be kind to the other participants.");
    const generated = await page.locator('[data-testid="phase-rules"]').textContent();
    expect(generated).toContain("7 submissions per day");
    expect(generated).toContain("2027-06-30 17:45 UTC");
    await context.close();
  });

  // Before the next test closes Stage 1: the boards checked here are Stage 1's.
  it("should let a host change the metric's parameters with a preview, re-score, make the worked-example custom scorer live, and import the exported bundle", async () => {
    const context = await e2e.browser.newContext({ viewport: { width: 1280, height: 1000 }, acceptDownloads: true });
    const page = await context.newPage();
    await signIn(page, admin);
    await page.goto(`${e2e.server.url}/challenges/${SLUG}/edit`);
    const rule = page.locator('[data-testid="scoring-rule-panel"]');

    // F1 at IoU 0.7 instead of DSB's mAP, from the form generated from f1-at-iou's parameters.
    await rule.locator('[data-testid="rule-metric"]').selectOption("f1-at-iou");
    await rule.locator('[data-testid="param-threshold"]').fill("0.7");
    const f1 = await previewBaselines(rule);
    expect(f1.length).toBeGreaterThanOrEqual(1);
    expect(await rule.locator('[data-testid="rule-preview-result"]').textContent()).toContain("metric: dsb2018-map → f1-at-iou");
    await rule.locator('[data-testid="rule-save"]').click();
    await rule.locator('[data-testid="rule-saved"]', { hasText: "Saved as version 2" }).waitFor();
    await rule.locator('[data-testid="rule-rescore"]').click();
    await rule.locator('[data-testid="rescore-queued"]').waitFor();
    // The worker re-scores the board under the new rule: the baselines show what the preview said.
    await expectBoard(page, "f1-at-iou", f1);

    // The worked example of scorers/CUSTOM-SCORERS.md: tried in the sandbox, then live.
    await page.goto(`${e2e.server.url}/challenges/${SLUG}/edit`);
    await page.locator('[data-testid="custom-scorer-file"]').setInputFiles(path.join(projectRoot, "scorers/custom/examples/f-beta-at-iou.js"));
    await page.fill('[data-testid="custom-scorer-params"]', '{"beta": 1}');
    await page.click('[data-testid="custom-scorer-upload"]');
    const trial = page.locator('[data-testid="custom-scorer-result"]');
    await trial.waitFor({ timeout: 120_000 });
    expect(await trial.textContent()).toMatch(/^Passed its trial\.[\s\S]*sample[\s\S]*✓ score [\d.]+[\s\S]*baseline[\s\S]*✓ score/);
    await page.click('[data-testid="custom-scorer-make-live"]');
    await page.locator('[data-testid="custom-scorer-live"]').waitFor();
    await expect.poll(() => rule.locator('[data-testid="rule-metric"]').inputValue(), { timeout: 30_000 }).toBe("custom:f-beta-at-iou@1.0.0");
    const custom = await previewBaselines(rule);
    expect(custom).not.toEqual(f1);
    await rule.locator('[data-testid="rule-rescore"]').click();
    await rule.locator('[data-testid="rescore-queued"]').waitFor();
    await expectBoard(page, "custom:f-beta-at-iou@1.0.0", custom);
    await page.screenshot({ path: path.join(outputDir, "custom-scorer-live.png"), fullPage: true });

    // The challenge as a bundle, imported as a new one: its scorer tried again on this site and live there too.
    await page.goto(`${e2e.server.url}/challenges/${SLUG}/edit`);
    const [download] = await Promise.all([page.waitForEvent("download"), page.click('[data-testid="export-bundle"]')]);
    const bundle = path.join(outputDir, "challenge-bundle.zip");
    await download.saveAs(bundle);
    await page.goto(`${e2e.server.url}/host`);
    await page.locator('[data-testid="bundle-file"]').setInputFiles(bundle);
    await page.fill('[data-testid="bundle-slug"]', "nuclei-copy");
    await page.click('[data-testid="bundle-import"]');
    await page.waitForURL(`${e2e.server.url}/challenges/nuclei-copy`, { timeout: 120_000 });
    await page.goto(`${e2e.server.url}/challenges/nuclei-copy?tab=evaluation`);
    const metric = await page.locator('[data-testid="metric-card"]').textContent();
    expect(metric).toContain("custom:f-beta-at-iou@1.0.0");

    // The same from the command line, with a token made on the Settings page.
    const cli = repositoryCli(e2e.server.url, await createTokenOnSettingsPage(page, e2e.server.url, "host laptop"));
    const shown = cli(["challenge", "rule", "nuclei-copy"]);
    expect(shown.status, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/# scoring rule of nuclei-copy, version 2[\s\S]*id: custom:f-beta-at-iou@1\.0\.0/);
    const ruleFile = path.join(outputDir, "rule.yaml");
    fs.writeFileSync(ruleFile, shown.stdout.replace("tieBreak: earlier-submission", "tieBreak: shared-rank"));
    const saved = cli(["challenge", "rule", "nuclei-copy", "--set", ruleFile]);
    expect(saved.status, saved.stderr).toBe(0);
    expect(saved.stdout).toMatch(/changes: ranking\.tieBreak: earlier-submission → shared-rank[\s\S]*saved as version 3/);
    const zip = path.join(outputDir, "cli-bundle.zip");
    expect(cli(["challenge", "export", "nuclei-copy", "--out", zip]).status).toBe(0);
    const imported = cli(["challenge", "import", zip, "--slug", "nuclei-copy-cli"]);
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stdout).toContain(`created ${e2e.server.url}/challenges/nuclei-copy-cli`);
    const again = cli(["challenge", "rule", "nuclei-copy-cli"]);
    expect(again.stdout).toMatch(/tieBreak: shared-rank/);
    await context.close();
  });

  it("should let an admin grant the host role and a host add a co-host, a phase, reorder phases, and close one", async () => {
    const colleague = { name: "Co Host", email: `cohost-${Date.now()}@example.org` };
    const other = await e2e.browser.newPage();
    await other.goto(`${e2e.server.url}/auth/signup`);
    await other.fill('input[name="name"]', colleague.name);
    await other.fill('input[name="email"]', colleague.email);
    await other.fill('input[name="password"]', "correct horse battery");
    await other.click('[data-testid="signup-submit"]');
    await other.waitForURL(`${e2e.server.url}/`);

    const context = await e2e.browser.newContext({ timezoneId: "America/New_York", viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    await page.goto(`${e2e.server.url}/auth/signin`);
    await page.fill('input[name="email"]', admin.email);
    await page.fill('input[name="password"]', admin.password);
    await page.click('[data-testid="signin-submit"]');
    await page.waitForURL(`${e2e.server.url}/`);

    // The Host page links the admin page, where the role is granted.
    await page.goto(`${e2e.server.url}/host`);
    await page.click('[data-testid="admin-link"]');
    await page.waitForURL(`${e2e.server.url}/admin`);
    await page.fill('[data-testid="grant-host-input"]', colleague.email);
    await page.click('[data-testid="grant-host-submit"]');
    await page.locator('[data-testid="staff-table"] tr', { hasText: colleague.email }).waitFor();

    await page.goto(`${e2e.server.url}/challenges/${SLUG}/edit`);
    await page.fill('[data-testid="host-add-input"]', colleague.name);
    await page.click('[data-testid="host-add"]');
    await page.locator('[data-testid="host-list"] li', { hasText: colleague.email }).waitFor();

    // A third phase after the demo's two (the form starts a week after the last phase closes); then the demo's stage 2 is moved up.
    await page.fill('[data-testid="add-phase-name"]', "Stage 3");
    await page.click('[data-testid="add-phase-submit"]');
    const items = page.locator('[data-testid="phase-item"]');
    await expect.poll(() => items.count(), { timeout: 30_000 }).toBe(3);
    await items.nth(1).locator('[data-testid="phase-up"]').click();
    await expect.poll(() => items.first().locator("h2").textContent(), { timeout: 30_000 }).toBe("1. Stage 2");

    // Stage 1 closed a minute ago, typed in New York time: the Submit tab says so and names the next phase.
    const stage1 = items.nth(1).locator('[data-testid="phase-settings"]');
    const minuteAgo = new Date(Date.now() - 60_000);
    const local = new Intl.DateTimeFormat("sv-SE", { timeZone: "America/New_York", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" })
      .format(minuteAgo)
      .replace(" ", "T");
    await stage1.locator('[data-testid="phase-ends"]').fill(local);
    expect(await stage1.locator('[data-testid="phase-ends-zone"]').textContent()).toMatch(/America\/New_York \(UTC−0[45]:00\)/);
    await stage1.locator('[data-testid="phase-save"]').click();
    await stage1.locator(".ok-box").waitFor();

    await other.goto(`${e2e.server.url}/challenges/${SLUG}?tab=submit`);
    const notice = await other.locator('[data-testid="submission-notice"]').textContent();
    expect(notice).toMatch(/^Stage 1 closed on \d{4}-\d\d-\d\d \d\d:\d\d UTC; it no longer accepts submissions\. The next phase, Stage 2, opens on /);
    expect(notice).toContain(`${minuteAgo.toISOString().slice(0, 16).replace("T", " ")} UTC`);
    await other.screenshot({ path: path.join(outputDir, "submit-closed.png"), fullPage: true });
    // The co-host sees the edit link.
    expect(await other.locator('[data-testid="edit-challenge-link"]').count()).toBe(1);
    await context.close();
  });
});

async function signIn(page: Page, account: { email: string; password: string }) {
  await page.goto(`${e2e.server.url}/auth/signin`);
  await page.fill('input[name="email"]', account.email);
  await page.fill('input[name="password"]', account.password);
  await page.click('[data-testid="signin-submit"]');
  await page.waitForURL(`${e2e.server.url}/`);
}

/** Previews the rule panel's draft; the baselines' public scores under it, as shown. */
async function previewBaselines(rule: Locator): Promise<string[]> {
  await rule.locator('[data-testid="rule-preview"]').click();
  const rows = rule.locator('[data-testid="rule-preview-row"]', { hasText: "baseline" });
  await rows.first().waitFor({ timeout: 120_000 });
  return rows.locator('[data-testid="rule-preview-public"]').allTextContents();
}

/** Waits until the public board ranks by `metricId` and shows each of `scores` (re-scoring runs in the worker). */
async function expectBoard(page: Page, metricId: string, scores: string[]) {
  await expect
    .poll(
      async () => {
        await page.goto(`${e2e.server.url}/challenges/${SLUG}?tab=leaderboard`);
        const caption = await page.locator('[data-testid="leaderboard-metric"]').textContent({ timeout: 10_000 }).catch(() => "");
        const cells = await page.locator('[data-testid="score-cell"]').allTextContents();
        return caption?.includes(metricId) && scores.every((score) => cells.some((cell) => cell.startsWith(score)));
      },
      { timeout: 180_000, interval: 2_000 },
    )
    .toBe(true);
}
