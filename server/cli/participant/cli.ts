// `scopebench`, the command participants install without this repository (the site serves it
// as one file and as an npm tarball, built by `npm run build` from this source). The same
// tRPC endpoints as the site, with an API token from the Settings page; Kaggle's everyday verbs.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { TRPCClientError } from "@trpc/client";
import { uploadFrameBody } from "../../contracts/upload-frame";
import { createCliClient, formatBytes } from "../cli-client";
import { configPath, readConfig, writeConfig } from "./config";

declare const __SCOPEBENCH_CLI_VERSION__: string | undefined;
const VERSION = typeof __SCOPEBENCH_CLI_VERSION__ === "string" ? __SCOPEBENCH_CLI_VERSION__ : "dev";

/** Exit codes (also in the usage text and the README). */
const EXIT = { ok: 0, usage: 1, failed: 2, auth: 3 } as const;

const USAGE = `scopebench ${VERSION}: the scopebench command line

usage:
  scopebench login --url <site> --token <api token>   store where and as whom (token from the site's Settings page)
  scopebench challenges list
  scopebench files download <challenge> [--path <dir>]
  scopebench submit <challenge> <file> [-m "message"] [--no-wait]
  scopebench submissions <challenge>
  scopebench leaderboard <challenge> [--private] [--download [<file.csv>]]
  scopebench status <submission>
options: --json (machine-readable output on stdout), --url, --token (or SCOPEBENCH_URL,
         SCOPEBENCH_TOKEN; otherwise what login stored in ${configPath()})
exit codes: 0 done; 1 usage or other error; 2 the submission failed or was refused;
            3 not logged in, or the token was refused`;

class CliError extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: "string" },
    token: { type: "string" },
    json: { type: "boolean", default: false },
    message: { type: "string", short: "m" },
    path: { type: "string" },
    private: { type: "boolean", default: false },
    download: { type: "boolean", default: false },
    "no-wait": { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
    version: { type: "boolean", default: false },
  },
});

const stored = readConfig();
const baseUrl = (values.url ?? process.env.SCOPEBENCH_URL ?? stored?.url ?? "http://localhost:3000").replace(/\/$/, "");
const token = values.token ?? process.env.SCOPEBENCH_TOKEN ?? stored?.token;

const client = createCliClient(baseUrl, token, { quiet: values.json });

const out = (human: string, json: unknown) => console.log(values.json ? JSON.stringify(json, null, 2) : human);
const score = (x: number | null | undefined) => (x === null || x === undefined ? "—" : x.toFixed(6));
const needToken = () => {
  if (!token) throw new CliError(`not logged in: run scopebench login --url <site> --token <api token> (tokens are made on the site's Settings page)`, EXIT.auth);
};
const arg = (index: number, what: string) => {
  const value = positionals[index];
  if (!value) throw new CliError(`missing ${what}`, EXIT.usage);
  return value;
};

async function login(): Promise<number> {
  if (!values.url || !values.token) throw new CliError("login needs --url <site> and --token <api token>", EXIT.usage);
  // A refused token is UNAUTHORIZED here: exit 3, and nothing stored.
  const me = await client.user.me.query();
  const file = writeConfig({ url: baseUrl, token: values.token });
  out(`logged in to ${baseUrl} as ${me.name}; stored in ${file}`, { url: baseUrl, user: me.name, config: file });
  return EXIT.ok;
}

async function challenges(): Promise<number> {
  if (positionals[1] !== "list") throw new CliError(`challenges needs list, got "${positionals[1] ?? ""}"`, EXIT.usage);
  const list = await client.challenge.list.query();
  out(list.map((c) => `${c.slug.padEnd(44)} ${(c.currentPhase ? `${c.currentPhase.name} (${c.currentPhase.state})` : "no phase").padEnd(22)} ${c.title}`).join("\n"), list);
  return EXIT.ok;
}

async function downloadFiles(): Promise<number> {
  if (positionals[1] !== "download") throw new CliError(`files needs download, got "${positionals[1] ?? ""}"`, EXIT.usage);
  const slug = arg(2, "the challenge's slug");
  const challenge = await client.challenge.bySlug.query({ slug });
  const dir = values.path ?? slug;
  fs.mkdirSync(dir, { recursive: true });
  const written: Array<{ name: string; path: string; bytes: number }> = [];
  for (const download of challenge.downloads) {
    const response = await fetch(`${baseUrl}${download.href}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    if (!response.ok || !response.body) throw new CliError(`${download.name}: the site answered ${response.status}`, EXIT.usage);
    const file = path.join(dir, download.name);
    const bytes = Buffer.from(await response.arrayBuffer());
    fs.writeFileSync(file, bytes);
    written.push({ name: download.name, path: file, bytes: bytes.byteLength });
    if (!values.json) console.error(`${file} (${formatBytes(bytes.byteLength)})`);
  }
  out(`${written.length} files in ${dir}`, written);
  return EXIT.ok;
}

const TERMINAL = new Set(["scored", "failed", "cancelled"]);

async function status(id: string, wait: boolean): Promise<number> {
  let last = "";
  for (;;) {
    const s = await client.submission.byId.query({ id });
    if (s.status !== last && !values.json) process.stderr.write(`${s.status}\n`);
    last = s.status;
    if (TERMINAL.has(s.status) || !wait) {
      const lines = [`submission ${s.id}  ${s.filename}  ${s.status}`];
      if (s.message) lines.push(`message: ${s.message}`);
      if (s.publicScore !== null) lines.push(`public score:  ${score(s.publicScore)}`);
      if (s.privateScore !== null) lines.push(`private score: ${score(s.privateScore)}`);
      if (s.errorMessage) lines.push(`error: ${s.errorMessage}`);
      lines.push(`${baseUrl}/submissions/${s.id}`);
      out(lines.join("\n"), { id: s.id, filename: s.filename, message: s.message, status: s.status, publicScore: s.publicScore, privateScore: s.privateScore, error: s.errorMessage, url: `${baseUrl}/submissions/${s.id}` });
      return s.status === "failed" ? EXIT.failed : EXIT.ok;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function submit(): Promise<number> {
  const slug = arg(1, "the challenge's slug");
  const file = arg(2, "the file to submit");
  if (!fs.existsSync(file)) throw new CliError(`no such file: ${file}`, EXIT.usage);
  const header = {
    challenge: slug,
    filename: path.basename(file),
    kind: file.toLowerCase().endsWith(".onnx") ? "onnx_model" : "prediction_csv",
    ...(values.message ? { message: values.message } : {}),
  };
  const created = await client.submission.create.mutate(uploadFrameBody(header, await fs.openAsBlob(file)));
  if (!values.json) console.error(`submitted ${created.id} (${formatBytes(created.sizeBytes)}, sha256 ${created.sha256.slice(0, 12)}…)`);
  return status(created.id, !values["no-wait"]);
}

async function submissions(): Promise<number> {
  const rows = await client.submission.mine.query({ challenge: arg(1, "the challenge's slug") });
  const line = (s: (typeof rows)[number]) =>
    `${s.id}  ${s.createdAt.toISOString().slice(0, 16).replace("T", " ")}  ${s.status.padEnd(9)} ${score(s.publicScore).padStart(9)} ${score(s.privateScore).padStart(9)}${s.chosen ? " final" : "      "}  ${s.filename}${s.message ? `  "${s.message}"` : ""}`;
  out(rows.length === 0 ? "no submissions yet" : ["id                          submitted         status       public   private        file", ...rows.map(line)].join("\n"), rows);
  return EXIT.ok;
}

const csvField = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

async function leaderboard(): Promise<number> {
  const slug = arg(1, "the challenge's slug");
  const board = values.private ? "private" : "public";
  const pageSize = 200;
  const first = await client.leaderboard.get.query({ challenge: slug, board, page: 1, pageSize: values.download ? pageSize : 20 });
  const entries = [...first.entries];
  // --download: the whole board, page by page.
  for (let page = 2; values.download && entries.length < first.total; page++) {
    const next = await client.leaderboard.get.query({ challenge: slug, board, page, pageSize });
    if (next.entries.length === 0) break;
    entries.push(...next.entries);
  }
  if (values.download) {
    const file = positionals[2] ?? `${slug}-${board}-leaderboard.csv`;
    const rows = entries.map((e) => [String(e.rank), csvField(e.participant), String(e.score), String(e.submissions), e.lastSubmissionAt.toISOString()].join(","));
    fs.writeFileSync(file, `Rank,Participant,Score,Submissions,LastSubmission\n${rows.join("\n")}\n`);
    out(`${entries.length} entries in ${file}`, { file, entries: entries.length });
    return EXIT.ok;
  }
  const lines = [`${first.phaseName}, ${board} board, ranked by ${first.rankedBy} (${first.higherIsBetter ? "higher" : "lower"} is better): ${first.total} entries`];
  for (const e of entries) lines.push(`${String(e.rank).padStart(4)}  ${score(e.score).padStart(9)}  ${e.participant}${e.isBaseline ? " (baseline)" : ""}`);
  out(lines.join("\n"), { ...first, entries });
  return EXIT.ok;
}

async function main(): Promise<number> {
  const command = positionals[0];
  if (values.version) {
    console.log(VERSION);
    return EXIT.ok;
  }
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? EXIT.ok : EXIT.usage;
  }
  if (command === "login") return login();
  needToken();
  if (command === "challenges") return challenges();
  if (command === "files") return downloadFiles();
  if (command === "submit") return submit();
  if (command === "submissions") return submissions();
  if (command === "leaderboard") return leaderboard();
  if (command === "status") return status(arg(1, "the submission's id"), false);
  throw new CliError(`unknown command "${command}"`, EXIT.usage);
}

main()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    if (error instanceof CliError) {
      console.error(`scopebench: ${error.message}${error.code === EXIT.usage ? `\n\n${USAGE}` : ""}`);
      process.exit(error.code);
    }
    if (error instanceof TRPCClientError) {
      const code = error.data?.code;
      console.error(`scopebench: ${error.message}`);
      // A refused upload (bad file, quota, closed phase) is the submission's failure; a refused token is the login's.
      process.exit(code === "UNAUTHORIZED" ? EXIT.auth : code === "BAD_REQUEST" || code === "CONFLICT" || code === "TOO_MANY_REQUESTS" || code === "PAYLOAD_TOO_LARGE" || code === "FORBIDDEN" ? EXIT.failed : EXIT.usage);
    }
    console.error(`scopebench: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(EXIT.usage);
  });
