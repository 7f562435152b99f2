// Production mode over HTTP, on the build `npm start` makes (the same one `npm run build`
// makes): the site's readiness and liveness, request ids through proxy.ts, and `npm run
// serve` (only serving: SEED_DEMO semantics, draining on SIGTERM) on a database migrated
// with `npm run migrate`.
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeTsArgs } from "../../server/cli/node-ts";
import { findFreePort } from "../../server/db/embedded-postgres";
import { DEMO_NUCLEI_SLUG, DEMO_PROTEIN_SLUG } from "../../server/services/seed/seed-demo-challenges";
import { projectRoot, startAppServer, type AppServer } from "../support/app-server";
import { spawnLogged as spawnProcess } from "../support/logged-process";

let server: AppServer;
const children: ChildProcess[] = [];

beforeAll(async () => {
  server = await startAppServer();
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  await server?.stop();
});

function spawnLogged(args: string[], env: Record<string, string>) {
  return spawnProcess(args, env, children);
}

async function challengeSlugs(url: string): Promise<string[]> {
  const res = await fetch(`${url}/api/trpc/challenge.list`);
  const body = (await res.json()) as { result: { data: { json: Array<{ slug: string }> } } };
  return body.result.data.json.map((c) => c.slug).sort();
}

describe("the site's health endpoints", () => {
  it("should answer readiness with each check, and liveness", async () => {
    const ready = await fetch(`${server.url}/api/health`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: "ready",
      role: "site",
      checks: { database: { ok: true }, queue: { ok: true }, storage: { ok: true } },
    });
    const live = await fetch(`${server.url}/api/health/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toMatchObject({ status: "live" });
  });
});

describe("request ids", () => {
  it("should return a sane incoming x-request-id on pages and API responses", async () => {
    for (const address of ["/", "/api/trpc/challenge.list", "/api/health"]) {
      const res = await fetch(`${server.url}${address}`, { headers: { "x-request-id": "e2e-req-000123" } });
      expect(res.headers.get("x-request-id"), address).toBe("e2e-req-000123");
    }
  });

  it("should generate one when there is none or it is not sane", async () => {
    const none = await fetch(`${server.url}/`);
    const bad = await fetch(`${server.url}/`, { headers: { "x-request-id": "x" } });
    expect(none.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(bad.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("npm start with the embedded database", () => {
  it("should seed the demo challenges by default", async () => {
    expect(await challengeSlugs(server.url)).toEqual([DEMO_NUCLEI_SLUG, DEMO_PROTEIN_SLUG].sort());
  });
});

describe("npm run serve", () => {
  it("should only serve: seed only with SEED_DEMO=1, and stop cleanly on SIGTERM", async () => {
    // A second database on npm start's embedded server, migrated with `npm run migrate`.
    const embeddedUrl = (JSON.parse(fs.readFileSync(path.join(server.varDir, "embedded-postgres.json"), "utf8")) as { url: string }).url;
    const admin = new pg.Client({ connectionString: embeddedUrl });
    await admin.connect();
    await admin.query('CREATE DATABASE "serve_e2e"');
    await admin.end();
    const url = new URL(embeddedUrl);
    url.pathname = "/serve_e2e";
    const env = {
      DATABASE_URL: url.toString(),
      SCOPEBENCH_VAR_DIR: server.varDir,
      BLOB_DIR: path.join(server.varDir, "serve-blobs"),
      NEXTAUTH_SECRET: "e2e-serve-secret",
    };
    const migrate = spawnLogged(nodeTsArgs(path.join(projectRoot, "server/cli/migrate.ts")), env);
    expect(await migrate.exited, migrate.output()).toBe(0);

    const serveOnce = async (extra: Record<string, string>) => {
      const port = await findFreePort(3300);
      const serve = spawnLogged([path.join(projectRoot, "server/cli/run-built.mjs"), "serve"], { ...env, PORT: String(port), ...extra });
      const siteUrl = `http://localhost:${port}`;
      for (;;) {
        if (serve.child.exitCode !== null) throw new Error(`serve exited early:\n${serve.output()}`);
        const ok = await fetch(`${siteUrl}/api/health`).then((r) => r.ok, () => false);
        if (ok) break;
        await new Promise((r) => setTimeout(r, 300));
      }
      const slugs = await challengeSlugs(siteUrl);
      serve.child.kill("SIGTERM");
      const code = await serve.exited;
      return { slugs, code, output: serve.output() };
    };

    const plain = await serveOnce({});
    expect(plain.slugs).toEqual([]);
    expect(plain.code, plain.output).toBe(0);
    expect(plain.output).toContain("site stopped");

    const seeded = await serveOnce({ SEED_DEMO: "1" });
    expect(seeded.slugs).toEqual([DEMO_NUCLEI_SLUG, DEMO_PROTEIN_SLUG].sort());
    expect(seeded.code, seeded.output).toBe(0);
  });
});
