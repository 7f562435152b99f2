// The site's pages as a reader without JavaScript gets them: plain HTTP, no browser. The HTML
// itself must hold the challenges, a challenge's overview and leaderboard, titles and
// descriptions; unknown addresses answer 404; what is private stays out of anonymous HTML.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uploadFrameBody } from "../../server/contracts/upload-frame";
import type { AppServer } from "../support/app-server";
import { startSeededAppServer } from "../support/browser-session";

const SLUG = "nucleus-segmentation-synthetic-dsb";
const PASSWORD = "correct horse battery";
const PARTICIPANT = `SSR Tester ${crypto.randomBytes(3).toString("hex")}`;

let server: AppServer;
/** The signed-in participant's cookies, and the scored submission they made. */
let cookie = "";
let submission: { id: string; filename: string; sha256: string; publicScore: number };

/** Text as React writes it into HTML. */
function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
}

async function page(path: string, headers: Record<string, string> = {}): Promise<{ status: number; html: string }> {
  const res = await fetch(`${server.url}${path}`, { headers, redirect: "manual" });
  return { status: res.status, html: await res.text() };
}

/** A tRPC query over HTTP (superjson envelope), as the browser would make it. */
async function query<T>(path: string, input: unknown, headers: Record<string, string> = {}): Promise<T> {
  const url = `${server.url}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
  const res = await fetch(url, { headers });
  const body = (await res.json()) as { result?: { data: { json: T } }; error?: unknown };
  if (!body.result) throw new Error(`${path} failed: ${JSON.stringify(body.error)}`);
  return body.result.data.json;
}

function cookiesOf(res: Response, into: Map<string, string>): void {
  for (const line of res.headers.getSetCookie()) {
    const pair = line.split(";")[0] ?? "";
    const eq = pair.indexOf("=");
    if (eq > 0) into.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
}

/** Signs up through the API and signs in through next-auth's credentials endpoint; returns the Cookie header. */
async function signUpAndIn(name = PARTICIPANT): Promise<string> {
  const email = `ssr-${crypto.randomBytes(4).toString("hex")}@example.org`;
  const signUp = await fetch(`${server.url}/api/trpc/user.signUp`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ json: { email, name, password: PASSWORD } }),
  });
  expect(signUp.status, await signUp.clone().text()).toBe(200);
  const jar = new Map<string, string>();
  const csrfRes = await fetch(`${server.url}/api/auth/csrf`);
  cookiesOf(csrfRes, jar);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const header = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const signIn = await fetch(`${server.url}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: header() },
    body: new URLSearchParams({ csrfToken, email, password: PASSWORD }),
    redirect: "manual",
  });
  cookiesOf(signIn, jar);
  expect([...jar.keys()].some((name) => name.endsWith("next-auth.session-token"))).toBe(true);
  return header();
}

/** A submission of the sample file, uploaded as the site does (an upload frame to submission.create), once scored. */
async function submitSample(cookie: string): Promise<{ id: string; filename: string; sha256: string; publicScore: number }> {
  const sample = await (await fetch(`${server.url}/api/challenges/${SLUG}/files/sample_submission.csv`)).blob();
  const filename = `ssr-${crypto.randomBytes(3).toString("hex")}.csv`;
  const created = await fetch(`${server.url}/api/trpc/submission.create`, {
    method: "POST",
    headers: { "content-type": "application/octet-stream", cookie },
    body: uploadFrameBody({ challenge: SLUG, filename, kind: "prediction_csv" }, sample),
  });
  const createdBody = (await created.json()) as { result: { data: { json: { id: string } } } };
  expect(created.status, JSON.stringify(createdBody)).toBe(200);
  const id = createdBody.result.data.json.id;
  let scored: { status: string; sha256: string; publicScore: number | null } | null = null;
  for (let i = 0; i < 240 && !scored; i++) {
    const s = await query<{ status: string; sha256: string; publicScore: number | null }>("submission.byId", { id }, { cookie });
    if (s.status === "failed" || s.status === "cancelled") throw new Error(`the submission was not scored: ${JSON.stringify(s)}`);
    if (s.status === "scored") scored = s;
    else await new Promise((r) => setTimeout(r, 500));
  }
  if (!scored || scored.publicScore === null) throw new Error("the submission was not scored in two minutes");
  return { id, filename, sha256: scored.sha256, publicScore: scored.publicScore };
}

beforeAll(async () => {
  server = await startSeededAppServer();
  cookie = await signUpAndIn();
  submission = await submitSample(cookie);
});

afterAll(async () => {
  await server?.stop();
});

describe("server-rendered pages", () => {
  it("should list every published challenge in the HTML of /, with a title and description", async () => {
    const challenges = await query<{ slug: string; title: string; summary: string }[]>("challenge.list", undefined);
    expect(challenges.length).toBeGreaterThanOrEqual(2);
    const { status, html } = await page("/");
    expect(status).toBe(200);
    for (const c of challenges) {
      expect(html).toContain(escapeHtml(c.title));
      expect(html).toContain(`href="/challenges/${c.slug}"`);
    }
    expect(html).toMatch(/<title>Challenges · scopebench<\/title>/);
    expect(html).toMatch(/<meta name="description" content="[^"]+"/);
    expect(html).not.toContain("Loading challenges");
  });

  it("should put a challenge's overview, title and description in its HTML", async () => {
    const challenge = await query<{ title: string; summary: string; overviewMd: string }>("challenge.bySlug", { slug: SLUG });
    const { status, html } = await page(`/challenges/${SLUG}`);
    expect(status).toBe(200);
    expect(html).toContain(`<title>${escapeHtml(challenge.title)} · scopebench</title>`);
    expect(html).toContain(`<meta name="description" content="${escapeHtml(challenge.summary)}"`);
    // A plain sentence of the overview (markdown rendered, so one without markup characters).
    const sentence = challenge.overviewMd
      .split("\n")
      .map((line) => line.trim())
      .find((line) => line.length > 30 && !/[*_`#|[\]<>&"'\\]/.test(line));
    expect(sentence, "the demo overview has a plain line to look for").toBeDefined();
    expect(html).toContain(sentence?.slice(0, 30));
    expect(html).toContain('data-testid="test-set-reveal"');
    expect(html).not.toMatch(/>Loading…</);
  });

  it("should put the leaderboard's rows in the HTML of the leaderboard tab", async () => {
    const { status, html } = await page(`/challenges/${SLUG}?tab=leaderboard`);
    expect(status).toBe(200);
    const rows = html.match(/data-testid="leaderboard-row"/g) ?? [];
    expect(rows.length).toBeGreaterThanOrEqual(2); // the baseline and our participant
    expect(html).toContain(escapeHtml(PARTICIPANT));
    expect(html).toContain(submission.publicScore.toFixed(6));
    expect(html).toContain("<title>Leaderboard · ");
    expect(html).not.toContain("Loading the leaderboard");
  });

  it("should render the page of the leaderboard the URL names, with page links", async () => {
    // Past the end of a short board: the prefetch used the same input as the tab (or the HTML
    // would say "Loading"), and the pager links back as plain links.
    const { status, html } = await page(`/challenges/${SLUG}?tab=leaderboard&page=3`);
    expect(status).toBe(200);
    expect(html).not.toContain("Loading the leaderboard");
    expect(html).toContain('data-testid="leaderboard-page-empty"');
    expect(html.match(/data-testid="leaderboard-row"/g) ?? []).toEqual([]);
    expect(html).toContain(`href="/challenges/${SLUG}?tab=leaderboard&amp;page=1"`);
  });

  it("should answer 404 for unknown or malformed challenge slugs", async () => {
    for (const path of ["/challenges/no-such-challenge", "/challenges/NOT%20A%20SLUG", `/challenges/no-such-challenge?tab=leaderboard`]) {
      const { status, html } = await page(path);
      expect(status, path).toBe(404);
      expect(html).toContain("Page not found");
    }
  });

  it("should render a signed-in participant's submission on the server, and answer 404 for unknown ids", async () => {
    const own = await page(`/submissions/${submission.id}`, { cookie });
    expect(own.status).toBe(200);
    expect(own.html).toContain(submission.sha256);
    expect(own.html).toMatch(/data-testid="submission-status"[^>]*>scored</);
    expect(own.html).toContain(`<title>${escapeHtml(submission.filename)} · `);

    for (const id of ["no-such-submission", "not%20an%20id"]) {
      const missing = await page(`/submissions/${id}`, { cookie });
      expect(missing.status, id).toBe(404);
    }
    // Someone else's submission answers like an unknown one.
    const stranger = await signUpAndIn();
    expect((await page(`/submissions/${submission.id}`, { cookie: stranger })).status).toBe(404);
  });

  it("should keep private data out of anonymous HTML", async () => {
    const anonymous = await page(`/submissions/${submission.id}`);
    expect(anonymous.html).toContain('data-testid="sign-in-prompt"');
    expect(anonymous.html).not.toContain(submission.sha256);
    expect(anonymous.html).not.toContain(submission.filename);
    for (const tab of ["overview", "leaderboard", "submit", "mine", "data", "transfer"]) {
      const { status, html } = await page(`/challenges/${SLUG}?tab=${tab}`);
      expect(status, tab).toBe(200);
      expect(html, tab).not.toContain(submission.sha256);
      expect(html, tab).not.toContain(submission.filename);
      expect(html, tab).not.toContain("@example.org");
    }
  });
});

describe("the site server's shared pages and API reads", () => {
  it("should show anonymous visitors a change on the next request, however recently the page was served", async () => {
    const path = `/challenges/${SLUG}?tab=leaderboard`;
    const name = `Late Entrant ${crypto.randomBytes(3).toString("hex")}`;
    // Served (and kept) twice before the change.
    expect((await page(path)).html).not.toContain(name);
    expect((await page(path)).html).not.toContain(name);
    await submitSample(await signUpAndIn(name));
    const after = await page(path);
    expect(after.status).toBe(200);
    expect(after.html).toContain(escapeHtml(name));
    // The home page's counts moved with it (the API read and the kept page agree).
    const list = await query<{ slug: string; participants: number }[]>("challenge.list", undefined);
    const participants = list.find((c) => c.slug === SLUG)?.participants;
    expect(participants).toBeGreaterThanOrEqual(2);
    expect((await page("/")).html).toContain(`>${participants} participants<`);
  });

  it("should never give one visitor's page to another", async () => {
    const path = `/challenges/${SLUG}?tab=mine`;
    const anonymous = await page(path);
    expect(anonymous.html).toContain('data-testid="sign-in-prompt"');
    const own = await page(path, { cookie });
    expect(own.status).toBe(200);
    expect(own.html).toContain(escapeHtml(submission.filename));
    const again = await page(path);
    expect(again.html).not.toContain(submission.filename);
    expect(again.html).toContain('data-testid="sign-in-prompt"');
  });

  it("should give the API reads it answers itself the site's security headers and a request id", async () => {
    const res = await fetch(`${server.url}/api/trpc/challenge.list`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await fetch(`${server.url}/`);
    await kept.text();
    const page2 = await fetch(`${server.url}/`, { headers: { "x-request-id": "from-the-balancer-123" } });
    await page2.text();
    expect(page2.headers.get("x-request-id")).toBe("from-the-balancer-123");
    expect(page2.headers.get("content-security-policy")).toContain("default-src 'self'");
  });
});
