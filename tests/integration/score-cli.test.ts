// `npm run score`: exit codes 0 / 2 / 1, JSON output.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { nodeTsArgs } from "../../server/cli/node-ts";

const root = path.resolve(__dirname, "../..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scopebench-score-"));
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
};
const truth = file("truth.csv", "ImageId,EncodedPixels,Height,Width,Usage\na,1 2,4,4,Public\nb,5 4,4,4,Private\n");

function score(args: string[]) {
  return spawnSync(process.execPath, [...nodeTsArgs(path.join(root, "server/cli/score.ts")), ...args], { cwd: root, encoding: "utf8" });
}

describe("npm run score", () => {
  it("should print one JSON object with score, public, private and breakdowns", () => {
    const sub = file("good.csv", "ImageId,EncodedPixels\na,1 2\nb,5 3\n");
    const out = score(["--metric", "dsb2018-map", "--truth", truth, "--submission", sub, "--json"]);
    expect(out.status).toBe(0);
    const report = JSON.parse(out.stdout);
    expect(report).toMatchObject({ score: 0.75, public: 1, private: 0.5, scorerId: "dsb2018-map" });
    expect(report.perItem).toHaveLength(2);
  });

  it("should exit 2 with the reason on stderr for a rejected submission", () => {
    const sub = file("bad.csv", "ImageId,EncodedPixels\nzz,1 2\n");
    const out = score(["--metric", "dsb2018-map", "--truth", truth, "--submission", sub]);
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(/Line 2: ImageId "zz" is not in the test set/);
  });

  it("should exit 1 for an unknown metric or bad parameters", () => {
    const sub = file("ok.csv", "ImageId,EncodedPixels\na,1 2\n");
    expect(score(["--metric", "nope", "--truth", truth, "--submission", sub]).status).toBe(1);
    expect(score(["--metric", "f1-at-iou", "--truth", truth, "--submission", sub, "--params", '{"threshold":2}']).status).toBe(1);
  });
});
