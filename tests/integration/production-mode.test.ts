// Production mode: `npm run migrate`, the production entry points' refusals, readiness and
// liveness of the site's checks and of a worker, request ids, and a worker's graceful stop
// killing its sandboxed run.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleTrpcRequest } from "../../server/api/handle-trpc-request";
import { nodeTsArgs } from "../../server/cli/node-ts";
import { disconnectPrisma, getPrisma } from "../../server/db/client";
import { findFreePort } from "../../server/db/embedded-postgres";
import { pendingMigrations } from "../../server/db/migrate";
import { getQueue, SCORING_QUEUE, stopQueue } from "../../server/queue/scoring-queue";
import { checkReadiness, closeReadinessPools, readinessResponse } from "../../server/services/health/check-readiness";
import { descendantsOf, isAlive } from "../support/app-server";
import { spawnLogged, type LoggedProcess } from "../support/logged-process";
import { callerFor, createChallenge, createUser, PERFECT_TINY_SUBMISSION, settleOtherFilesJobs, uploadStream } from "../support/fixtures";

const root = path.resolve(__dirname, "../..");
const children: ChildProcess[] = [];
const databases: string[] = [];
/** A port nothing listens on: PostgreSQL "down". */
const CLOSED_PORT_URL = "postgresql://nobody@127.0.0.1:1/nothing";

function run(script: string, env: Record<string, string>, args: string[] = []): LoggedProcess {
  return spawnLogged([...nodeTsArgs(path.join(root, script)), ...args], env, children);
}

/** A new, empty database on the test run's PostgreSQL server. */
async function freshDatabase(): Promise<string> {
  const base = process.env.DATABASE_URL!;
  const name = `scopebench_prod_${crypto.randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  databases.push(name);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, log: () => string, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}; output:\n${log().slice(-3000)}`);
}

// Workers here must see only the jobs this file makes.
beforeAll(settleOtherFilesJobs);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  await stopQueue();
  await closeReadinessPools();
  await disconnectPrisma();
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL! });
  await admin.connect();
  for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
});

describe("npm run migrate", () => {
  it("should apply every migration to a fresh database, then have nothing to do", async () => {
    const url = await freshDatabase();
    const first = run("server/cli/migrate.ts", { DATABASE_URL: url });
    expect(await first.exited, first.output()).toBe(0);
    expect(first.output()).toMatch(/applying \d+ migration\(s\)/);
    expect(first.output()).toContain("20261125000000_init");
    expect(await pendingMigrations(url)).toEqual([]);
    // The queue's schema and queues too, so a site is ready before any worker ran.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const queue = await client.query("SELECT name FROM pgboss.queue WHERE name = $1", [SCORING_QUEUE]);
    await client.end();
    expect(queue.rowCount).toBe(1);

    const second = run("server/cli/migrate.ts", { DATABASE_URL: url });
    expect(await second.exited, second.output()).toBe(0);
    expect(second.output()).toContain("is up to date; nothing to do");
  });

  it("should exit non-zero naming the database it cannot reach", async () => {
    const down = run("server/cli/migrate.ts", { DATABASE_URL: CLOSED_PORT_URL });
    expect(await down.exited).toBe(1);
    expect(down.output()).toContain("cannot reach the database at 127.0.0.1:1/nothing");
    expect(down.output()).not.toContain("nobody@");
  });
});

describe("npm run serve", () => {
  it("should refuse to start with pending migrations, naming them, and without NEXTAUTH_SECRET", async () => {
    const url = await freshDatabase();
    const serve = run("server/cli/serve.ts", { DATABASE_URL: url, NEXTAUTH_SECRET: "" });
    expect(await serve.exited, serve.output()).toBe(1);
    const fatal = serve
      .output()
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { level: number; msg: string })
      .filter((line) => line.level === 60)
      .map((line) => line.msg);
    expect(fatal.some((msg) => /database migration\(s\) not applied: 20261125000000_init, .*Run `npm run migrate` first/.test(msg)), fatal.join("\n")).toBe(true);
    expect(fatal.some((msg) => msg.startsWith("NEXTAUTH_SECRET is not set"))).toBe(true);
    expect(fatal.at(-1)).toMatch(/^not starting: \d problem\(s\) above$/);
    // It never migrates.
    expect((await pendingMigrations(url)).length).toBeGreaterThan(0);
  });

  it("should refuse to start without a build, saying to run npm run build", async () => {
    // The launcher as installed in a project without dist/.
    const project = fs.mkdtempSync(path.join(os.tmpdir(), "scopebench-nobuild-"));
    fs.mkdirSync(path.join(project, "server", "cli"), { recursive: true });
    fs.copyFileSync(path.join(root, "server/cli/run-built.mjs"), path.join(project, "server/cli/run-built.mjs"));
    const launcher = spawn(process.execPath, [path.join(project, "server/cli/run-built.mjs"), "serve"], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    launcher.stderr?.on("data", (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => launcher.on("close", resolve));
    fs.rmSync(project, { recursive: true, force: true });
    expect(code).toBe(1);
    expect(output).toContain("No production build: dist/cli/serve.mjs is missing. Run `npm run build` first");
  });
});

describe("readiness checks", () => {
  it("should report the database, the queue and the storage as ready, with timings", async () => {
    await getQueue();
    const readiness = await checkReadiness();
    expect(readiness).toMatchObject({ ok: true, failing: [], checks: { database: { ok: true }, queue: { ok: true }, storage: { ok: true } } });
    const response = readinessResponse(readiness);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; checks: Record<string, { ms: number }> };
    expect(body.status).toBe("ready");
    expect(typeof body.checks.database?.ms).toBe("number");
  });

  it("should answer 503 naming the database when it is down", async () => {
    const readiness = await checkReadiness({ databaseUrl: CLOSED_PORT_URL, timeoutMs: 3000 });
    expect(readiness.ok).toBe(false);
    expect(readiness.failing).toEqual(["database", "queue"]);
    expect(readiness.checks.database.error).toContain("ECONNREFUSED");
    expect(readiness.checks.storage.ok).toBe(true);
    const response = readinessResponse(readiness);
    expect(response.status).toBe(503);
    const body = (await response.json()) as { status: string; failing: string[] };
    expect(body).toMatchObject({ status: "unavailable", failing: ["database", "queue"] });
    expect(JSON.stringify(body)).not.toContain("nobody");
  });
});

describe("request ids", () => {
  const request = (headers: Record<string, string>) =>
    handleTrpcRequest(new Request("http://localhost/api/trpc/challenge.list", { headers }), async () => null);

  it("should return a sane incoming x-request-id on the response", async () => {
    const response = await request({ "x-request-id": "lb-0123456789abcdef" });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBe("lb-0123456789abcdef");
  });

  it("should give a request without one (or with a bad one) a fresh id", async () => {
    const none = await request({});
    const bad = await request({ "x-request-id": "evil\tid with spaces" });
    for (const response of [none, bad]) expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(none.headers.get("x-request-id")).not.toBe(bad.headers.get("x-request-id"));
  });
});

describe("a worker in production", () => {
  it("should serve /live and /ready, and answer 503 naming the database when it cannot reach it", async () => {
    const port = await findFreePort(3950);
    const worker = run("server/cli/worker.ts", { DATABASE_URL: CLOSED_PORT_URL, WORKER_HEALTH_PORT: String(port), HEALTH_TIMEOUT_MS: "3000" });
    const live = await waitFor("/live", async () => {
      const res = await fetch(`http://127.0.0.1:${port}/live`);
      return res.ok ? ((await res.json()) as { status: string }) : undefined;
    }, worker.output);
    expect(live.status).toBe("live");
    const ready = await fetch(`http://127.0.0.1:${port}/ready`);
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as { failing: string[] };
    expect(body.failing).toContain("database");
    expect(body.failing).toContain("worker");
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
  });

  it("should stop on SIGTERM with its sandbox killed, and give the submission back to the queue for another worker", async () => {
    const user = await createUser();
    const challenge = await createChallenge();
    const port = await findFreePort(3960);
    // Every sandboxed run sleeps (inside bubblewrap) for ten minutes before scoring.
    const worker = run("server/cli/worker.ts", { WORKER_HEALTH_PORT: String(port), SCOPEBENCH_TEST_SANDBOX_DELAY_MS: "600000" });
    await waitFor("the worker to be ready", async () => ((await fetch(`http://127.0.0.1:${port}/ready`)).status === 200 ? true : undefined), worker.output);
    const { id } = await callerFor(user).submission.create(uploadStream(challenge.slug, PERFECT_TINY_SUBMISSION));

    // The sandbox is up: the worker has a `sleep` among its descendants (bubblewrap's child).
    const sandboxed = await waitFor("the sandboxed run", async () => {
      const pids = descendantsOf(worker.child.pid!);
      const commands = pids.map((pid) => fs.readFileSync(`/proc/${pid}/comm`, "utf8").trim());
      return commands.includes("sleep") ? pids : undefined;
    }, worker.output);
    const status = await getPrisma().submission.findUniqueOrThrow({ where: { id }, select: { status: true } });
    expect(status.status).toBe("running");

    worker.child.kill("SIGTERM");
    // Bounded: far below the scoring limit and the sandbox's ten-minute sleep.
    const code = await Promise.race([worker.exited, new Promise<"hung">((r) => setTimeout(() => r("hung"), 30_000))]);
    expect(code, worker.output()).toBe(0);
    await waitFor("the sandbox's processes to be gone", async () => (sandboxed.filter(isAlive).length === 0 ? true : undefined), worker.output, 10_000);
    expect(worker.output()).toContain("stopping: no new jobs; killing sandboxed runs in flight");
    // The job's handler came back from its killed sandbox before the process exited
    // (rather than being cut off by the exit), wrote no result and gave the job back.
    expect(worker.output()).toContain(`scoring ${id}: released`);
    // Not failed by the stop: back in the queue at once, for the next worker.
    const after = await getPrisma().submission.findUniqueOrThrow({ where: { id }, select: { status: true, leaseOwner: true } });
    expect(after).toEqual({ status: "queued", leaseOwner: null });

    const next = run("server/cli/worker.ts", {});
    const finished = await waitFor("the takeover", async () => {
      const s = await getPrisma().submission.findUnique({ where: { id }, select: { status: true, publicScore: true, takeovers: true } });
      return s && s.status !== "running" && s.status !== "queued" ? s : undefined;
    }, next.output);
    // Released, not taken over: the stop uses up none of the job's attempts.
    expect(finished).toMatchObject({ status: "scored", publicScore: 1, takeovers: 0 });
    next.child.kill("SIGTERM");
    expect(await next.exited).toBe(0);
  });
});
