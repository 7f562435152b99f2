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
import { REPLY_MARKER, ZSandboxReplySchema, type InspectRequest, type SandboxRequest } from "./sandbox-protocol";

const compiledHere = path.dirname(fileURLToPath(import.meta.url));
// Under Next.js (upload-time model checks) this module is compiled into .next/; the
// sources the sandbox bundles stay in the project, which is then the working directory.
const projectRoot = fs.existsSync(path.join(compiledHere, "sandbox-child.ts")) ? path.resolve(compiledHere, "../..") : process.cwd();
const here = path.join(projectRoot, "server", "worker");
const CHILD_SOURCES = {
  /** Prediction files: no native code at all. */
  scorer: path.join(here, "sandbox-child.ts"),
  /** ONNX models: onnxruntime, a native addon, loaded from node_modules. */
  model: path.join(here, "sandbox-model-child.ts"),
} as const;
type ChildKind = keyof typeof CHILD_SOURCES;

const bundlePromises = new Map<ChildKind, Promise<string>>();

/**
 * The child runs from one self-contained bundle (scorers and zod included), built once per
 * worker process: no TypeScript loader inside the sandbox, and the only code it may read is
 * that one file.
 */
export function sandboxBundle(outDir: string, kind: ChildKind = "scorer"): Promise<string> {
  const existing = bundlePromises.get(kind);
  if (existing) return existing;
  const promise = (async () => {
    const { build, stop } = await import("esbuild");
    fs.mkdirSync(outDir, { recursive: true });
    const outfile = path.join(outDir, `sandbox-${kind}-${process.pid}.mjs`);
    await build({
      entryPoints: [CHILD_SOURCES[kind]],
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      outfile,
      logLevel: "silent",
      alias: { "@": projectRoot },
      // A native addon cannot be bundled; the bundle sits inside the project (see
      // DEFAULT_BUNDLE_DIR) so that this import resolves to its node_modules.
      external: ["onnxruntime-node"],
      // CommonJS dependencies (pngjs) call require() for Node built-ins; an ES module has none.
      banner: { js: 'import { createRequire as __sandboxRequire } from "node:module"; const require = __sandboxRequire(import.meta.url);' },
    });
    // esbuild keeps a service process alive for further builds; there are none, and a
    // lingering child would hold up the web server's shutdown.
    await stop();
    return outfile;
  })().catch((error: unknown) => {
    bundlePromises.delete(kind);
    throw error;
  });
  bundlePromises.set(kind, promise);
  return promise;
}

/** Inside the project, so the bundle's one external import (onnxruntime-node) resolves. */
const DEFAULT_BUNDLE_DIR = path.join(projectRoot, "node_modules", ".cache", "scopebench-sandbox");
const NODE_MODULES = path.join(projectRoot, "node_modules");

export type SandboxOutcome =
  | { kind: "scored"; report: Record<string, unknown>; elapsedMs: number }
  | { kind: "inspected"; problems: string[]; elapsedMs: number }
  /** The participant's model could not run (the message is safe to show). */
  | { kind: "model-error"; message: string; elapsedMs: number }
  | { kind: "rejected"; rejection: { message: string; line?: number; imageId?: string }; elapsedMs: number }
  | { kind: "error"; message: string; detail: string; elapsedMs: number };

export interface SandboxLimits {
  timeoutMs: number;
  memoryMb: number;
}

let unshareAvailable: boolean | undefined;
/** A network namespace of its own (no interfaces but a down loopback): no network at all. */
function hasNetworkNamespace(): boolean {
  unshareAvailable ??= spawnSync("unshare", ["-n", "true"], { stdio: "ignore" }).status === 0;
  return unshareAvailable;
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

/** Files (and folders, as `dir/*`) the child may read besides its bundle. */
function readablePaths(request: SandboxRequest | InspectRequest): string[] {
  if ("mode" in request) return [request.modelPath, `${NODE_MODULES}/*`];
  const paths = [request.truthPath, request.submissionPath];
  if (request.model) {
    // Folders rather than thousands of files: they hold this dataset's images only.
    const folders = new Set<string>();
    for (const item of request.model.items) for (const file of Object.values(item.paths)) folders.add(path.dirname(file));
    paths.push(...[...folders].map((folder) => `${folder}/*`), `${NODE_MODULES}/*`);
  }
  return paths;
}

/**
 * The command line. The request travels in a file (`requestFile`), not in argv: a model run
 * lists every hidden test image, far more than a command line may hold.
 */
export function buildSandboxCommand(request: SandboxRequest | InspectRequest, limits: SandboxLimits, bundle: string, requestFile: string) {
  const runsModel = "mode" in request || request.model !== undefined;
  const nodeArgs = [
    `--max-old-space-size=${limits.memoryMb}`,
    permissionFlag(),
    `--allow-fs-read=${bundle}`,
    `--allow-fs-read=${requestFile}`,
    ...readablePaths(request).map((p) => `--allow-fs-read=${p}`),
    // onnxruntime is a native addon; models cannot reach files or the network through it
    // (external data and custom operators are refused at upload, and there is no network).
    // The session runs in a worker thread so that inference overlaps image preparation.
    ...(runsModel ? ["--allow-addons", "--allow-worker", "--disable-warning=SecurityWarning"] : []),
    "--disable-warning=ExperimentalWarning",
    bundle,
    requestFile,
  ];
  // V8 reserves far more address space than it uses; the cap sits above the heap limit
  // so that a runaway native allocation is stopped without breaking normal start-up.
  const addressSpaceBytes = (limits.memoryMb + 3072) * 1024 * 1024;
  const limited = hasPrlimit() ? ["prlimit", `--as=${addressSpaceBytes}`, "--", process.execPath, ...nodeArgs] : [process.execPath, ...nodeArgs];
  const isolated = hasNetworkNamespace() ? ["unshare", "-n", "--", ...limited] : limited;
  return { command: isolated[0]!, args: isolated.slice(1) };
}

const MAX_CAPTURE = 1 << 20;

export async function runInSandbox(
  request: SandboxRequest | InspectRequest,
  limits: SandboxLimits,
  options: { signal?: AbortSignal; bundleDir?: string } = {},
): Promise<SandboxOutcome> {
  const started = Date.now();
  if (options.signal?.aborted) return { kind: "error", message: "Scoring was stopped.", detail: "aborted before start", elapsedMs: 0 };
  const runsModel = "mode" in request || request.model !== undefined;
  const bundle = await sandboxBundle(options.bundleDir ?? DEFAULT_BUNDLE_DIR, runsModel ? "model" : "scorer");
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "scopebench-sandbox-"));
  const requestFile = path.join(workDir, "request.json");
  fs.writeFileSync(requestFile, JSON.stringify(request), { mode: 0o600 });
  const { command, args } = buildSandboxCommand(request, limits, bundle, requestFile);
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
      if (reply.kind === "inspected") return { kind: "inspected", problems: reply.problems, elapsedMs };
      if (reply.kind === "model-error") return { kind: "model-error", message: reply.message, elapsedMs };
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
