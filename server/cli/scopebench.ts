// The scopebench CLI: the same tRPC endpoints as the site, authenticated with an API token
// (create one on the site's Settings page).
//   npm run cli -- submit --challenge <slug> --file <path> [--no-wait]
//   npm run cli -- status <submission-id> | status --challenge <slug>
//   npm run cli -- leaderboard --challenge <slug> [--private] [--top <n> | --all]
//   npm run cli -- challenge export <slug> [--out file.zip] | challenge import <file.zip> [--slug new-slug]
//   npm run cli -- challenge rule <slug> [--set rule.yaml [--preview] [--rescore]]
// and two operator commands that, like create-admin, work on the database directly (run them
// where DATABASE_URL points at the site's database, or next to `npm start`'s embedded one):
//   npm run cli -- grant-host <email or name> | revoke-host <email or name>
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { TRPCClientError } from "@trpc/client";
import { env } from "../env";
import { uploadFrameBody } from "../contracts/upload-frame";
import { describeZodIssues } from "../contracts/common";
import { ZSetRoleRequestSchema } from "../contracts/user";
import { createCliClient, formatBytes } from "./cli-client";
import { readRuleFile, showPreview, showRule } from "./scoring-rule-command";

const USAGE = `usage:
  npm run cli -- submit --challenge <slug> --file <path> [--no-wait]
  npm run cli -- status <submission-id>
  npm run cli -- status --challenge <slug>
  npm run cli -- leaderboard --challenge <slug> [--private] [--top <n> | --all]
         (the top 50 by default; your own position follows when it is further down)
  npm run cli -- challenge export <slug> [--out <file.zip>]   a challenge you host as a bundle
  npm run cli -- challenge import <file.zip> [--slug <new-slug>]   a new challenge from a bundle
  npm run cli -- challenge rule <slug>   its scoring rule (YAML), version and history
  npm run cli -- challenge rule <slug> --set <rule.yaml> [--preview] [--rescore]
         (--preview: score the sample submission and baselines under it, save nothing;
          --rescore: after saving, re-score the phases scored under an older version)
  npm run cli -- grant-host <email or name>    give an account the host role
  npm run cli -- revoke-host <email or name>   take it back (back to participant)
         (operator commands: they use the database in DATABASE_URL, or the embedded one, not a token)
options: --url <site url> (or SCOPEBENCH_URL, default http://localhost:3000)
         --token <api token> (or SCOPEBENCH_TOKEN; create one on the Settings page)`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    challenge: { type: "string" },
    file: { type: "string" },
    out: { type: "string" },
    set: { type: "string" },
    preview: { type: "boolean", default: false },
    rescore: { type: "boolean", default: false },
    slug: { type: "string" },
    url: { type: "string" },
    token: { type: "string" },
    private: { type: "boolean", default: false },
    top: { type: "string" },
    all: { type: "boolean", default: false },
    "no-wait": { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});

const baseUrl = (values.url ?? env.SCOPEBENCH_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, "");
const token = values.token ?? env.SCOPEBENCH_TOKEN;

const client = createCliClient(baseUrl, token);

const TERMINAL = new Set(["scored", "failed", "cancelled"]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function showSubmission(id: string, wait: boolean): Promise<number> {
  let last = "";
  for (;;) {
    const s = await client.submission.byId.query({ id });
    if (s.status !== last) {
      process.stderr.write(`${s.status}\n`);
      last = s.status;
    }
    if (TERMINAL.has(s.status) || !wait) {
      console.log(`submission ${s.id}  ${s.filename}  ${s.status}`);
      if (s.publicScore !== null) console.log(`public score:  ${s.publicScore.toFixed(6)}`);
      if (s.privateScore !== null) console.log(`private score: ${s.privateScore.toFixed(6)}`);
      if (s.errorMessage) console.log(`error: ${s.errorMessage}`);
      console.log(`${baseUrl}/submissions/${s.id}`);
      return s.status === "failed" ? 2 : 0;
    }
    await sleep(1000);
  }
}

function requireOption(value: string | undefined, name: string): string {
  if (!value) throw new UsageError(`missing --${name}`);
  return value;
}

class UsageError extends Error {}

/** Shows a challenge's scoring rule, or previews / saves one from a YAML or JSON file. */
async function scoringRuleCommand(slug: string): Promise<number> {
  if (!values.set) {
    console.log(showRule(await client.scoringRule.get.query({ slug })));
    return 0;
  }
  const rule = readRuleFile(values.set);
  if (!rule.ok) throw new UsageError(rule.problem);
  const preview = await client.scoringRule.preview.mutate({ slug, rule: rule.value });
  console.log(showPreview(preview));
  if (values.preview) return 0;
  const saved = await client.scoringRule.update.mutate({ slug, rule: rule.value });
  if (!saved.changed) {
    console.log(`unchanged: the rule is version ${saved.version} already`);
    return 0;
  }
  console.log(`saved as version ${saved.version}`);
  for (const offer of saved.rescore) {
    if (values.rescore) {
      const { requeued } = await client.submission.rescorePhase.mutate({ phaseId: offer.phaseId });
      console.log(`${offer.phaseName}: ${requeued} submissions queued for re-scoring`);
    } else {
      console.log(`${offer.phaseName}: ${offer.outdated} of ${offer.scored} scores were computed under an older version (--rescore re-scores them)`);
    }
  }
  return 0;
}

async function main(): Promise<number> {
  const command = positionals[0];
  if (values.help || !command) {
    console.log(USAGE);
    return command ? 0 : 1;
  }
  if (command === "submit") {
    const file = requireOption(values.file, "file");
    const challenge = requireOption(values.challenge, "challenge");
    if (!token) throw new UsageError("an API token is needed: pass --token or set SCOPEBENCH_TOKEN");
    if (!fs.existsSync(file)) throw new UsageError(`no such file: ${file}`);
    const blob = await fs.openAsBlob(file);
    const created = await client.submission.create.mutate(
      uploadFrameBody({ challenge, filename: path.basename(file), kind: file.endsWith(".onnx") ? "onnx_model" : "prediction_csv" }, blob),
    );
    console.error(`submitted ${created.id} (${formatBytes(created.sizeBytes)}, sha256 ${created.sha256.slice(0, 12)}…)`);
    return showSubmission(created.id, !values["no-wait"]);
  }
  if (command === "status") {
    const id = positionals[1];
    if (id) return showSubmission(id, false);
    const challenge = requireOption(values.challenge, "challenge");
    const rows = await client.submission.mine.query({ challenge });
    if (rows.length === 0) console.log("no submissions yet");
    for (const r of rows) {
      const score = r.publicScore === null ? "-" : r.publicScore.toFixed(6);
      console.log(`${r.createdAt.toISOString()}  ${r.id}  ${r.status.padEnd(9)}  ${score}  ${r.filename}`);
    }
    return 0;
  }
  if (command === "leaderboard") {
    const challenge = requireOption(values.challenge, "challenge");
    const top = values.all ? Number.POSITIVE_INFINITY : values.top === undefined ? 50 : Number(values.top);
    if (!(top >= 1) || (top !== Number.POSITIVE_INFINITY && !Number.isInteger(top))) {
      throw new UsageError(`--top must be a whole number of 1 or more, got "${values.top}"`);
    }
    // The site serves a board a page at a time (at most 200 rows): ask page after page up to --top.
    const pageSize = Math.min(200, top);
    const entries: { rank: number; score: number; participant: string; isBaseline: boolean; submissions: number }[] = [];
    let viewerEntry: (typeof entries)[number] | null = null;
    let first: { phaseName: string; board: string; metricId: string; total: number } | null = null;
    for (let page = 1; ; page++) {
      const board = await client.leaderboard.get.query({ challenge, board: values.private ? "private" : "public", page, pageSize });
      first ??= board;
      entries.push(...board.entries);
      viewerEntry = board.viewerEntry;
      if (board.entries.length < pageSize || entries.length >= top || entries.length >= board.total) break;
    }
    console.log(`${first.phaseName} — ${first.board} leaderboard (${first.metricId}), ${first.total} entries`);
    if (entries.length === 0) console.log("no scored submissions yet");
    const line = (e: (typeof entries)[number]) =>
      `${String(e.rank).padStart(4)}  ${e.score.toFixed(6)}  ${e.participant}${e.isBaseline ? " (baseline)" : ""}  [${e.submissions} submissions]`;
    const shown = entries.slice(0, top);
    for (const e of shown) console.log(line(e));
    if (shown.length < first.total) console.log(`  … ${first.total - shown.length} more (--top <n> or --all)`);
    if (viewerEntry && viewerEntry.rank > shown.length) console.log(`you:\n${line(viewerEntry)}`);
    return 0;
  }
  if (command === "challenge") {
    if (!token) throw new UsageError("an API token is needed: pass --token or set SCOPEBENCH_TOKEN");
    const [, action, target] = positionals;
    if (action === "export") {
      if (!target) throw new UsageError("challenge export needs the challenge's slug");
      const bundle = await client.challenge.exportBundle.query({ slug: target });
      const out = values.out ?? bundle.filename;
      fs.writeFileSync(out, Buffer.from(bundle.base64, "base64"));
      console.log(`wrote ${out}`);
      return 0;
    }
    if (action === "import") {
      if (!target) throw new UsageError("challenge import needs the bundle's zip file");
      if (!fs.existsSync(target)) throw new UsageError(`no such file: ${target}`);
      // Sent as an upload frame like submissions, so the zip travels as bytes, not base64 in JSON.
      const header = { filename: path.basename(target), ...(values.slug ? { slug: values.slug } : {}) };
      const created = await client.challenge.importBundle.mutate(uploadFrameBody(header, await fs.openAsBlob(target)));
      if (created.notice) console.error(created.notice);
      console.log(`created ${baseUrl}/challenges/${created.slug}`);
      return 0;
    }
    if (action === "rule") {
      if (!target) throw new UsageError("challenge rule needs the challenge's slug");
      return scoringRuleCommand(target);
    }
    throw new UsageError(`challenge needs export, import or rule, got "${action ?? ""}"`);
  }
  if (command === "grant-host" || command === "revoke-host") {
    const reference = positionals[1];
    if (!reference) throw new UsageError(`${command} needs the account's email address or display name`);
    const request = ZSetRoleRequestSchema.safeParse({ user: reference, role: command === "grant-host" ? "host" : "participant" });
    if (!request.success) throw new UsageError(describeZodIssues(request.error));
    // Loaded only here: the other commands talk to a site and need no database.
    const [{ withDatabase }, { setRole }] = await Promise.all([import("./with-database"), import("../services/user/set-role")]);
    const user = await withDatabase(() => setRole(request.data));
    console.log(`${user.name} (${user.email}) is now ${user.role === "host" ? "a host" : "a participant"}.`);
    return 0;
  }
  throw new UsageError(`unknown command "${command}"`);
}

main()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n${USAGE}`);
      process.exit(1);
    }
    if (error instanceof TRPCClientError) {
      console.error(`error: ${error.message}`);
      process.exit(error.data?.code === "UNAUTHORIZED" ? 1 : 2);
    }
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
