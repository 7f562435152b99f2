// The whole story in a real browser: sign up → open the demo challenge → upload the sample
// submission → see it scored → see it on the leaderboard. Then Ctrl-C stops everything.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { syntheticNuclei } from "../../datasets/synthetic-nuclei";
import { trainingZip } from "../../datasets/zip-export";
import { isAlive } from "../support/app-server";
import { createTokenOnSettingsPage, repositoryCli } from "../support/repository-cli";
import { signUpAdmin } from "../support/browser";
import { outputDir, useServerAndBrowser } from "../support/browser-session";

const e2e = useServerAndBrowser();

function postgresProcessesUsing(dir: string): string[] {
  const out = execFileSync("ps", ["-eo", "pid,args"], { encoding: "utf8" });
  return out.split("\n").filter((line) => line.includes(dir) && !line.includes("ps -eo"));
}

describe("the whole loop in a browser", () => {
  it("should let a new user sign up, submit the sample submission, and see it scored on the leaderboard", async () => {
    const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const email = `e2e-${Date.now()}@example.org`;

    await page.goto(`${e2e.server.url}/auth/signup`);
    await page.fill('input[name="name"]', "E2E Tester");
    await page.fill('input[name="email"]', email);
    await page.fill('input[name="password"]', "correct horse battery");
    await page.click('[data-testid="signup-submit"]');
    await page.waitForURL(`${e2e.server.url}/`);

    await page.getByRole("link", { name: "Nucleus segmentation across imaging conditions" }).first().click();
    await page.waitForURL(/\/challenges\/nucleus-segmentation-synthetic-dsb/);

    const sample = await page.request.get(`${e2e.server.url}/api/challenges/nucleus-segmentation-synthetic-dsb/files/sample_submission.csv`);
    expect(sample.ok()).toBe(true);
    const samplePath = path.join(os.tmpdir(), `sample-${Date.now()}.csv`);
    fs.writeFileSync(samplePath, await sample.body());
    expect(fs.readFileSync(samplePath, "utf8").split("\n")[0]).toBe("ImageId,EncodedPixels");

    await page.goto(`${e2e.server.url}/challenges/nucleus-segmentation-synthetic-dsb?tab=submit`);
    await expect.poll(() => page.locator('[data-testid="quota"]').textContent(), { timeout: 30_000 }).toMatch(/5 submissions? left today/);
    await page.setInputFiles('[data-testid="submission-file"]', samplePath);
    await page.click('[data-testid="submit-button"]');
    await page.waitForURL(/\/submissions\//, { timeout: 60_000 });

    // The status updates without a reload.
    await expect
      .poll(() => page.locator('[data-testid="submission-status"]').textContent(), { timeout: 120_000, interval: 500 })
      .toBe("scored");
    const score = Number(await page.locator('[data-testid="public-score"]').textContent());
    expect(score).toBeGreaterThan(0.2);
    expect(score).toBeLessThanOrEqual(1);

    await page.goto(`${e2e.server.url}/challenges/nucleus-segmentation-synthetic-dsb?tab=leaderboard`);
    const row = page.locator('[data-testid="leaderboard-row"]', { hasText: "E2E Tester" });
    await row.waitFor({ timeout: 30_000 });
    expect(await row.textContent()).toContain(score.toFixed(6));
    await page.screenshot({ path: path.join(outputDir, "leaderboard.png"), fullPage: true });

    // Final submissions: chosen on the My submissions tab, stated on the Submit tab.
    await page.goto(`${e2e.server.url}/challenges/nucleus-segmentation-synthetic-dsb?tab=mine`);
    const note = page.locator('[data-testid="final-choices-note"]');
    await expect.poll(() => note.textContent(), { timeout: 30_000 }).toMatch(/you have chosen 0 of 2 for the private leaderboard of Stage 1/);
    // A controlled checkbox: it shows the server's answer once the choice is stored.
    await page.locator('[data-testid="final-choice"]').first().click();
    await expect.poll(() => note.textContent(), { timeout: 30_000 }).toMatch(/you have chosen 1 of 2/);
    await expect.poll(() => page.locator('[data-testid="final-choice"]').first().isChecked(), { timeout: 30_000 }).toBe(true);
    await page.goto(`${e2e.server.url}/challenges/nucleus-segmentation-synthetic-dsb?tab=submit`);
    await expect.poll(() => page.locator('[data-testid="final-choices-summary"]').textContent(), { timeout: 30_000 }).toMatch(/^Final submissions: 1 of 2 chosen for the private leaderboard/);
  });

  it("should submit from the CLI with a token made on the settings page, and refuse it once revoked", async () => {
    const page = await e2e.browser.newPage();
    // A second participant, with their own quota and leaderboard row.
    await page.goto(`${e2e.server.url}/auth/signup`);
    await page.fill('input[name="name"]', "CLI User");
    await page.fill('input[name="email"]', `cli-${Date.now()}@example.org`);
    await page.fill('input[name="password"]', "correct horse battery");
    await page.click('[data-testid="signup-submit"]');
    await page.waitForURL(`${e2e.server.url}/`);
    const secret = await createTokenOnSettingsPage(page, e2e.server.url, "laptop");
    expect(secret).toMatch(/^sbk_/);

    const samplePath = path.join(os.tmpdir(), `cli-sample-${Date.now()}.csv`);
    fs.writeFileSync(samplePath, await (await fetch(`${e2e.server.url}/api/challenges/nucleus-segmentation-synthetic-dsb/files/sample_submission.csv`)).text());
    const cli = repositoryCli(e2e.server.url, secret);
    const submitted = cli(["submit", "--challenge", "nucleus-segmentation-synthetic-dsb", "--file", samplePath]);
    expect(submitted.status).toBe(0);
    expect(submitted.stderr).toMatch(/Uploading \[#+\] 100%/);
    expect(submitted.stdout).toMatch(/scored/);
    expect(submitted.stdout).toMatch(/public score: {2}0\.\d{6}/);
    // A model from the command line: an .onnx file is sent as a model and run on the hidden images.
    const modelPath = path.join(os.tmpdir(), `cli-model-${Date.now()}.onnx`);
    // Not Node's fetch: spawnSync above blocked this event loop for longer than the server's
    // keep-alive, so fetch could reuse a socket the server had already closed.
    const example = await page.request.get(`${e2e.server.url}/api/challenges/nucleus-segmentation-synthetic-dsb/files/example_model.onnx`);
    expect(example.ok()).toBe(true);
    fs.writeFileSync(modelPath, await example.body());
    const modelRun = cli(["submit", "--challenge", "nucleus-segmentation-synthetic-dsb", "--file", modelPath]);
    expect(modelRun.status, modelRun.stderr).toBe(0);
    expect(modelRun.stdout).toMatch(/scored/);
    const board = cli(["leaderboard", "--challenge", "nucleus-segmentation-synthetic-dsb"]);
    expect(board.stdout).toMatch(/CLI User/);

    // The CLI a participant installs from the site, without this repository: npm into an
    // empty folder (no registry needed: it has no dependencies), then used from there.
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "cli-install-"));
    const install = spawnSync("npm", ["install", "--prefix", home, "--no-audit", "--no-fund", `${e2e.server.url}/api/cli/scopebench-cli.tgz`], {
      cwd: home,
      env: { ...process.env, npm_config_registry: "http://127.0.0.1:9/" },
      encoding: "utf8",
      timeout: 180_000,
    });
    expect(install.status, install.stderr).toBe(0);
    const installed = (args: string[]) =>
      spawnSync(path.join(home, "node_modules", ".bin", "scopebench"), args, {
        cwd: home,
        // Nothing of this project's environment: a participant's machine.
        env: { PATH: process.env.PATH ?? "", HOME: home, SCOPEBENCH_CONFIG: path.join(home, "config.json"), NODE_ENV: "production" },
        encoding: "utf8",
        timeout: 120_000,
      });
    expect(installed(["challenges", "list"]).status).toBe(3);
    const login = installed(["login", "--url", e2e.server.url, "--token", secret]);
    expect(login.status, login.stderr).toBe(0);
    expect(login.stdout).toMatch(/logged in to .* as CLI User/);
    expect(fs.statSync(path.join(home, "config.json")).mode & 0o777).toBe(0o600);
    const listed = JSON.parse(installed(["challenges", "list", "--json"]).stdout) as Array<{ slug: string }>;
    expect(listed.map((c) => c.slug)).toContain("nucleus-segmentation-synthetic-dsb");
    const files = installed(["files", "download", "nucleus-segmentation-synthetic-dsb", "--path", path.join(home, "files")]);
    expect(files.status, files.stderr).toBe(0);
    const sampleFile = path.join(home, "files", "sample_submission.csv");
    expect(fs.readFileSync(sampleFile, "utf8").split("\n")[0]).toBe("ImageId,EncodedPixels");
    const fromInstalled = installed(["submit", "nucleus-segmentation-synthetic-dsb", sampleFile, "-m", "sample, from the installed CLI"]);
    expect(fromInstalled.status, fromInstalled.stderr).toBe(0);
    expect(fromInstalled.stderr).toMatch(/Uploading \[#+\] 100%/);
    expect(fromInstalled.stdout).toMatch(/message: sample, from the installed CLI[\s\S]*public score: {2}0\.\d{6}/);
    const mine = JSON.parse(installed(["submissions", "nucleus-segmentation-synthetic-dsb", "--json"]).stdout) as Array<{ message: string | null }>;
    expect(mine.map((s) => s.message)).toContain("sample, from the installed CLI");
    const boardFile = path.join(home, "board.csv");
    expect(installed(["leaderboard", "nucleus-segmentation-synthetic-dsb", "--download", boardFile]).status).toBe(0);
    expect(fs.readFileSync(boardFile, "utf8")).toMatch(/^Rank,Participant,Score,Submissions,LastSubmission\n1,/);
    const empty = path.join(home, "empty.csv");
    fs.writeFileSync(empty, "");
    const refusedFile = installed(["submit", "nucleus-segmentation-synthetic-dsb", empty]);
    expect(refusedFile.status).toBe(2);
    expect(refusedFile.stderr).toMatch(/empty/);

    await page.reload();
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "Revoke" }).click();
    await expect.poll(() => page.getByRole("button", { name: "Revoke" }).count()).toBe(0);
    const refused = cli(["status", "--challenge", "nucleus-segmentation-synthetic-dsb"]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/Invalid or revoked API token/);
  });

  it("should let a host import a DSB-layout zip, open a challenge on it and browse its data", async () => {
    const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await signUpAdmin(page, e2e.server, { name: "Host Person", email: `host-${Date.now()}@example.org`, password: "correct horse battery" });

    // A small dataset in the Kaggle DSB layout, as a host would zip it.
    const generated = syntheticNuclei.generate({ seed: 99, count: 16, sizes: [{ width: 128, height: 96 }] });
    const zipPath = path.join(os.tmpdir(), `e2e-dsb-${Date.now()}.zip`);
    fs.writeFileSync(zipPath, trainingZip(generated.items.map((item) => ({ ...item, split: "train" as const }))));

    await page.goto(`${e2e.server.url}/host`);
    await page.setInputFiles('[data-testid="import-file"]', zipPath);
    await page.fill('[data-testid="import-slug"]', "e2e-nuclei");
    await page.fill('[data-testid="import-name"]', "E2E nuclei");
    await page.click('[data-testid="import-submit"]');
    const item = page.locator('[data-testid="import-item"]', { hasText: "e2e-nuclei" });
    await expect.poll(() => item.getAttribute("data-status"), { timeout: 120_000 }).toBe("succeeded");

    await page.locator('[data-testid="challenge-dataset"]').selectOption("e2e-nuclei");
    await page.fill('[data-testid="challenge-slug"]', "e2e-challenge");
    await page.fill('[data-testid="challenge-title"]', "E2E nuclei challenge");
    await page.fill('[data-testid="challenge-summary"]', "Opened from the browser test");
    await page.check('[data-testid="challenge-accept-models"]');
    await page.click('[data-testid="challenge-create"]');
    await page.waitForURL(/\/challenges\/e2e-challenge/);

    await page.goto(`${e2e.server.url}/challenges/e2e-challenge?tab=data`);
    await page.locator('[data-testid="chart-conditions"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="chart-objects"]').waitFor();
    const images = page.locator('[data-testid="gallery-image"]');
    await expect.poll(() => images.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    const overlaid = await images.first().getAttribute("src");
    expect(overlaid).toMatch(/overlay=1/);
    await page.click('[data-testid="overlay-toggle"]');
    expect(await images.first().getAttribute("src")).not.toMatch(/overlay=1/);
    // Every gallery image loads (a training image); a test image's URL does not.
    const imageResponse = await page.request.get(`${e2e.server.url}${overlaid}`);
    expect(imageResponse.headers()["content-type"]).toBe("image/png");
    await page.click('[data-testid="overlay-toggle"]');
    await page.screenshot({ path: path.join(outputDir, "data-tab.png"), fullPage: true });

    // Over HTTP, as anyone could ask: test images are in test.zip only, never one by one,
    // never with outlines, and no file name reaches the truth.
    const testZip = unzipSync(new Uint8Array(await (await fetch(`${e2e.server.url}/api/challenges/e2e-challenge/files/test.zip`)).arrayBuffer()));
    const testIds = Object.keys(testZip).filter((f) => f.endsWith(".png")).map((f) => path.basename(f, ".png"));
    expect(testIds.length).toBeGreaterThan(0);
    expect(Object.keys(testZip).some((f) => f.includes("/masks/"))).toBe(false);
    for (const id of testIds) {
      expect((await fetch(`${e2e.server.url}/api/challenges/e2e-challenge/images/${id}`)).status).toBe(404);
      expect((await fetch(`${e2e.server.url}/api/challenges/e2e-challenge/images/${id}?overlay=1`)).status).toBe(404);
    }
    for (const name of ["truth.csv", "solution.csv"]) {
      expect((await fetch(`${e2e.server.url}/api/challenges/e2e-challenge/files/${name}`)).status).toBe(404);
    }
    // A path in the name is refused before any lookup, naming the problem.
    const traversal = await fetch(`${e2e.server.url}/api/challenges/e2e-challenge/files/..%2F..%2Ftruth%2Ftruth.csv`);
    expect(traversal.status).toBe(400);
    expect(((await traversal.json()) as { error: string }).error).toMatch(/^Bad address: name: /);
  });

  it("should show the protein demo's label chart and four-channel composites", async () => {
    const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(`${e2e.server.url}/challenges/protein-localization-synthetic-hpa?tab=data`);
    await page.locator('[data-testid="chart-labels"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator('[data-testid="gallery-image"]').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await page.goto(`${e2e.server.url}/challenges/protein-localization-synthetic-hpa?tab=leaderboard`);
    // Both baselines, the prediction file and the ONNX model, scored by the worker.
    const baselines = page.locator('[data-testid="leaderboard-row"]', { hasText: "baseline" });
    await expect.poll(() => baselines.count(), { timeout: 60_000 }).toBe(2);
    expect(await baselines.filter({ hasText: "(ONNX)" }).count()).toBe(1);
    // Nobody but the seed has submitted: the four example entries count as participants, baselines do not.
    expect(await page.locator('[data-testid="challenge-meta"]').textContent()).toContain("4 participants");
    await page.screenshot({ path: path.join(outputDir, "protein-leaderboard.png"), fullPage: true });
  });

  it("should let a participant upload the example ONNX model and see it run on the hidden images", async () => {
    const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(`${e2e.server.url}/auth/signup`);
    await page.fill('input[name="name"]', "Model Person");
    await page.fill('input[name="email"]', `model-${Date.now()}@example.org`);
    await page.fill('input[name="password"]', "correct horse battery");
    await page.click('[data-testid="signup-submit"]');
    await page.waitForURL(`${e2e.server.url}/`);

    await page.goto(`${e2e.server.url}/challenges/nucleus-segmentation-synthetic-dsb?tab=evaluation`);
    await page.locator('[data-testid="model-contract"]').waitFor();
    const model = await page.request.get(`${e2e.server.url}/api/challenges/nucleus-segmentation-synthetic-dsb/files/example_model.onnx`);
    expect(model.ok()).toBe(true);
    const modelPath = path.join(os.tmpdir(), `example-${Date.now()}.onnx`);
    fs.writeFileSync(modelPath, await model.body());

    await page.goto(`${e2e.server.url}/challenges/nucleus-segmentation-synthetic-dsb?tab=submit`);
    await page.setInputFiles('[data-testid="submission-file"]', modelPath);
    await page.click('[data-testid="submit-button"]');
    await page.waitForURL(/\/submissions\//);
    await expect
      .poll(() => page.locator('[data-testid="submission-status"]').textContent(), { timeout: 120_000 })
      .toBe("scored");
    expect(await page.locator('[data-testid="model-throughput"]').textContent()).toMatch(/hidden test images at [\d.]+ images\/s/);
    const score = Number(await page.locator('[data-testid="public-score"]').textContent());
    expect(score).toBeGreaterThan(0.1);
    await page.screenshot({ path: path.join(outputDir, "model-submission.png"), fullPage: true });

    // Transfer: the host's new challenge takes models too, but it is still running, so only
    // its hosts may run other challenges' models on it.
    await page.locator('[data-testid="transfer-target"]').selectOption({ label: "E2E nuclei challenge" });
    await page.getByRole("button", { name: "Evaluate" }).click();
    await expect.poll(() => page.locator('[data-testid="transfer-form"] .error-box').textContent(), { timeout: 30_000 }).toMatch(/still running/);
    await page.goto(`${e2e.server.url}/challenges/nucleus-segmentation-synthetic-dsb?tab=transfer`);
    await page.locator('[data-testid="transfer-empty"]').waitFor();

    // The demo's stage 2 runs one model per participant committed in stage 1: commit this one.
    await page.goto(`${e2e.server.url}/challenges/nucleus-segmentation-synthetic-dsb?tab=mine`);
    await expect.poll(() => page.locator('[data-testid="commit-model-note"]').textContent(), { timeout: 30_000 }).toMatch(/^Stage 2 runs one model per participant/);
    await page.locator('[data-testid="commit-model"]').first().click();
    await expect.poll(() => page.locator('[data-testid="commit-model"]').first().isChecked(), { timeout: 30_000 }).toBe(true);
  });

  it("should let two participants form a team on the Teams tab and submit as one", async () => {
    const slug = "nucleus-segmentation-synthetic-dsb";
    const signUp = async (name: string) => {
      const context = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const email = `${name.toLowerCase().replace(/\s+/g, "-")}-${Date.now()}@example.org`;
      await page.goto(`${e2e.server.url}/auth/signup`);
      await page.fill('input[name="name"]', name);
      await page.fill('input[name="email"]', email);
      await page.fill('input[name="password"]', "correct horse battery");
      await page.click('[data-testid="signup-submit"]');
      await page.waitForURL(`${e2e.server.url}/`);
      return { context, page, email };
    };
    const lead = await signUp("Team Lead");
    const mate = await signUp("Team Mate");

    await lead.page.goto(`${e2e.server.url}/challenges/${slug}?tab=teams`);
    await lead.page.fill('[data-testid="team-name-input"]', "Browser Team");
    await lead.page.click('[data-testid="team-create"]');
    await expect.poll(() => lead.page.locator('[data-testid="my-team-name"]').textContent(), { timeout: 30_000 }).toBe("Your team: Browser Team");
    await lead.page.fill('[data-testid="team-invite-input"]', mate.email);
    await lead.page.click('[data-testid="team-invite"]');
    await lead.page.locator('[data-testid="my-team"] .ok-box').waitFor({ timeout: 30_000 });

    await mate.page.goto(`${e2e.server.url}/challenges/${slug}?tab=teams`);
    await mate.page.locator('[data-testid="team-invitation"]', { hasText: "Browser Team" }).waitFor({ timeout: 30_000 });
    await mate.page.click('[data-testid="team-accept"]');
    await expect.poll(() => mate.page.locator('[data-testid="my-team-members"] li').allTextContents(), { timeout: 30_000 }).toEqual(["Team Lead", "Team Mate"]);
    await mate.page.locator('[data-testid="team-row"]', { hasText: "Team Lead, Team Mate" }).waitFor({ timeout: 30_000 });
    await mate.page.screenshot({ path: path.join(outputDir, "teams.png"), fullPage: true });

    // The mate submits for the team; the lead sees it among the team's submissions, and the board has the team.
    const sample = await mate.page.request.get(`${e2e.server.url}/api/challenges/${slug}/files/sample_submission.csv`);
    const samplePath = path.join(os.tmpdir(), `team-sample-${Date.now()}.csv`);
    fs.writeFileSync(samplePath, await sample.body());
    await mate.page.goto(`${e2e.server.url}/challenges/${slug}?tab=submit`);
    await expect.poll(() => mate.page.locator('[data-testid="quota"]').textContent(), { timeout: 30_000 }).toMatch(/5 submissions? left today/);
    await mate.page.setInputFiles('[data-testid="submission-file"]', samplePath);
    await mate.page.click('[data-testid="submit-button"]');
    await mate.page.waitForURL(/\/submissions\//, { timeout: 60_000 });
    await expect.poll(() => mate.page.locator('[data-testid="submission-status"]').textContent(), { timeout: 120_000, interval: 500 }).toBe("scored");

    await lead.page.goto(`${e2e.server.url}/challenges/${slug}?tab=mine`);
    await expect.poll(() => lead.page.locator('[data-testid="submitted-by"]').first().textContent(), { timeout: 30_000 }).toBe("by Team Mate");
    await lead.page.goto(`${e2e.server.url}/challenges/${slug}?tab=submit`);
    await expect.poll(() => lead.page.locator('[data-testid="quota"]').textContent(), { timeout: 30_000 }).toMatch(/4 submissions? left today/);
    await lead.page.goto(`${e2e.server.url}/challenges/${slug}?tab=leaderboard`);
    await lead.page.locator('[data-testid="leaderboard-row"]', { hasText: "Browser Team" }).waitFor({ timeout: 60_000 });
    await lead.context.close();
    await mate.context.close();
  });

  it("should stop the site, the worker and the embedded database on Ctrl-C", async () => {
    expect(postgresProcessesUsing(e2e.server.varDir).length).toBeGreaterThan(0);
    const started = e2e.server.descendants();
    expect(started.length).toBeGreaterThanOrEqual(3);
    const code = await e2e.server.stop();
    expect(code).toBe(0);
    await expect.poll(() => started.filter(isAlive), { timeout: 20_000 }).toEqual([]);
    await expect.poll(() => postgresProcessesUsing(e2e.server.varDir), { timeout: 20_000 }).toEqual([]);
  });
});
