// `npm run build`: everything production runs, made ahead of time so that nothing is built
// at boot or at request time:
//   .next/               the site (next build)
//   dist/sandbox/*.mjs   the sandbox children (scorers, ONNX runtime glue), one file each
//   dist/cli/*.mjs       `npm run serve`, the site server it starts and `npm run worker` as
//                        plain JavaScript (no tsx)
//   dist/participant-cli  the participants' `scopebench` command, one self-contained file and
//                        an npm tarball of it (the site serves both at /api/cli/…)
// `--bundles-only` skips the site (the sandbox and CLI bundles take seconds, the site minutes).
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import fs from "node:fs";
import { buildPaths, CLI_BUNDLES, projectRoot, SANDBOX_KINDS } from "../runtime/build-output";
import { npmTarball } from "./participant/npm-tarball";
import { buildSandboxBundle } from "../sandbox/sandbox";

const require = createRequire(import.meta.url);
const bundlesOnly = process.argv.includes("--bundles-only");
const say = (message: string) => console.log(`build: ${message}`);

async function buildSite(): Promise<void> {
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [require.resolve("next/dist/bin/next"), "build"], {
      cwd: projectRoot,
      env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
      stdio: "inherit",
    });
    child.on("error", reject);
    child.on("exit", resolve);
  });
  if (code !== 0) throw new Error(`next build failed (exit ${code})`);
}

/** The production entry points: our code compiled into one file each; packages stay imports. */
async function buildCliBundles(): Promise<void> {
  const { build, stop } = await import("esbuild");
  try {
    const paths = buildPaths();
    for (const name of CLI_BUNDLES) {
      await build({
        entryPoints: [path.join(projectRoot, "server", "cli", `${name}.ts`)],
        bundle: true,
        platform: "node",
        format: "esm",
        target: "node20",
        outfile: paths.cli(name),
        // node_modules are resolved at run time from dist/cli, as from the sources.
        packages: "external",
        alias: { "@": projectRoot },
        define: { __SCOPEBENCH_BUILD__: JSON.stringify(new Date().toISOString()) },
        sourcemap: "linked",
        logLevel: "warning",
        banner: { js: 'import { createRequire as __cliRequire } from "node:module"; const require = __cliRequire(import.meta.url);' },
      });
      say(`${path.relative(projectRoot, paths.cli(name))}`);
    }
  } finally {
    await stop();
  }
}

/**
 * The participants' CLI: everything in one CommonJS file (tRPC client, superjson, the upload
 * frame), so it needs only Node.js, and an npm tarball with a `scopebench` bin around it.
 */
async function buildParticipantCli(): Promise<void> {
  const { build, stop } = await import("esbuild");
  const { version } = JSON.parse(fs.readFileSync(path.join(projectRoot, "package.json"), "utf8")) as { version: string };
  try {
    const result = await build({
      entryPoints: [path.join(projectRoot, "server", "cli", "participant", "cli.ts")],
      bundle: true,
      platform: "node",
      format: "cjs",
      target: "node20",
      write: false,
      alias: { "@": projectRoot },
      define: { __SCOPEBENCH_CLI_VERSION__: JSON.stringify(version) },
      banner: { js: "#!/usr/bin/env node" },
      logLevel: "warning",
    });
    const script = Buffer.from(result.outputFiles[0]!.contents);
    const paths = buildPaths();
    fs.mkdirSync(path.dirname(paths.participantCli), { recursive: true });
    fs.writeFileSync(paths.participantCli, script, { mode: 0o755 });
    const manifest = {
      name: "scopebench-cli",
      version,
      description: "The scopebench command line: submit to challenges, follow leaderboards.",
      bin: { scopebench: "scopebench.cjs" },
      engines: { node: ">=20.19" },
    };
    fs.writeFileSync(paths.participantCliTarball, npmTarball([
      { name: "package.json", content: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) },
      { name: "scopebench.cjs", content: script, executable: true },
    ]));
    say(`${path.relative(projectRoot, paths.participantCli)}, ${path.relative(projectRoot, paths.participantCliTarball)}`);
  } finally {
    await stop();
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  if (!bundlesOnly) {
    say("the site (next build; takes a few minutes)");
    await buildSite();
  }
  // After the site, so every output is newer than the sources it was made from.
  for (const kind of SANDBOX_KINDS) {
    const file = await buildSandboxBundle(kind, buildPaths().sandbox(kind));
    say(path.relative(projectRoot, file));
  }
  await buildCliBundles();
  await buildParticipantCli();
  say(`done in ${Math.round((Date.now() - started) / 1000)} s${bundlesOnly ? " (bundles only; the site was not built)" : ""}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`build: failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
