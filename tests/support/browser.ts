// Browser tests bring their own browser: Debian's Chromium when it is installed, else the
// headless Chromium shipped (brotli-packed, ~67 MB) inside the npm package @sparticuz/chromium,
// so `npm install && npm test` passes on a machine that has only Node.js.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { chromium, type Browser } from "playwright-core";
import { nodeTsArgs } from "../../server/cli/node-ts";
import { projectRoot } from "./app-server";

const DEBIAN_CHROMIUM = "/usr/bin/chromium";

// Not @sparticuz/chromium's own `args`: those are for AWS Lambda and include
// --disable-web-security and --allow-running-insecure-content, which would switch off the very
// browser protections the hostile tests rely on. Root (CI) needs --no-sandbox.
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"];

/** Launches headless Chromium; the caller closes it. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = fs.existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : await unpackedNpmChromium();
  return chromium.launch({ executablePath, args: ARGS, headless: true });
}

/**
 * The package unpacks its browser into os.tmpdir() and afterwards trusts any file named
 * `chromium` there, so a run killed halfway would leave a truncated binary for every later
 * run. Unpack instead in a child process whose TMPDIR is a fresh staging folder, then rename
 * that folder into place in one step: the cache folder is either complete or absent.
 */
async function unpackedNpmChromium(): Promise<string> {
  const packageJson = path.join(projectRoot, "node_modules/@sparticuz/chromium/package.json");
  const { version } = JSON.parse(fs.readFileSync(packageJson, "utf8")) as { version: string };
  const cacheDir = path.join(os.tmpdir(), `scopebench-chromium-${version}`);
  const executable = path.join(cacheDir, "chromium");
  if (fs.existsSync(executable)) return executable;

  const staging = fs.mkdtempSync(path.join(os.tmpdir(), `scopebench-chromium-${version}-staging-`));
  try {
    const { stdout } = await promisify(execFile)(process.execPath, nodeTsArgs(path.join(projectRoot, "tests/support/unpack-chromium.ts")), {
      cwd: projectRoot,
      env: { ...process.env, TMPDIR: staging },
    });
    if (stdout !== path.join(staging, "chromium")) {
      throw new Error(`@sparticuz/chromium unpacked to ${JSON.stringify(stdout)}, expected ${path.join(staging, "chromium")}`);
    }
    try {
      fs.renameSync(staging, cacheDir);
    } catch (error) {
      // Another run finished unpacking first: use its copy.
      if (!fs.existsSync(executable)) throw error;
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return executable;
}
