// A host changes a running challenge in a real browser, in Berlin time: the pages (with a
// preview), a phase's quota and closing time, and the Rules tab states the new settings.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { signUpAdmin } from "../support/browser";
import { outputDir, useServerAndBrowser } from "../support/browser-session";

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

    // The first phase: a new quota and a closing time typed in Berlin summer time (UTC+02:00).
    const phase = page.locator('[data-testid="phase-settings"]').first();
    await phase.locator('[data-testid="phase-daily"]').fill("0");
    await phase.locator('[data-testid="quota-warning"]').waitFor();
    expect(await phase.locator('[data-testid="quota-warning"]').textContent()).toMatch(/A daily quota of 0 means nobody can submit/);
    await phase.locator('[data-testid="phase-daily"]').fill("7");
    await phase.locator('[data-testid="phase-ends"]').fill("2031-06-30T19:45");
    expect(await phase.locator('[data-testid="phase-ends-zone"]').textContent()).toBe("your time zone, Europe/Berlin (UTC+02:00); that is 2031-06-30 17:45 UTC");
    await phase.locator('[data-testid="phase-save"]').click();
    await phase.locator(".ok-box").waitFor();
    await page.screenshot({ path: path.join(outputDir, "challenge-edit.png"), fullPage: true });

    await page.goto(`${e2e.server.url}/challenges/${SLUG}?tab=rules`);
    const rules = await page.locator("main").textContent();
    expect(rules).toContain("Be kind to the other participants.");
    const generated = await page.locator('[data-testid="phase-rules"]').textContent();
    expect(generated).toContain("7 submissions per day");
    expect(generated).toContain("2031-06-30 17:45 UTC");
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

    // A second phase after the first (the form starts a week after the last phase closes), then moved up.
    await page.fill('[data-testid="add-phase-name"]', "Stage 2");
    await page.click('[data-testid="add-phase-submit"]');
    const items = page.locator('[data-testid="phase-item"]');
    await expect.poll(() => items.count(), { timeout: 30_000 }).toBe(2);
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
