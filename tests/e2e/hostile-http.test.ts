// The hostile corpus over HTTP, against the real site (`npm start`): security headers,
// callbackUrl tricks at next-auth's endpoint and in the sign-in form, a cookie kept after
// sign-out or a password change, sign-in throttling.
import crypto from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppServer } from "../support/app-server";
import { launchBrowser } from "../support/browser";
import { startSeededAppServer } from "../support/browser-session";

const PASSWORD = "correct horse battery";

let server: AppServer;

beforeAll(async () => {
  server = await startSeededAppServer();
});

afterAll(async () => {
  await server?.stop();
});

/** A fresh documentation address per case: the site counts failures per address. */
function address(): string {
  const [a, b] = crypto.randomBytes(2);
  return `198.51.${a}.${b}`;
}

/** Just enough of a cookie jar for next-auth's csrf and session cookies. */
class Jar {
  private readonly cookies = new Map<string, string>();
  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair?.indexOf("=") ?? -1;
      if (!pair || eq < 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      // An expired or emptied cookie is next-auth clearing it.
      if (value === "" || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  get(name: string): string | undefined {
    return this.cookies.get(name);
  }
  clone(): Jar {
    const copy = new Jar();
    for (const [k, v] of this.cookies) copy.cookies.set(k, v);
    return copy;
  }
}

async function request(jar: Jar, path: string, init: RequestInit & { from?: string } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("cookie", jar.header());
  if (init.from) headers.set("x-forwarded-for", init.from);
  const res = await fetch(`${server.url}${path}`, { ...init, headers, redirect: "manual" });
  jar.take(res);
  return res;
}

async function signUp(name = "HTTP Tester"): Promise<{ email: string; password: string }> {
  const email = `http-${crypto.randomBytes(4).toString("hex")}@example.org`;
  const res = await fetch(`${server.url}/api/trpc/user.signUp`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ json: { email, name, password: PASSWORD } }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return { email, password: PASSWORD };
}

/** POSTs the credentials form to next-auth; returns the response (a redirect) and the jar. */
async function signIn(
  credentials: { email: string; password: string },
  options: { callbackUrl?: string; from?: string; jar?: Jar } = {},
): Promise<{ res: Response; jar: Jar }> {
  const jar = options.jar ?? new Jar();
  const csrf = (await (await request(jar, "/api/auth/csrf")).json()) as { csrfToken: string };
  const body = new URLSearchParams({ csrfToken: csrf.csrfToken, email: credentials.email, password: credentials.password });
  if (options.callbackUrl !== undefined) body.set("callbackUrl", options.callbackUrl);
  const res = await request(jar, "/api/auth/callback/credentials", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body,
    from: options.from ?? address(),
  });
  return { res, jar };
}

/** The `error` next-auth put in the redirect, or null. */
function errorOf(res: Response): string | null {
  const location = res.headers.get("location");
  return location ? new URL(location, server.url).searchParams.get("error") : null;
}

async function me(jar: Jar): Promise<number> {
  return (await request(jar, "/api/trpc/user.me")).status;
}

describe("hostile HTTP: security headers", () => {
  it.each([["/"], ["/auth/signin"], ["/api/trpc/challenge.list"], ["/api/health"], ["/api/auth/session"]])(
    "should send the security headers on %s",
    async (path) => {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status).toBeLessThan(500);
      const csp = res.headers.get("content-security-policy") ?? "";
      for (const directive of [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "object-src 'none'",
      ]) {
        expect(csp).toContain(directive);
      }
      // A production build: no eval, and no origin other than our own anywhere in the policy.
      expect(csp).not.toContain("unsafe-eval");
      expect(csp).not.toMatch(/https?:|\*/);
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      expect(res.headers.get("permissions-policy")).toMatch(/camera=\(\).*microphone=\(\).*geolocation=\(\)/);
    },
  );
});

describe("hostile HTTP: callbackUrl", () => {
  it.each([
    ["/%09/evil.example"],
    ["/\t/evil.example"],
    ["//evil.example"],
    ["https://evil.example/"],
    ["/\\evil.example"],
    ["javascript:alert(1)"],
  ])("should keep the redirect after signing in with callbackUrl %j on this site", async (callbackUrl) => {
    const account = await signUp();
    const { res, jar } = await signIn(account, { callbackUrl });
    expect(res.status).toBe(302);
    expect(errorOf(res)).toBeNull();
    const location = res.headers.get("location") ?? "";
    // As a browser would read it: tabs and newlines dropped, backslashes as slashes.
    expect(new URL(location, server.url).host).toBe(new URL(server.url).host);
    expect(jar.get("next-auth.session-token")).toBeTruthy();
  });

  it("should keep the sign-in form's redirect on this site for /%09/evil.example", async () => {
    const browser: Browser = await launchBrowser();
    try {
      const account = await signUp("Form Tester");
      const page = await browser.newPage();
      const visited: string[] = [];
      page.on("framenavigated", (frame) => visited.push(frame.url()));
      await page.goto(`${server.url}/auth/signin?callbackUrl=/%09/evil.example`);
      await page.fill('input[name="email"]', account.email);
      await page.fill('input[name="password"]', account.password);
      await page.click('[data-testid="signin-submit"]');
      await page.waitForURL((url) => !url.pathname.startsWith("/auth/signin"), { timeout: 30_000 });
      expect(new URL(page.url()).host).toBe(new URL(server.url).host);
      expect(visited.filter((u) => u.includes("evil.example") && new URL(u).host !== new URL(server.url).host)).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

describe("hostile HTTP: sessions", () => {
  it("should stop accepting a session cookie after sign-out", async () => {
    const account = await signUp();
    const { jar } = await signIn(account);
    expect(await me(jar)).toBe(200);
    const kept = jar.clone();
    const csrf = (await (await request(jar, "/api/auth/csrf")).json()) as { csrfToken: string };
    const out = await request(jar, "/api/auth/signout", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken: csrf.csrfToken }),
    });
    expect(out.status).toBe(302);
    // The attacker's copy of the cookie, still validly signed and unexpired, is refused.
    expect(await me(kept)).toBe(401);
    expect(await (await request(kept, "/api/auth/session")).json()).toEqual({});
  });

  it("should end other sessions when the password changes", async () => {
    const account = await signUp();
    const { jar: laptop } = await signIn(account);
    const { jar: stolen } = await signIn(account);
    expect(await me(stolen)).toBe(200);
    const res = await request(laptop, "/api/trpc/user.changePassword", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: { currentPassword: account.password, newPassword: "a brand new password" } }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await me(stolen)).toBe(401);
    const { jar: fresh } = await signIn({ email: account.email, password: "a brand new password" });
    expect(await me(fresh)).toBe(200);
  });
});

describe("hostile HTTP: the Settings page's password change", () => {
  it("should change the password, keep this browser signed in and sign other sessions out", async () => {
    const browser: Browser = await launchBrowser();
    try {
      const account = await signUp("Settings Tester");
      const { jar: elsewhere } = await signIn(account);
      const page = await browser.newPage();
      await page.goto(`${server.url}/auth/signin?callbackUrl=%2Fsettings`);
      await page.fill('input[name="email"]', account.email);
      await page.fill('input[name="password"]', account.password);
      await page.click('[data-testid="signin-submit"]');
      await page.waitForURL(`${server.url}/settings`);
      // 73 bytes: refused before anything is sent, with the reason.
      await page.fill('[data-testid="current-password"]', account.password);
      await page.fill('[data-testid="new-password"]', "n".repeat(73));
      await page.fill('[data-testid="confirm-password"]', "n".repeat(73));
      await page.click('[data-testid="change-password"]');
      await expect.poll(() => page.locator('[data-testid="password-error"]').textContent()).toMatch(/at most 72 bytes/);
      await page.fill('[data-testid="new-password"]', "a settings password");
      await page.fill('[data-testid="confirm-password"]', "a settings password");
      await page.click('[data-testid="change-password"]');
      await page.locator('[data-testid="password-changed"]').waitFor({ timeout: 30_000 });
      expect(await me(elsewhere)).toBe(401);
      // This browser signed straight back in with the new password.
      const status = await page.evaluate(async () => (await fetch("/api/trpc/user.me")).status);
      expect(status).toBe(200);
    } finally {
      await browser.close();
    }
  });
});

describe("hostile HTTP: throttling", () => {
  it("should refuse the right password with a clear message after 5 failures for one account", async () => {
    const account = await signUp();
    for (let i = 0; i < 5; i++) {
      const { res } = await signIn({ email: account.email, password: `guess ${i}` });
      expect(errorOf(res)).toBe("CredentialsSignin");
    }
    const { res, jar } = await signIn(account);
    expect(errorOf(res)).toMatch(/^Too many sign-in attempts for this account; try again in 1[45] minutes\.$/);
    expect(jar.get("next-auth.session-token")).toBeUndefined();
    // Another account is not affected.
    const other = await signUp();
    const { res: ok } = await signIn(other);
    expect(errorOf(ok)).toBeNull();
  });

  it("should refuse an address after 30 failures (X-Forwarded-For, last entry) and not another address", async () => {
    const account = await signUp();
    const attacker = address();
    for (let i = 0; i < 30; i++) {
      const { res } = await signIn({ email: `spray-${i}-${crypto.randomBytes(3).toString("hex")}@example.org`, password: "Winter2026!" }, { from: attacker });
      expect(errorOf(res)).toBe("CredentialsSignin");
    }
    const { res } = await signIn(account, { from: `10.9.8.7, ${attacker}` });
    expect(errorOf(res)).toMatch(/^Too many sign-in attempts from your network; try again in 1[45] minutes\.$/);
    const { res: elsewhere } = await signIn(account, { from: address() });
    expect(errorOf(elsewhere)).toBeNull();
  });
});
