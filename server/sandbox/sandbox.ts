// Runs a scorer or a participant's model in a separate, limited child process. The child
// sees a filesystem of bubblewrap's making: the system's read-only /usr (node and its
// libraries), its own bundle, for model runs the project's node_modules (read-only, so
// onnxruntime-node resolves), the run's inputs bound read-only at fixed paths (/in/…), and an
// empty tmpfs as working directory, HOME and TMPDIR; every namespace bubblewrap can unshare
// (network, pid, ipc, uts, user, cgroup), no capabilities, an empty environment. Inside, an
// address-space limit (prlimit), a V8 heap limit and Node's permission model stay on as
// defence in depth (onnxruntime is native code, which Node's permission model cannot hold;
// the mount namespace can). The request goes in on stdin, the reply comes back as one frame
// on fd 3. Whatever happens inside, the caller gets an outcome, never an exception, so the
// worker survives.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { env } from "../env";
import { childLogger } from "../log";
import { buildPaths, newestSourceMtime, projectRoot, type SandboxKind } from "../runtime/build-output";
import { decodeFrame, MAX_FRAME_BYTES } from "./sandbox-frame";
import {
  parseSandboxMessage,
  ZSandboxReplySchema,
  type DescribeScorerRequest,
  type InspectRequest,
  type SandboxReply,
  type SandboxRequest,
} from "./sandbox-protocol";

/** Every request a sandboxed child takes. */
type AnyRequest = SandboxRequest | InspectRequest | DescribeScorerRequest;

const here = path.join(projectRoot, "server", "sandbox");
const CHILD_SOURCES = {
  /** Prediction files: no native code at all. */
  scorer: path.join(here, "sandbox-child.ts"),
  /** ONNX models: onnxruntime, a native addon, loaded from node_modules. */
  model: path.join(here, "sandbox-model-child.ts"),
} as const satisfies Record<SandboxKind, string>;

/**
 * Bundles one sandbox child into a self-contained file (scorers and zod included): no
 * TypeScript loader inside the sandbox, and the only code it may read is that one file.
 * `npm run build` makes both ahead of time (dist/sandbox); see sandboxBundle for the fallback.
 */
export async function buildSandboxBundle(kind: SandboxKind, outfile: string): Promise<string> {
  const { build, stop } = await import("esbuild");
  fs.mkdirSync(path.dirname(outfile), { recursive: true });
  // Written aside and renamed, so a worker never runs a half-written bundle.
  const partial = `${outfile}.${process.pid}.partial`;
  try {
    await build({
      entryPoints: [CHILD_SOURCES[kind]],
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      outfile: partial,
      logLevel: "silent",
      alias: { "@": projectRoot },
      // A native addon cannot be bundled; the bundle sits inside the project (dist/ or
      // node_modules/.cache) so that this import resolves to its node_modules.
      external: ["onnxruntime-node"],
      // CommonJS dependencies (pngjs) call require() for Node built-ins; an ES module has none.
      banner: { js: 'import { createRequire as __sandboxRequire } from "node:module"; const require = __sandboxRequire(import.meta.url);' },
    });
    fs.renameSync(partial, outfile);
  } finally {
    fs.rmSync(partial, { force: true });
    // esbuild keeps a service process alive for further builds; a lingering child would
    // hold up the web server's shutdown.
    await stop();
  }
  return outfile;
}

const bundlePromises = new Map<SandboxKind, Promise<string>>();

/**
 * The child bundle to run: the one `npm run build` made when it is newer than the sources
 * (always so under `npm run serve` / `npm run worker`, which refuse a stale build);
 * otherwise (development, tests) one built on first use in this process.
 */
function sandboxBundle(outDir: string, kind: SandboxKind = "scorer"): Promise<string> {
  const existing = bundlePromises.get(kind);
  if (existing) return existing;
  const prebuilt = buildPaths().sandbox(kind);
  const prebuiltStat = fs.statSync(prebuilt, { throwIfNoEntry: false });
  const promise = (prebuiltStat && prebuiltStat.mtimeMs >= newestSourceMtime()
    ? Promise.resolve(prebuilt)
    : buildSandboxBundle(kind, path.join(outDir, `sandbox-${kind}-${process.pid}.mjs`))
  ).catch((error: unknown) => {
    bundlePromises.delete(kind);
    throw error;
  });
  bundlePromises.set(kind, promise);
  return promise;
}

/** Inside the project, so the bundle's one external import (onnxruntime-node) resolves. */
const DEFAULT_BUNDLE_DIR = path.join(projectRoot, "node_modules", ".cache", "scopebench-sandbox");
const NODE_MODULES = path.join(projectRoot, "node_modules");
const log_ = childLogger({ role: "sandbox" });

// ---------------------------------------------------------------------------------------
// Running children, so a stopping worker ends them at once rather than leaving them to run
// until the scoring time limit.

const running = new Set<{ kill(): void; closed: Promise<void> }>();
let stopped = false;

/**
 * Kills every sandboxed run of this process (the whole process group) and refuses new ones;
 * their callers get an "aborted" outcome. Resolves when all have exited.
 */
export async function stopAllSandboxes(): Promise<void> {
  stopped = true;
  const runs = [...running];
  for (const run of runs) run.kill();
  await Promise.all(runs.map((run) => run.closed));
}



export type SandboxOutcome =
  | { kind: "scored"; report: Record<string, unknown>; elapsedMs: number }
  | { kind: "inspected"; problems: string[]; elapsedMs: number }
  /** A custom scorer's declaration as its module exports it: unchecked JSON. */
  | { kind: "described"; declaration: unknown; elapsedMs: number }
  /** The participant's model could not run (the message is safe to show). */
  | { kind: "model-error"; message: string; elapsedMs: number }
  | { kind: "rejected"; rejection: { message: string; line?: number; imageId?: string }; elapsedMs: number }
  /** Our side or the limits: `cause` says which, for callers that word it their own way. */
  | { kind: "error"; message: string; detail: string; elapsedMs: number; cause?: SandboxErrorCause };

type SandboxErrorCause = "unavailable" | "aborted" | "timeout" | "memory" | "crash" | "config";

export interface SandboxLimits {
  timeoutMs: number;
  memoryMb: number;
}

// ---------------------------------------------------------------------------------------
// Isolation: probed once per process; without it the sandbox refuses to run.

export type IsolationStatus = { ok: true } | { ok: false; missing: string[] };

/** Runs a trivial command under the same bubblewrap options a real run uses. */
function probeHostIsolation(): IsolationStatus {
  const missing: string[] = [];
  // The options real runs rely on, so an older bubblewrap without one of them counts as missing.
  const bwrap = spawnSync(
    "bwrap",
    [...NAMESPACE_ARGS, "--clearenv", "--ro-bind", "/", "/", "--size", "1048576", "--tmpfs", "/tmp", "--remount-ro", "/", "--chdir", "/tmp", "--", "/bin/true"],
    { stdio: "ignore", timeout: 10_000 },
  );
  if (bwrap.status !== 0) missing.push("bubblewrap (bwrap) with user, mount, pid and network namespaces");
  if (spawnSync("prlimit", ["--version"], { stdio: "ignore", timeout: 10_000 }).status !== 0) missing.push("prlimit (util-linux)");
  return missing.length === 0 ? { ok: true } : { ok: false, missing };
}

let isolationProbe: () => IsolationStatus = probeHostIsolation;
let isolationStatus: IsolationStatus | undefined;
let unsafeWarned = false;

/** Tests replace the probe (e.g. to simulate a machine without bubblewrap); null restores it. */
export function setIsolationProbeForTests(probe: (() => IsolationStatus) | null): void {
  isolationProbe = probe ?? probeHostIsolation;
  isolationStatus = undefined;
}

function sandboxIsolation(): IsolationStatus {
  isolationStatus ??= isolationProbe();
  return isolationStatus;
}

export class SandboxUnavailableError extends Error {
  constructor(missing: readonly string[]) {
    super(
      `The scoring sandbox cannot isolate runs on this machine (missing: ${missing.join("; ")}). ` +
        "Install bubblewrap: apt-get install bubblewrap, or set SCOPEBENCH_UNSAFE_NO_SANDBOX=1 for development " +
        "(never where untrusted submissions are taken).",
    );
    this.name = "SandboxUnavailableError";
  }
}

type SandboxMode = "isolated" | "unsafe";

/**
 * How runs are sandboxed here; throws SandboxUnavailableError where isolation is missing
 * and the development setting does not allow running without it. Workers and `npm start`
 * call this at start-up so they refuse to start rather than fail every job.
 */
export function assertSandboxAvailable(log: (message: string) => void = (m) => log_.warn(m)): SandboxMode {
  const status = sandboxIsolation();
  if (status.ok) return "isolated";
  if (!env.SCOPEBENCH_UNSAFE_NO_SANDBOX) throw new SandboxUnavailableError(status.missing);
  if (!unsafeWarned) {
    unsafeWarned = true;
    log(
      `[sandbox] WARNING: SCOPEBENCH_UNSAFE_NO_SANDBOX is set and isolation is missing (${status.missing.join("; ")}): ` +
        "scorers and models run WITHOUT filesystem and namespace isolation. Development only.",
    );
  }
  return "unsafe";
}

// ---------------------------------------------------------------------------------------
// What the child sees: host files bound read-only at fixed sandbox paths.

/** Every namespace bubblewrap can unshare; user and cgroup only where the kernel allows. */
const NAMESPACE_ARGS = ["--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL"] as const;

export const SANDBOX_PATHS = {
  bundle: "/sandbox/child.mjs",
  /** Next to the bundle, so its `import "onnxruntime-node"` resolves here. */
  nodeModules: "/sandbox/node_modules",
  truth: "/in/truth.csv",
  submission: "/in/submission",
  model: "/in/model.onnx",
  /** A host's custom scorer module (CommonJS text). */
  scorerModule: "/in/scorer.js",
  images: "/in/images",
  out: "/out",
  /** Working directory, HOME and TMPDIR: an empty tmpfs. */
  work: "/tmp",
} as const;

interface Bind {
  host: string;
  sandbox: string;
  writable?: boolean;
}

export interface SandboxPlan {
  /** The request as the child gets it: sandbox paths only. */
  request: AnyRequest;
  binds: Bind[];
  /** Sandbox paths Node's permission model lets the child read / write. */
  readable: string[];
  writable: string[];
  bundle: string;
  runsModel: boolean;
}

const isModelRun = (request: AnyRequest): boolean => ("mode" in request ? request.mode === "inspect" : request.model !== undefined);

/**
 * Maps a request onto the sandbox's filesystem. `isolated`: every server path is replaced by
 * a fixed sandbox path and bound there, so none enters the sandbox. `unsafe` (development
 * without bubblewrap): paths stay as they are, the permission model alone limits reads.
 */
export function planSandboxRun(
  request: AnyRequest,
  files: { bundle: string; nodeModules: string; outDir?: string },
  mode: SandboxMode,
): SandboxPlan {
  const runsModel = isModelRun(request);
  const binds: Bind[] = [];
  const map = (host: string, sandbox: string, writable = false): string => {
    if (mode === "unsafe") return host;
    binds.push({ host, sandbox, writable });
    return sandbox;
  };
  const bundle = map(files.bundle, SANDBOX_PATHS.bundle);
  const readable = [bundle];
  const writable: string[] = [];
  if (runsModel) readable.push(`${map(files.nodeModules, SANDBOX_PATHS.nodeModules)}/*`);

  if ("mode" in request && request.mode === "describe-scorer") {
    const modulePath = map(request.modulePath, SANDBOX_PATHS.scorerModule);
    readable.push(modulePath);
    return { request: { ...request, modulePath }, binds, readable, writable, bundle, runsModel };
  }
  if ("mode" in request) {
    const modelPath = map(request.modelPath, SANDBOX_PATHS.model);
    readable.push(modelPath);
    let outPath: string | undefined;
    if (files.outDir) {
      outPath = path.join(map(files.outDir, SANDBOX_PATHS.out, true), "model.onnx");
      writable.push(outPath);
    }
    return { request: { ...request, modelPath, ...(outPath ? { outPath } : {}) }, binds, readable, writable, bundle, runsModel };
  }

  const truthPath = map(request.truthPath, SANDBOX_PATHS.truth);
  const submissionPath = map(request.submissionPath, SANDBOX_PATHS.submission);
  readable.push(truthPath, submissionPath);
  let customScorer = request.customScorer;
  if (customScorer) {
    customScorer = { modulePath: map(customScorer.modulePath, SANDBOX_PATHS.scorerModule) };
    readable.push(customScorer.modulePath);
  }
  let model = request.model;
  if (model) {
    // Folders rather than thousands of files: they hold this dataset's images only.
    const folders = new Map<string, string>();
    const folderOf = (file: string): string => {
      const host = path.dirname(file);
      let mapped = folders.get(host);
      if (mapped === undefined) {
        mapped = map(host, `${SANDBOX_PATHS.images}/${folders.size}`);
        folders.set(host, mapped);
        readable.push(`${mapped}/*`);
      }
      return path.posix.join(mapped, path.basename(file));
    };
    model = {
      ...model,
      items: model.items.map((item) => ({ imageId: item.imageId, paths: Object.fromEntries(Object.entries(item.paths).map(([k, file]) => [k, folderOf(file)])) })),
    };
  }
  return {
    request: { ...request, truthPath, submissionPath, ...(model ? { model } : {}), ...(customScorer ? { customScorer } : {}) },
    binds,
    readable,
    writable,
    bundle,
    runsModel,
  };
}

/** Node's permission flag was renamed when it became stable (Node 22.13 / 23.5). */
function permissionFlag(): string {
  const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
  return major > 23 || (major === 23 && minor >= 5) || (major === 22 && minor >= 13)
    ? "--permission"
    : "--experimental-permission";
}

/** The system directories node needs (read-only); merged-/usr symlinks are recreated as symlinks. */
function systemArgs(): string[] {
  const args: string[] = [];
  for (const dir of ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"]) {
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(dir);
    } catch {
      continue;
    }
    if (stat.isSymbolicLink()) args.push("--symlink", fs.readlinkSync(dir), dir);
    else if (stat.isDirectory()) args.push("--ro-bind", dir, dir);
  }
  // The dynamic linker's cache: the only file of /etc node needs.
  args.push("--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache");
  // A node installed outside /usr (nvm, a tarball) is bound at its own path, alone.
  const node = fs.realpathSync(process.execPath);
  if (!/^\/(usr|bin|sbin|lib(32|64|x32)?)\//.test(node)) args.push("--ro-bind", node, node);
  return args;
}

let prlimitAvailable: boolean | undefined;

/** The command line: bwrap (isolated) or the bare limited node (unsafe), running the plan. */
export function buildSandboxCommand(plan: SandboxPlan, limits: SandboxLimits, mode: SandboxMode): { command: string; args: string[] } {
  const nodeArgs = [
    `--max-old-space-size=${limits.memoryMb}`,
    permissionFlag(),
    ...plan.readable.map((p) => `--allow-fs-read=${p}`),
    ...plan.writable.map((p) => `--allow-fs-write=${p}`),
    // onnxruntime is a native addon; the mount namespace, not Node, holds what it can reach.
    // The session runs in a worker thread so that inference overlaps image preparation.
    ...(plan.runsModel ? ["--allow-addons", "--allow-worker", "--disable-warning=SecurityWarning"] : []),
    "--disable-warning=ExperimentalWarning",
    plan.bundle,
  ];
  // V8 reserves far more address space than it uses; the cap sits above the heap limit
  // so that a runaway native allocation is stopped without breaking normal start-up.
  const addressSpaceBytes = (limits.memoryMb + 3072) * 1024 * 1024;
  const node = fs.realpathSync(process.execPath);
  const limited = [
    // Test hook (SCOPEBENCH_TEST_SANDBOX_DELAY_MS): the run sleeps inside the sandbox first.
    ...(env.SCOPEBENCH_TEST_SANDBOX_DELAY_MS > 0 ? ["/bin/sh", "-c", `sleep ${env.SCOPEBENCH_TEST_SANDBOX_DELAY_MS / 1000} && exec "$@"`, "sh"] : []),
    "prlimit", `--as=${addressSpaceBytes}`, "--", node, ...nodeArgs,
  ];
  if (mode === "unsafe") {
    // Asked once per process, not once per run.
    prlimitAvailable ??= spawnSync("prlimit", ["--version"], { stdio: "ignore" }).status === 0;
    const command = prlimitAvailable ? limited : [node, ...nodeArgs];
    return { command: command[0]!, args: command.slice(1) };
  }
  const args = [
    ...NAMESPACE_ARGS,
    "--clearenv",
    "--setenv", "PATH", "/usr/bin:/bin",
    "--setenv", "NODE_ENV", "production",
    "--setenv", "HOME", SANDBOX_PATHS.work,
    "--setenv", "TMPDIR", SANDBOX_PATHS.work,
    ...systemArgs(),
    "--proc", "/proc",
    "--dev", "/dev",
    "--size", String(64 * 1024 * 1024), "--tmpfs", SANDBOX_PATHS.work,
    ...plan.binds.flatMap((b) => [b.writable ? "--bind" : "--ro-bind", b.host, b.sandbox]),
    // The root is bubblewrap's own tmpfs (mount points live there): read-only as well, so
    // the tmpfs working directory and an inspect run's /out are all that can be written.
    "--remount-ro", "/",
    "--chdir", SANDBOX_PATHS.work,
    "--",
    ...limited,
  ];
  return { command: "bwrap", args };
}

// ---------------------------------------------------------------------------------------

const MAX_CAPTURE = 1 << 20;

function append(chunks: Buffer[], size: { bytes: number }, chunk: Buffer, limit: number): void {
  if (size.bytes >= limit) return;
  chunks.push(chunk.subarray(0, limit - size.bytes));
  size.bytes += Math.min(chunk.byteLength, limit - size.bytes);
}

export interface SandboxOptions {
  signal?: AbortSignal;
  bundleDir?: string;
  /**
   * Inspect runs: where the canonical re-encoding of the checked model is copied (a host
   * file path the caller owns). The child writes it to a writable bind of its own.
   */
  canonicalModelPath?: string;
}

export async function runInSandbox(request: AnyRequest, limits: SandboxLimits, options: SandboxOptions = {}): Promise<SandboxOutcome> {
  const started = Date.now();
  if (options.signal?.aborted || stopped) return { kind: "error", message: "Scoring was stopped.", detail: "aborted before start", elapsedMs: 0, cause: "aborted" };
  let mode: SandboxMode;
  try {
    mode = assertSandboxAvailable();
  } catch (error) {
    // Loud for the operator (the detail is logged), and no run without isolation.
    return { kind: "error", message: "Scoring is unavailable: the server's sandbox is not set up; the hosts have been told.", detail: String(error), elapsedMs: 0, cause: "unavailable" };
  }
  const runsModel = isModelRun(request);
  const bundle = await sandboxBundle(options.bundleDir ?? DEFAULT_BUNDLE_DIR, runsModel ? "model" : "scorer");
  // stopAllSandboxes may have run while the bundle was being built.
  if (stopped) return { kind: "error", message: "Scoring was stopped.", detail: "aborted before start", elapsedMs: Date.now() - started, cause: "aborted" };
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "scopebench-sandbox-"));
  const outDir = options.canonicalModelPath ? path.join(workDir, "out") : undefined;
  if (outDir) fs.mkdirSync(outDir, { mode: 0o700 });
  const home = path.join(workDir, "home");
  fs.mkdirSync(home, { mode: 0o700 });
  const plan = planSandboxRun(request, { bundle, nodeModules: NODE_MODULES, ...(outDir ? { outDir } : {}) }, mode);
  const { command, args } = buildSandboxCommand(plan, limits, mode);
  // Its own process group, so that one kill reaches everything it started (prlimit, node,
  // and in unsafe mode whatever those spawn); bubblewrap also dies with its parent.
  const child = spawn(command, args, {
    detached: true,
    cwd: mode === "unsafe" ? home : "/",
    env: mode === "unsafe" ? { PATH: "/usr/local/bin:/usr/bin:/bin", NODE_ENV: "production", TMPDIR: home, HOME: home } : { PATH: "/usr/bin:/bin", NODE_ENV: "production" as const },
    // stdin: the request; fd 3: the reply frame (see sandbox-frame.ts).
    stdio: ["pipe", "pipe", "pipe", "pipe"],
  });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  const reply: Buffer[] = [];
  const sizes = { stdout: { bytes: 0 }, stderr: { bytes: 0 }, reply: { bytes: 0 } };
  child.stdout?.on("data", (d: Buffer) => append(stdout, sizes.stdout, d, MAX_CAPTURE));
  child.stderr?.on("data", (d: Buffer) => append(stderr, sizes.stderr, d, MAX_CAPTURE));
  const replyStream = child.stdio[3];
  // One byte past the limit, so an oversized frame is seen as one rather than truncated into a valid one.
  replyStream?.on("data", (d: Buffer) => append(reply, sizes.reply, d, MAX_FRAME_BYTES + 5));
  replyStream?.on("error", () => undefined);
  // A child that dies before reading its request must not crash the worker with EPIPE.
  child.stdin?.on("error", () => undefined);
  child.stdin?.end(JSON.stringify(plan.request));

  let timedOut = false;
  let aborted = false;
  const killGroup = () => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
    } catch {
      child.kill("SIGKILL"); // the group is gone already, or never formed
    }
  };
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup();
  }, limits.timeoutMs);
  const onAbort = () => {
    aborted = true;
    killGroup();
  };
  options.signal?.addEventListener("abort", onAbort);

  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on("error", () => resolve({ code: -1, signal: null }));
    child.on("close", (code, signal) => resolve({ code, signal }));
  });
  const run = { kill: onAbort, closed: exit.then(() => undefined) };
  running.add(run);
  const exited = await exit;
  running.delete(run);
  clearTimeout(timer);
  options.signal?.removeEventListener("abort", onAbort);
  const elapsedMs = Date.now() - started;
  const stderrText = Buffer.concat(stderr).toString("utf8");
  const detail = `exit=${exited.code} signal=${exited.signal}\n${stderrText.slice(-8000)}`;
  try {
    if (aborted) return { kind: "error", message: "Scoring was stopped.", detail, elapsedMs, cause: "aborted" };
    if (timedOut) {
      return {
        kind: "error",
        message: `Scoring took longer than the limit of ${Math.round(limits.timeoutMs / 1000)} s and was stopped.`,
        detail,
        elapsedMs,
        cause: "timeout",
      };
    }
    const frame = exited.code === 0 ? decodeFrame(Buffer.concat(reply)) : null;
    let message: SandboxReply | null = null;
    let malformed: string | null = frame && !frame.ok ? frame.error : null;
    if (frame?.ok) {
      try {
        message = parseSandboxMessage(ZSandboxReplySchema, frame.value, "reply");
      } catch (error) {
        malformed = (error as Error).message;
      }
    }
    if (message) {
      if (message.kind === "scored") return { kind: "scored", report: message.report, elapsedMs };
      if (message.kind === "rejected") return { kind: "rejected", rejection: message.rejection, elapsedMs };
      if (message.kind === "model-error") return { kind: "model-error", message: message.message, elapsedMs };
      if (message.kind === "described") return { kind: "described", declaration: message.declaration, elapsedMs };
      if (message.kind === "inspected") {
        if (message.problems.length === 0 && outDir && options.canonicalModelPath) {
          // Only a regular file the child wrote (not a link it planted) is taken.
          const written = path.join(outDir, "model.onnx");
          const stat = fs.lstatSync(written, { throwIfNoEntry: false });
          if (!stat?.isFile()) return { kind: "error", message: "The model check did not produce the checked model.", detail, elapsedMs, cause: "crash" };
          fs.copyFileSync(written, options.canonicalModelPath);
        }
        return { kind: "inspected", problems: message.problems, elapsedMs };
      }
      return { kind: "error", message: "The challenge's scoring configuration is broken; the hosts have been told.", detail: message.message, elapsedMs, cause: "config" };
    }
    if (/heap out of memory|Allocation failed|Cannot allocate memory|std::bad_alloc|RangeError: Array buffer allocation failed/i.test(stderrText)) {
      return {
        kind: "error",
        message: `Scoring ran out of memory (limit ${limits.memoryMb} MiB) and was stopped.`,
        detail,
        elapsedMs,
        cause: "memory",
      };
    }
    const why = exited.code === 0 ? `\nreply: ${malformed ?? "not a sandbox reply"}` : "";
    return { kind: "error", message: "Scoring crashed unexpectedly; the hosts have been told.", detail: detail + why, elapsedMs, cause: "crash" };
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}
