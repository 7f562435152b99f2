// Browser tests bring their own browser: Debian's Chromium when it is installed, else the
// headless Chromium shipped (brotli-packed, ~67 MB) inside the npm package @sparticuz/chromium,
// so `npm install && npm test` passes on a machine that has only Node.js.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { spawnSync } from "node:child_process";
import { chromium, type Browser, type Page } from "playwright-core";
import { nodeTsArgs } from "../../server/cli/node-ts";
import { projectRoot } from "./app-server";

const DEBIAN_CHROMIUM = "/usr/bin/chromium";

// Not @sparticuz/chromium's own `args`: those are for AWS Lambda and include
// --disable-web-security and --allow-running-insecure-content, which would switch off the very
// browser protections the hostile tests rely on. Root (CI) needs --no-sandbox.
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"];

/** Launches headless Chromium; the caller closes it. */
export async function launchBrowser(): Promise<Browser> {
  if (fs.existsSync(DEBIAN_CHROMIUM)) return chromium.launch({ executablePath: DEBIAN_CHROMIUM, args: ARGS, headless: true });
  const cacheDir = await unpackedNpmChromium();
  return chromium.launch({
    executablePath: path.join(cacheDir, "chromium"),
    args: ARGS,
    headless: true,
    // The binary links NSS and NSPR; the package ships them (built for Amazon Linux, glibc
    // 2.34, so they load on Debian 12 too). With these a machine without libnss3 runs it.
    env: { ...process.env, LD_LIBRARY_PATH: [path.join(cacheDir, "al2023", "lib"), process.env.LD_LIBRARY_PATH].filter(Boolean).join(":") },
  });
}

/**
 * The folder holding the npm package's browser (`chromium`, its GL and NSS libraries).
 * The package unpacks its browser into os.tmpdir() and afterwards trusts any file named
 * `chromium` there, so a run killed halfway would leave a truncated binary for every later
 * run. Unpack instead in a child process whose TMPDIR is a fresh staging folder, then rename
 * that folder into place in one step: the cache folder is either complete or absent.
 */
async function unpackedNpmChromium(): Promise<string> {
  const packageJson = path.join(projectRoot, "node_modules/@sparticuz/chromium/package.json");
  const { version } = JSON.parse(fs.readFileSync(packageJson, "utf8")) as { version: string };
  const cacheDir = path.join(os.tmpdir(), `scopebench-chromium-${version}`);
  const complete = () => fs.existsSync(path.join(cacheDir, "chromium")) && fs.existsSync(path.join(cacheDir, "al2023", "lib", "libnss3.so"));
  if (complete()) return cacheDir;

  const staging = fs.mkdtempSync(path.join(os.tmpdir(), `scopebench-chromium-${version}-staging-`));
  try {
    const { stdout } = await promisify(execFile)(process.execPath, nodeTsArgs(path.join(projectRoot, "tests/support/unpack-chromium.ts")), {
      cwd: projectRoot,
      // AWS_EXECUTION_ENV: the package unpacks its NSS/NSPR libraries (al2023/lib) only when
      // it believes it runs on AWS Lambda.
      env: { ...process.env, TMPDIR: staging, AWS_EXECUTION_ENV: "AWS_Lambda_nodejs20.x" },
    });
    if (stdout !== path.join(staging, "chromium")) {
      throw new Error(`@sparticuz/chromium unpacked to ${JSON.stringify(stdout)}, expected ${path.join(staging, "chromium")}`);
    }
    if (fs.existsSync(cacheDir) && !complete()) fs.rmSync(cacheDir, { recursive: true, force: true });
    try {
      fs.renameSync(staging, cacheDir);
    } catch (error) {
      // Another run finished unpacking first: use its copy.
      if (!complete()) throw error;
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return cacheDir;
}

/**
 * Signs up in the browser page, then makes the account an administrator with the CLI against
 * the running site's database (the first administrator is made on the command line).
 */
export async function signUpAdmin(page: Page, server: { url: string; varDir: string }, account: { name: string; email: string; password: string }): Promise<void> {
  await page.goto(`${server.url}/auth/signup`);
  await page.fill('input[name="name"]', account.name);
  await page.fill('input[name="email"]', account.email);
  await page.fill('input[name="password"]', account.password);
  await page.click('[data-testid="signup-submit"]');
  await page.waitForURL(`${server.url}/`, { timeout: 60_000 });
  const promoted = spawnSync(process.execPath, nodeTsArgs(path.join(projectRoot, "server/cli/create-admin.ts")).concat(["--email", account.email, "--name", account.name]), {
    cwd: projectRoot,
    env: { ...process.env, SCOPEBENCH_VAR_DIR: server.varDir },
    encoding: "utf8",
    timeout: 120_000,
  });
  if (promoted.status !== 0) throw new Error(`create-admin failed: ${promoted.stderr}`);
}
