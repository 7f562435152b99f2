// `npm run dataset -- import|list` against the test database: exit codes 0 / 2 / 1, every
// problem printed, idempotent re-import.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { syntheticNuclei } from "../../datasets/synthetic-nuclei";
import { trainingZip } from "../../datasets/zip-export";
import { nodeTsArgs } from "../../server/cli/node-ts";

const root = path.resolve(__dirname, "../..");

function dataset(args: string[]) {
  return spawnSync(process.execPath, [...nodeTsArgs(path.join(root, "server/cli/dataset.ts")), ...args], { cwd: root, encoding: "utf8", timeout: 120_000 });
}

/** A generated dataset extracted as a folder in the DSB layout. */
function dsbFolder(count: number): string {
  const generated = syntheticNuclei.generate({ seed: 21, count, sizes: [{ width: 64, height: 64 }] });
  const files = unzipSync(trainingZip(generated.items.map((item) => ({ ...item, split: "train" as const }))));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scopebench-dsb-"));
  for (const [name, bytes] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), bytes);
  }
  return dir;
}

describe("npm run dataset", () => {
  it("should import a folder, then change nothing when run again, and list it", () => {
    const dir = dsbFolder(10);
    const first = dataset(["import", dir, "--slug", "cli-nuclei", "--name", "CLI nuclei", "--split", "stratified", "--by", "condition", "--seed", "4"]);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/imported 10 images as dataset "cli-nuclei"/);
    expect(first.stderr).toMatch(/reading +\[#+\] 10\/10/);
    const again = dataset(["import", dir, "--slug", "cli-nuclei", "--name", "CLI nuclei", "--split", "stratified", "--by", "condition", "--seed", "4"]);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/already holds exactly this data; nothing changed/);
    const list = dataset(["list"]);
    expect(list.stdout).toMatch(/cli-nuclei +instance_segmentation +10 images/);
  });

  it("should exit 2 and print every problem when the data is broken", () => {
    const dir = dsbFolder(3);
    const images = fs.readdirSync(path.join(dir, "stage1_train"));
    fs.rmSync(path.join(dir, "stage1_train", images[0]!, "masks"), { recursive: true });
    fs.writeFileSync(path.join(dir, "stage1_train", images[1]!, "masks", "broken.png"), "not a png");
    const out = dataset(["import", dir, "--slug", "cli-broken", "--name", "Broken"]);
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(/2 problems; nothing was imported/);
    expect(out.stderr).toContain(images[0]!);
    expect(out.stderr).toMatch(/broken\.png/);
    expect(dataset(["list"]).stdout).not.toMatch(/cli-broken/);
  });

  it("should exit 2 for bad options and 1 for a missing folder", () => {
    const dir = dsbFolder(2);
    const bad = dataset(["import", dir, "--slug", "Not A Slug", "--name", "x"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/slug/);
    const missing = dataset(["import", path.join(dir, "nope"), "--slug", "x", "--name", "x"]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/does not exist/);
  });
});
