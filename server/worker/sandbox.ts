// Runs a scorer in a separate, limited child process: wall-clock timeout, V8 heap limit,
// an address-space limit through prlimit where available, a scrubbed environment (nothing
// network- or secret-related), read access to only the code and the two input files
// (Node's permission model), and an empty working directory. Whatever happens inside, the
// caller gets an outcome, never an exception, so the worker survives.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { REPLY_MARKER, ZSandboxReplySchema, type SandboxRequest } from "./sandbox-protocol";

const here = path.dirname(fileURLToPath(import.meta.url));
const projectRoot = path.resolve(here, "../..");
const childSource = path.join(here, "sandbox-child.ts");

let bundlePromise: Promise<string> | undefined;

/**
 * The child runs from one self-contained bundle (scorers and zod included), built once per
 * worker process: no TypeScript loader inside the sandbox, and the only code it may read is
 * that one file.
 */
export function sandboxBundle(outDir: string): Promise<string> {
  bundlePromise ??= (async () => {
    const { build } = await import("esbuild");
    fs.mkdirSync(outDir, { recursive: true });
    const outfile = path.join(outDir, `sandbox-child-${process.pid}.mjs`);
    await build({
      entryPoints: [childSource],
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      outfile,
      logLevel: "silent",
      alias: { "@": projectRoot },
    });
    return outfile;
  })().catch((error: unknown) => {
    bundlePromise = undefined;
    throw error;
  });
  return bundlePromise;
}

export type SandboxOutcome =
  | { kind: "scored"; report: Record<string, unknown>; elapsedMs: number }
  | { kind: "rejected"; rejection: { message: string; line?: number; imageId?: string }; elapsedMs: number }
  | { kind: "error"; message: string; detail: string; elapsedMs: number };

export interface SandboxLimits {
  timeoutMs: number;
  memoryMb: number;
}

let prlimitAvailable: boolean | undefined;
function hasPrlimit(): boolean {
  prlimitAvailable ??= spawnSync("prlimit", ["--version"], { stdio: "ignore" }).status === 0;
  return prlimitAvailable;
}

/** Node's permission flag was renamed when it became stable (Node 22.13 / 23.5). */
function permissionFlag(): string {
  const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
  return major > 23 || (major === 23 && minor >= 5) || (major === 22 && minor >= 13)
    ? "--permission"
    : "--experimental-permission";
}

export function buildSandboxCommand(request: SandboxRequest, limits: SandboxLimits, bundle: string) {
  const nodeArgs = [
    `--max-old-space-size=${limits.memoryMb}`,
    permissionFlag(),
    `--allow-fs-read=${bundle}`,
    `--allow-fs-read=${request.truthPath}`,
    `--allow-fs-read=${request.submissionPath}`,
    "--disable-warning=ExperimentalWarning",
    bundle,
    JSON.stringify(request),
  ];
  // V8 reserves far more address space than it uses; the cap sits above the heap limit
  // so that a runaway native allocation is stopped without breaking normal start-up.
  const addressSpaceBytes = (limits.memoryMb + 3072) * 1024 * 1024;
  if (hasPrlimit()) {
    return { command: "prlimit", args: [`--as=${addressSpaceBytes}`, "--", process.execPath, ...nodeArgs] };
  }
  return { command: process.execPath, args: nodeArgs };
}

const MAX_CAPTURE = 1 << 20;

export async function runInSandbox(
  request: SandboxRequest,
  limits: SandboxLimits,
  options: { signal?: AbortSignal; bundleDir?: string } = {},
): Promise<SandboxOutcome> {
  const started = Date.now();
  if (options.signal?.aborted) return { kind: "error", message: "Scoring was stopped.", detail: "aborted before start", elapsedMs: 0 };
  const bundle = await sandboxBundle(options.bundleDir ?? path.join(os.tmpdir(), "scopebench-sandbox"));
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "scopebench-sandbox-"));
  const { command, args } = buildSandboxCommand(request, limits, bundle);
  const child = spawn(command, args, {
    cwd: workDir,
    env: { PATH: "/usr/local/bin:/usr/bin:/bin", NODE_ENV: "production", TMPDIR: workDir, HOME: workDir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => {
    if (stdout.length < 64 * MAX_CAPTURE) stdout += d;
  });
  child.stderr.setEncoding("utf8").on("data", (d: string) => {
    if (stderr.length < MAX_CAPTURE) stderr += d;
  });

  let timedOut = false;
  let aborted = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, limits.timeoutMs);
  const onAbort = () => {
    aborted = true;
    child.kill("SIGKILL");
  };
  options.signal?.addEventListener("abort", onAbort);

  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on("error", () => resolve({ code: -1, signal: null }));
    child.on("close", (code, signal) => resolve({ code, signal }));
  });
  clearTimeout(timer);
  options.signal?.removeEventListener("abort", onAbort);
  fs.rmSync(workDir, { recursive: true, force: true });
  const elapsedMs = Date.now() - started;
  const detail = `exit=${exit.code} signal=${exit.signal}\n${stderr.slice(-8000)}`;

  if (aborted) return { kind: "error", message: "Scoring was stopped.", detail, elapsedMs };
  if (timedOut) {
    return {
      kind: "error",
      message: `Scoring took longer than the limit of ${Math.round(limits.timeoutMs / 1000)} s and was stopped.`,
      detail,
      elapsedMs,
    };
  }
  const markerAt = stdout.lastIndexOf(REPLY_MARKER);
  if (exit.code === 0 && markerAt >= 0) {
    const line = stdout.slice(markerAt + REPLY_MARKER.length).split("\n")[0] ?? "";
    const parsed = ZSandboxReplySchema.safeParse(JSON.parse(line));
    if (parsed.success) {
      const reply = parsed.data;
      if (reply.kind === "scored") return { kind: "scored", report: reply.report, elapsedMs };
      if (reply.kind === "rejected") return { kind: "rejected", rejection: reply.rejection, elapsedMs };
      return { kind: "error", message: "The challenge's scoring configuration is broken; the hosts have been told.", detail: reply.message, elapsedMs };
    }
  }
  if (/heap out of memory|Allocation failed|Cannot allocate memory|std::bad_alloc|RangeError: Array buffer allocation failed/i.test(stderr)) {
    return {
      kind: "error",
      message: `Scoring ran out of memory (limit ${limits.memoryMb} MiB) and was stopped.`,
      detail,
      elapsedMs,
    };
  }
  return { kind: "error", message: "Scoring crashed unexpectedly; the hosts have been told.", detail, elapsedMs };
}
