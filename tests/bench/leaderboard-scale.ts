// `npm run bench:scale`: leaderboards, the home page and a challenge page under load, with
// 1,000, 10,000 and 100,000 scored submissions in one phase. Seeds a fresh database with
// bulk SQL (real User, Dataset, Challenge, Phase and Submission rows, as the site reads
// them), builds it (`npm run build`) and serves it with the production site server
// (dist/cli/site.mjs), then drives it with autocannon on loopback. Figures, not pass/fail.
//
//   npm run bench:scale [-- --sizes 1000,10000,100000 --duration 10 --skip-build --profile DIR]
//   --profile DIR   write the site's V8 CPU profile (.cpuprofile) into DIR when it stops
//   --only a,b      only the targets whose names start with a or b (e.g. leaderboard,home)
//   --node-args "…" more Node.js options for the site (e.g. "--trace-gc"); --site-log FILE keeps its output
//   DATABASE_URL  a server to create the benchmark database on (dropped afterwards);
//                 unset: an embedded PostgreSQL in a temporary folder, removed afterwards.
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import pg from "pg";
import { runMigrations } from "../../server/db/migrate";
import { findFreePort, startEmbeddedPostgres } from "../../server/db/embedded-postgres";
import { nodeTsArgs } from "../../server/cli/node-ts";
import { buildPaths } from "../../server/runtime/build-output";
import { descendantsOf } from "../support/app-server";

const root = path.resolve(import.meta.dirname, "../..");
const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const SIZES = (option("sizes") ?? "1000,10000,100000").split(",").map(Number);
const DURATION = Number(option("duration") ?? 10);
const RATE = 200;
/** `--only leaderboard,home`: just the targets whose names start with these. */
const ONLY = option("only")?.split(",");
const MAX_PARTICIPANTS = 5_000;
const participantsFor = (submissions: number) => Math.min(MAX_PARTICIPANTS, Math.max(1, Math.floor(submissions / 2)));
const serverUrl = process.env.DATABASE_URL;

async function createDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!serverUrl) {
    // An embedded PostgreSQL of its own: nothing else on the machine can touch its database.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scopebench-bench-pg-"));
    fs.chmodSync(dir, 0o755);
    const embedded = await startEmbeddedPostgres({ dataDir: path.join(dir, "data"), secretsDir: path.join(dir, "secrets"), database: "bench" });
    await runMigrations(embedded.url, root);
    return {
      url: embedded.url,
      async drop() {
        await embedded.stop();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `scale_bench_${Date.now()}_${crypto.randomBytes(3).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await runMigrations(url.toString(), root);
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Participants shared by every benchmark challenge: bench-user-00000 … */
async function seedUsers(db: pg.Client, count: number): Promise<void> {
  await db.query(
    `INSERT INTO "User" (id, email, name, role)
     SELECT 'bench-user-' || lpad(i::text, 5, '0'), 'bench' || i || '@example.org', 'Participant ' || i, 'participant'
       FROM generate_series(0, $1 - 1) i`,
    [count],
  );
}

/** A challenge whose open phase holds `submissions` scored submissions from `participants` users. */
async function seedChallenge(db: pg.Client, submissions: number, participants: number): Promise<{ slug: string; phaseId: string }> {
  const tag = `${submissions}`;
  const slug = `bench-${tag}`;
  await db.query(
    `INSERT INTO "Dataset" (id, slug, name, source, "truthKey", "taskType") VALUES ($1, $1, $2, 'bench', 'truth/none', 'instance_segmentation')`,
    [`bench-ds-${tag}`, `Benchmark dataset ${tag}`],
  );
  await db.query(
    `INSERT INTO "Challenge" (id, slug, title, summary, "overviewMd", "dataMd", "evaluationMd", "rulesMd", "taskType", "metricId", "submissionKinds", "datasetId")
     VALUES ($1, $2, $3, 'Load benchmark', '# Overview', '', '', '', 'instance_segmentation', 'dsb2018-map', '{prediction_csv}', $4)`,
    [`bench-ch-${tag}`, slug, `Benchmark with ${submissions.toLocaleString("en")} submissions`, `bench-ds-${tag}`],
  );
  const phaseId = `bench-ph-${tag}`;
  await db.query(
    `INSERT INTO "Phase" (id, "challengeId", name, "startsAt", "endsAt", "dailyQuota", "totalQuota")
     VALUES ($1, $2, 'Stage 1', now() - interval '30 days', now() + interval '30 days', 1000, 100000)`,
    [phaseId, `bench-ch-${tag}`],
  );
  // Spread over the 30 days the phase has been open; scores on a 1/1000 grid (many ties).
  await db.query(
    `INSERT INTO "Submission" (id, "userId", "challengeId", "phaseId", kind, filename, "blobKey", "sizeBytes", sha256,
                               status, "publicScore", "privateScore", "scorerId", "scorerVersion", "createdAt", "finishedAt")
     SELECT 'bench-s-' || $1 || '-' || i, 'bench-user-' || lpad((i % $2)::text, 5, '0'), $3, $4, 'prediction_csv',
            'submission.csv', 'submissions/bench/' || i, 1000, 'bench',
            'scored', round(random() * 1000) / 1000, round(random() * 1000) / 1000, 'dsb2018-map', 'bench',
            now() - interval '30 days' + (i * interval '25 seconds' * 100000 / $5), now()
       FROM generate_series(0, $5 - 1) i`,
    [tag, participants, `bench-ch-${tag}`, phaseId, submissions],
  );
  await db.query(`ANALYZE "Submission"`);
  return { slug, phaseId };
}

interface Site {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

function build(): void {
  console.log("building the site (npm run build) …");
  const started = Date.now();
  const result = spawnSync(process.execPath, [...nodeTsArgs(path.join(root, "server/cli/build.ts"))], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`npm run build failed:\n${result.stdout}\n${result.stderr}`);
  console.log(`built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

async function startSite(databaseUrl: string): Promise<Site> {
  const port = await findFreePort(3400);
  const varDir = fs.mkdtempSync(path.join(os.tmpdir(), "scopebench-bench-var-"));
  const profileDir = option("profile");
  const nodeArgs = [...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(profileDir)}`] : []), ...(option("node-args")?.split(" ").filter(Boolean) ?? [])];
  const child = spawn(process.execPath, [...nodeArgs, buildPaths(root).cli("site")], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      SCOPEBENCH_VAR_DIR: varDir,
      NEXTAUTH_SECRET: crypto.randomBytes(32).toString("hex"),
      NEXTAUTH_URL: `http://localhost:${port}`,
      NEXT_TELEMETRY_DISABLED: "1",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Never leave the site behind, whatever ends the benchmark.
  process.once("exit", () => child.kill("SIGTERM"));
  let output = "";
  const siteLog = option("site-log");
  const keep = (d: Buffer) => {
    output += d.toString();
    if (siteLog) fs.appendFileSync(siteLog, d);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the site exited:\n${output}`);
    try {
      // Liveness: readiness also wants the job queue, which only a worker creates.
      if ((await fetch(`${url}/api/health/live`)).ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGTERM");
      throw new Error(`the site did not come up:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    url,
    pid: child.pid!,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
      fs.rmSync(varDir, { recursive: true, force: true });
    },
  };
}


/** Resident memory of the site: the site server and any process it started. */
function siteRssMiB(pid: number): number {
  let kib = 0;
  for (const p of [pid, ...descendantsOf(pid)]) {
    try {
      const status = fs.readFileSync(`/proc/${p}/status`, "utf8");
      kib += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    } catch {
      // exited meanwhile
    }
  }
  return kib / 1024;
}

interface Row {
  size: string;
  target: string;
  mode: string;
  p50: number;
  p90: number;
  p99: number;
  rps: number;
  errors: number;
  non2xx: string;
  bytes: number;
}
const rows: Row[] = [];

async function load(size: string, target: string, mode: string, url: string, options: { rate?: number; connections: number; headers?: Record<string, string> }): Promise<void> {
  if (ONLY && !ONLY.some((name) => target.startsWith(name))) return;
  // Steady state: the first request of a target renders or ranks what the others are served
  // (its cost after a change is printed on its own above), and is not part of the figures.
  await timed(url, options.headers);
  const result = await autocannon({ url, connections: options.connections, duration: DURATION, overallRate: options.rate, headers: options.headers, timeout: 20 });
  const codes = Object.entries(result.statusCodeStats).map(([code, { count }]) => `${code}×${count}`).join(" ");
  const row = {
    size,
    target,
    mode,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    rps: Math.round(result.requests.average),
    errors: result.errors + result.timeouts,
    non2xx: codes,
    bytes: Math.round(result.throughput.average / Math.max(1, result.requests.average)),
  };
  rows.push(row);
  console.log(`  ${target.padEnd(16)} ${mode.padEnd(26)} p50 ${row.p50} ms  p90 ${row.p90} ms  p99 ${row.p99} ms  ${row.rps} req/s  errors ${row.errors}  [${codes}]  ~${(row.bytes / 1024).toFixed(1)} KiB/response`);
}

async function timed(url: string, headers: Record<string, string> = {}): Promise<{ ms: number; status: number; etag: string | null; bytes: number }> {
  const started = performance.now();
  const res = await fetch(url, { headers });
  const body = await res.arrayBuffer();
  return { ms: Math.round(performance.now() - started), status: res.status, etag: res.headers.get("etag"), bytes: body.byteLength };
}

async function main(): Promise<void> {
  console.log(`scale benchmark, ${new Date().toISOString()}, ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  const database = await createDatabase();
  let site: Site | undefined;
  try {
    const db = new pg.Client({ connectionString: database.url });
    // A dropped connection is reported by the query that needed it, not as a crash.
    db.on("error", (error) => console.error(`benchmark database connection: ${error.message}`));
    await db.connect();
    await seedUsers(db, MAX_PARTICIPANTS);
    const challenges: Array<{ size: number; slug: string }> = [];
    for (const size of SIZES) {
      const started = Date.now();
      const seeded = await seedChallenge(db, size, participantsFor(size));
      challenges.push({ size, slug: seeded.slug });
      console.log(`seeded ${size.toLocaleString("en")} scored submissions from ${participantsFor(size).toLocaleString("en")} participants in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    // Settled before measuring: statistics current, and the seeding's writes flushed, so no
    // checkpoint or autovacuum of the seed runs under the load.
    await db.query("VACUUM ANALYZE");
    await db.query("CHECKPOINT");
    if (!args.includes("--skip-build")) build();
    site = await startSite(database.url);
    console.log(`site up (pid ${site.pid}), RSS ${siteRssMiB(site.pid).toFixed(0)} MiB`);

    for (const { size, slug } of challenges) {
      const label = size.toLocaleString("en");
      const input = encodeURIComponent(JSON.stringify({ json: { challenge: slug, board: "public" } }));
      // What the site's leaderboard tab sends (app/_trpc/provider.tsx: unbatched, so it can be revalidated).
      const leaderboardUrl = `${site.url}/api/trpc/leaderboard.get?input=${input}`;
      console.log(`\n${label} submissions (${participantsFor(size).toLocaleString("en")} participants), RSS before ${siteRssMiB(site.pid).toFixed(0)} MiB`);
      const cold = await timed(leaderboardUrl);
      const warm = await timed(leaderboardUrl);
      console.log(`  first leaderboard request (ranks the phase): ${cold.ms} ms, ${(cold.bytes / 1024).toFixed(0)} KiB; again: ${warm.ms} ms`);
      // A new score: the next request re-ranks once (what a watcher sees after each scoring).
      // A real change: the version triggers ignore updates that leave every shown column as it was.
      await db.query(`UPDATE "Submission" SET "publicScore" = "publicScore" + 1e-9 WHERE id = $1`, [`bench-s-${size}-0`]);
      const afterChange = await timed(leaderboardUrl);
      console.log(`  first request after a new score (re-ranks): ${afterChange.ms} ms`);
      // Anonymous pages are kept until the data changes: the first visit after a change renders.
      const challengeUrl = `${site.url}/challenges/${slug}`;
      await timed(challengeUrl);
      const pageKept = await timed(challengeUrl);
      await db.query(`UPDATE "Submission" SET "publicScore" = "publicScore" + 1e-9 WHERE id = $1`, [`bench-s-${size}-0`]);
      const pageAfterChange = await timed(challengeUrl);
      console.log(`  challenge page: ${pageKept.ms} ms kept, ${pageAfterChange.ms} ms rendered after a new score`);
      const etag = (await timed(leaderboardUrl)).etag;
      // Unrecorded: the first seconds under load compile the request path (JIT), which the first recorded target would otherwise pay.
      await autocannon({ url: leaderboardUrl, connections: 20, duration: 3, overallRate: RATE, timeout: 20 });
      await load(label, "leaderboard", `${RATE}/s, full 200`, leaderboardUrl, { rate: RATE, connections: 20 });
      if (etag) await load(label, "leaderboard", `${RATE}/s, If-None-Match (304)`, leaderboardUrl, { rate: RATE, connections: 20, headers: { "if-none-match": etag } });
      // A page from the middle of the board: the same cached ranking, another slice.
      const middle = Math.max(1, Math.floor(participantsFor(size) / 50 / 2));
      const middleInput = encodeURIComponent(JSON.stringify({ json: { challenge: slug, board: "public", page: middle } }));
      await load(label, `leaderboard p.${middle}`, `${RATE}/s, full 200`, `${site.url}/api/trpc/leaderboard.get?input=${middleInput}`, { rate: RATE, connections: 20 });
      await load(label, "home", `${RATE}/s`, `${site.url}/`, { rate: RATE, connections: 20 });
      await load(label, "challenge", `${RATE}/s`, `${site.url}/challenges/${slug}`, { rate: RATE, connections: 20 });
      // The server-rendered leaderboard tab (its page of the board is in the HTML).
      await load(label, "leaderboard tab", `${RATE}/s`, `${site.url}/challenges/${slug}?tab=leaderboard&page=2`, { rate: RATE, connections: 20 });
      // The data behind the challenge page and the home page, as the client fetches it.
      const bySlugInput = encodeURIComponent(JSON.stringify({ json: { slug } }));
      await load(label, "challenge.bySlug", `${RATE}/s`, `${site.url}/api/trpc/challenge.bySlug?input=${bySlugInput}`, { rate: RATE, connections: 20 });
      await load(label, "challenge.list", `${RATE}/s`, `${site.url}/api/trpc/challenge.list`, { rate: RATE, connections: 20 });
      await load(label, "leaderboard", "20 connections, max", leaderboardUrl, { connections: 20 });
      if (etag) await load(label, "leaderboard", "20 connections, max, 304", leaderboardUrl, { connections: 20, headers: { "if-none-match": etag } });
      await load(label, "challenge", "20 connections, max", `${site.url}/challenges/${slug}`, { connections: 20 });
      console.log(`  RSS after ${siteRssMiB(site.pid).toFixed(0)} MiB`);
    }
    await db.end();
    console.log(`\nload average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
    console.log("\n| submissions | target | load | p50 ms | p90 ms | p99 ms | req/s | errors |");
    console.log("|---|---|---|---|---|---|---|---|");
    for (const r of rows) console.log(`| ${r.size} | ${r.target} | ${r.mode} | ${r.p50} | ${r.p90} | ${r.p99} | ${r.rps} | ${r.errors} |`);
  } finally {
    await site?.stop();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
