// The leaderboard's statistics in a real browser, on the demo challenge `npm start` seeds: the
// worker scores the 2 baselines and 4 example entries, then computes the boards' bootstrap
// intervals, rank statistics, significance map and per-condition scores; an anonymous visitor
// sees them on the public board. Once a host closes the phase, everyone sees the private board
// with its own statistics and how the ranking moved from public to private.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Browser, Locator, Page } from "playwright-core";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_NUCLEI_SLUG } from "../../server/services/seed/seed-demo-challenges";
import { projectRoot, type AppServer } from "../support/app-server";
import { launchBrowser, signUpAdmin } from "../support/browser";
import { startSeededAppServer } from "../support/browser-session";

const outputDir = path.join(projectRoot, "tests", "output");
const PASSWORD = "correct horse battery";
/** The demo's seeded entries: 2 baselines and 4 examples. */
const SEEDED_ENTRIES = 6;
/** Pairs, blob-plot columns, interval-chart rows and bump-chart lines cover the top of the board. */
const TOP = 20;
const CONDITIONS = ["fluorescence", "brightfield", "histology"];
/** `0.412000 [0.398000, 0.427000]`. */
const SCORE_WITH_INTERVAL = /^\d\.\d{6} \[\d\.\d{6}, \d\.\d{6}\]$/;

let server: AppServer;
let browser: Browser;
/** Rows on the public board once its statistics covered every seeded entry. */
let publicRows = 0;

const leaderboardUrl = () => `${server.url}/challenges/${DEMO_NUCLEI_SLUG}?tab=leaderboard`;
const pairsOf = (n: number) => (Math.min(n, TOP) * (Math.min(n, TOP) - 1)) / 2;

/** The participant's name in a leaderboard row (the cell's first text node, before any badge). */
function participantOf(row: Locator): Promise<string> {
  return row.locator("td").nth(1).evaluate((td) => (td.childNodes[0]?.textContent ?? "").trim());
}

/** The table's header texts, in column order. */
function headerTexts(page: Page): Promise<string[]> {
  return page.locator('[data-testid="leaderboard-table"] thead th').evaluateAll((ths) => ths.map((th) => (th.textContent ?? "").trim()));
}

/** Score, low and high of `0.412000 [0.398000, 0.427000]`. */
function parseInterval(text: string): [number, number, number] {
  const [score, low, high] = (text.match(/\d+\.\d+/g) ?? []).map(Number);
  return [score ?? Number.NaN, low ?? Number.NaN, high ?? Number.NaN];
}

/**
 * Reloads `url` until `ready` holds (the board also updates itself; the reload makes sure a
 * fresh server render is looked at too), or fails with the last state `describe` gives.
 */
async function reloadUntil(page: Page, url: string, ready: () => Promise<boolean>, options: { timeout: number; what: string; describe: () => Promise<string> }): Promise<void> {
  const deadline = Date.now() + options.timeout;
  for (;;) {
    await page.goto(url, { waitUntil: "load", timeout: 60_000 });
    if (await ready()) return;
    if (Date.now() > deadline) {
      throw new Error(`${options.what} not shown after ${options.timeout / 1000} s; last seen: ${await options.describe()}\n--- server log (tail) ---\n${server.log().slice(-4000)}`);
    }
    await page.waitForTimeout(4_000);
  }
}

/** What the board shows now, for failure messages. */
async function boardState(page: Page): Promise<string> {
  const rows = await page.locator('[data-testid="leaderboard-row"]').count();
  const scores = await page.locator('[data-testid="score-cell"]').allTextContents();
  const statistics = await page.locator('[data-testid="board-statistics"]').count();
  const pending = await page.locator('[data-testid="statistics-pending"]').allTextContents();
  return JSON.stringify({ rows, scores, statistics, pending });
}

describe("the leaderboard's statistics on the demo challenge", () => {
  beforeAll(async () => {
    fs.mkdirSync(outputDir, { recursive: true });
    server = await startSeededAppServer();
    browser = await launchBrowser();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 120_000);

  it("should show intervals, rank statistics, per-condition scores and the charts on the public board", { timeout: 420_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const rows = page.locator('[data-testid="leaderboard-row"]');
    const scoreCells = page.locator('[data-testid="score-cell"]');
    // Scoring 6 submissions and the statistics job after them: a minute or two on a busy 2-core machine.
    await reloadUntil(
      page,
      leaderboardUrl(),
      async () => {
        if ((await page.locator('[data-testid="board-statistics"]').count()) === 0) return false;
        if ((await rows.count()) < SEEDED_ENTRIES) return false;
        // The statistics cover every row (each is recomputed after a scoring; the last one covers all 6).
        const scores = await scoreCells.allTextContents();
        return scores.length === (await rows.count()) && scores.every((s) => SCORE_WITH_INTERVAL.test(s.trim()));
      },
      { timeout: 360_000, what: "the board's statistics for every seeded entry", describe: () => boardState(page) },
    );

    const n = await rows.count();
    publicRows = n;
    expect(n).toBeGreaterThanOrEqual(SEEDED_ENTRIES);
    for (const text of await scoreCells.allTextContents()) {
      expect(text.trim()).toMatch(SCORE_WITH_INTERVAL);
      const [score, low, high] = parseInterval(text);
      expect(low, text).toBeLessThanOrEqual(score);
      expect(score, text).toBeLessThanOrEqual(high);
    }
    const rankCells = await page.locator('[data-testid="rank-cell"]').allTextContents();
    expect(rankCells).toHaveLength(n);
    for (const text of rankCells) expect(text.trim()).toMatch(/^\d+(\.\d)? \[\d+(\.\d)?, \d+(\.\d)?\]$/);

    const conditionColumns = (await page.locator('th[data-testid="condition-column"]').allTextContents()).map((t) => t.trim());
    expect(conditionColumns.some((c) => CONDITIONS.includes(c)), JSON.stringify(conditionColumns)).toBe(true);

    const statistics = page.locator('[data-testid="board-statistics"]');
    expect(await statistics.locator('[data-testid="kendall-tau"]').textContent()).toMatch(/: (-?\d\.\d{3}|undefined)/);
    expect(await statistics.locator('[data-testid="blob-plot"] [data-testid="blob"]').count()).toBeGreaterThan(0);
    expect(await statistics.locator('[data-testid="blob-plot"] [data-testid="blob-column"]').count()).toBe(Math.min(n, TOP));
    expect(await statistics.locator('[data-testid="significance-map"] [data-testid="significance-cell"]').count()).toBe(pairsOf(n));
    for (const flag of await statistics.locator('[data-testid="significance-cell"]').evaluateAll((cells) => cells.map((c) => c.getAttribute("data-significant")))) {
      expect(["true", "false"]).toContain(flag);
    }
    expect(await statistics.locator('[data-testid="interval-chart"] [data-testid="interval-row"]').count()).toBe(Math.min(n, TOP));
    await statistics.locator('[data-testid="condition-chart"]').waitFor({ timeout: 10_000 });

    const leader = await participantOf(rows.first());
    expect(leader.length).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="tied-with-leader"]').textContent()).toContain(leader);

    // The transfer gap the demo is built to show: tuned on fluorescence, poor on the rest.
    const headers = await headerTexts(page);
    const fluorescence = headers.indexOf("fluorescence");
    const other = ["histology", "brightfield"].map((c) => headers.indexOf(c)).find((i) => i >= 0) ?? -1;
    if (fluorescence >= 0 && other >= 0) {
      const tuned = rows.filter({ hasText: "Example: tuned on fluorescence" });
      expect(await tuned.count()).toBe(1);
      const cells = await tuned.locator("td").allTextContents();
      const onFluorescence = Number(cells[fluorescence]);
      const onOther = Number(cells[other]);
      expect(onFluorescence, `${headers[fluorescence]} vs ${headers[other]}: ${JSON.stringify(cells)}`).toBeGreaterThan(onOther + 0.1);
    }

    await page.screenshot({ path: path.join(outputDir, "leaderboard-statistics.png"), fullPage: true });
    await page.close();
  });

  it("should keep the private board closed to anonymous visitors while the phase is open", { timeout: 120_000 }, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(leaderboardUrl(), { waitUntil: "load", timeout: 60_000 });
    const button = page.locator('[data-testid="board-private"]');
    await button.waitFor({ timeout: 30_000 });
    expect(await button.isDisabled()).toBe(true);
    const input = encodeURIComponent(JSON.stringify({ json: { challenge: DEMO_NUCLEI_SLUG, board: "private" } }));
    const refused = await page.request.get(`${server.url}/api/trpc/leaderboard.get?input=${input}`);
    expect(refused.status()).toBe(403);
    await context.close();
  });

  it("should show everyone the private board, its statistics and the public-to-private shift once the host closes the phase", { timeout: 420_000 }, async () => {
    expect(publicRows, "the public board's test ran first").toBeGreaterThanOrEqual(SEEDED_ENTRIES);

    // An administrator (host of every challenge) closes the phase through the API, with the browser's session.
    const adminContext = await browser.newContext();
    const admin = await adminContext.newPage();
    await signUpAdmin(admin, server, { name: "Statistics Admin", email: `stats-admin-${crypto.randomBytes(4).toString("hex")}@example.org`, password: PASSWORD });
    const bySlugInput = encodeURIComponent(JSON.stringify({ json: { slug: DEMO_NUCLEI_SLUG } }));
    const challengeRes = await admin.request.get(`${server.url}/api/trpc/challenge.bySlug?input=${bySlugInput}`);
    expect(challengeRes.status()).toBe(200);
    const challenge = superjson.deserialize<{ phases: Array<{ id: string; state: string }> }>(((await challengeRes.json()) as { result: { data: never } }).result.data);
    const phase = challenge.phases.find((p) => p.state === "open");
    expect(phase, JSON.stringify(challenge.phases)).toBeDefined();
    const closed = await admin.request.post(`${server.url}/api/trpc/challenge.updatePhase`, {
      headers: { "content-type": "application/json" },
      data: JSON.stringify(superjson.serialize({ phaseId: phase!.id, endsAt: new Date(Date.now() - 5_000) })),
    });
    const closedBody = await closed.text();
    expect(closed.status(), closedBody).toBe(200);
    expect(superjson.deserialize<{ state: string }>((JSON.parse(closedBody) as { result: { data: never } }).result.data).state).toBe("closed");
    await adminContext.close();

    // A new anonymous visitor.
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    const button = page.locator('[data-testid="board-private"]');
    const shift = page.locator('[data-testid="rank-shift"]');
    await reloadUntil(
      page,
      leaderboardUrl(),
      async () => {
        if ((await button.count()) === 0 || (await button.isDisabled())) return false;
        // The click needs the page hydrated: try it, and look again after a reload if it did nothing.
        await button.click();
        return shift.waitFor({ timeout: 15_000 }).then(
          () => true,
          () => false,
        );
      },
      { timeout: 180_000, what: "the private board", describe: async () => `private button ${(await button.count()) ? (await button.isDisabled() ? "disabled" : "enabled") : "absent"}; ${await boardState(page)}` },
    );
    expect(await button.getAttribute("aria-pressed")).toBe("true");
    const rows = page.locator('[data-testid="leaderboard-row"]');
    await page.locator('[data-testid="board-statistics"]').waitFor({ timeout: 30_000 });
    const n = await rows.count();
    expect(n).toBe(publicRows);

    expect(await shift.locator('[data-testid="bump-chart"] [data-testid="bump-line"]').count()).toBe(Math.min(n, TOP));
    expect((await shift.locator('[data-testid="shift-tau"]').textContent())?.trim()).toMatch(/^(-?\d\.\d{3}|undefined)$/);
    const publicRanks = (await page.locator('[data-testid="public-rank-cell"]').allTextContents()).map((t) => t.trim());
    expect(publicRanks).toHaveLength(n);
    for (const text of publicRanks) expect(text).toMatch(/^\d+ (=|↑\d+|↓\d+)$/);
    // The public ranks are a permutation of 1..n (the same entries on both boards).
    expect(publicRanks.map((t) => Number(t.split(" ")[0])).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i + 1));

    // The private board's own statistics, on the private images.
    const statistics = page.locator('[data-testid="board-statistics"]');
    expect(await statistics.textContent()).toMatch(/private test images/);
    for (const text of await page.locator('[data-testid="score-cell"]').allTextContents()) {
      expect(text.trim()).toMatch(SCORE_WITH_INTERVAL);
      const [score, low, high] = parseInterval(text);
      expect(low, text).toBeLessThanOrEqual(score);
      expect(score, text).toBeLessThanOrEqual(high);
    }
    expect(await page.locator('[data-testid="rank-cell"]').count()).toBe(n);
    expect(await statistics.locator('[data-testid="significance-cell"]').count()).toBe(pairsOf(n));
    expect(await statistics.locator('[data-testid="interval-row"]').count()).toBe(Math.min(n, TOP));
    expect(await statistics.locator('[data-testid="blob"]').count()).toBeGreaterThan(0);
    const leader = await participantOf(rows.first());
    expect(await statistics.locator('[data-testid="tied-with-leader"]').textContent()).toContain(leader);

    await page.screenshot({ path: path.join(outputDir, "leaderboard-private-statistics.png"), fullPage: true });
    await context.close();
  });
});
