// Where `npm run build` puts what production runs, and whether it is older than the sources.
// Read by the production entry points (which refuse a missing or stale build), by `npm start`
// (which rebuilds one) and by the sandbox (which runs its prebuilt child bundles).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The project directory: the nearest folder above this module with our package.json. The
 * module may run from server/runtime (tsx), dist/cli (a bundle) or .next/server (Next), so a
 * fixed relative path would not do; the working directory is the fallback.
 */
function findProjectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(/*turbopackIgnore: true*/ dir, "package.json");
    if (fs.existsSync(manifest)) {
      try {
        if ((JSON.parse(fs.readFileSync(manifest, "utf8")) as { name?: string }).name === "scopebench") return dir;
      } catch {
        // not ours
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

export const projectRoot = findProjectRoot();

/** Everything `npm run build` makes besides Next's own .next/. */
const DIST_DIR = "dist";

export const SANDBOX_KINDS = ["scorer", "model"] as const;
export type SandboxKind = (typeof SANDBOX_KINDS)[number];

/** The long-running production entry points, bundled to plain JavaScript (no tsx at run time). */
export const CLI_BUNDLES = ["serve", "site", "worker"] as const;
export type CliBundle = (typeof CLI_BUNDLES)[number];

/** The participants' CLI downloads, by the names the site serves them under (/api/cli/<name>). */
export const PARTICIPANT_CLI_FILES = { script: "scopebench.cjs", tarball: "scopebench-cli.tgz" } as const;

export const buildPaths = (root = projectRoot) => ({
  nextBuildId: path.join(/*turbopackIgnore: true*/ root, ".next", "BUILD_ID"),
  sandbox: (kind: SandboxKind) => path.join(/*turbopackIgnore: true*/ root, DIST_DIR, "sandbox", `sandbox-${kind}.mjs`),
  cli: (name: CliBundle) => path.join(/*turbopackIgnore: true*/ root, DIST_DIR, "cli", `${name}.mjs`),
  /** The participants' CLI as one file, and as an npm tarball (served by the site for download). */
  participantCli: path.join(/*turbopackIgnore: true*/ root, DIST_DIR, "participant-cli", PARTICIPANT_CLI_FILES.script),
  participantCliTarball: path.join(/*turbopackIgnore: true*/ root, DIST_DIR, "participant-cli", PARTICIPANT_CLI_FILES.tarball),
});

const SOURCE_DIRS = ["app", "server", "scorers", "datasets", "prisma"];
const SOURCE_FILES = ["next.config.js", "package-lock.json", "tsconfig.json", "proxy.ts"];

function newestMtime(target: string): number {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(target)) {
    if (entry === "node_modules" || entry.startsWith(".")) continue;
    newest = Math.max(newest, newestMtime(path.join(/*turbopackIgnore: true*/ target, entry)));
  }
  return newest;
}

/** Newest modification time among the sources a build is made from. */
export function newestSourceMtime(root = projectRoot): number {
  return Math.max(...[...SOURCE_DIRS, ...SOURCE_FILES].map((p) => newestMtime(path.join(/*turbopackIgnore: true*/ root, p))));
}

export type BuildOutput = "site" | "sandbox" | "participant-cli" | CliBundle;

export interface StaleOutput {
  file: string;
  problem: "missing" | "older than the sources";
}

/** Each build output (of those named) that is missing or older than the sources, relative to the root. */
export function staleBuildOutputs(
  which: readonly BuildOutput[] = ["site", "sandbox", "participant-cli", ...CLI_BUNDLES],
  root = projectRoot,
): StaleOutput[] {
  const paths = buildPaths(root);
  const outputs = which.flatMap((output) =>
    output === "site"
      ? [paths.nextBuildId]
      : output === "sandbox"
        ? SANDBOX_KINDS.map(paths.sandbox)
        : output === "participant-cli"
          ? [paths.participantCli, paths.participantCliTarball]
          : [paths.cli(output)],
  );
  const sources = newestSourceMtime(root);
  const stale: StaleOutput[] = [];
  for (const output of outputs) {
    const stat = fs.statSync(output, { throwIfNoEntry: false });
    if (!stat) stale.push({ file: path.relative(root, output), problem: "missing" });
    else if (stat.mtimeMs < sources) stale.push({ file: path.relative(root, output), problem: "older than the sources" });
  }
  return stale;
}

declare const __SCOPEBENCH_BUILD__: string | undefined;

/** True in the bundles `npm run build` makes (esbuild defines the constant), false under tsx. */
export const runningFromBuild = typeof __SCOPEBENCH_BUILD__ !== "undefined";
