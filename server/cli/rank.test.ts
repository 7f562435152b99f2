// `npm run rank` end to end: a child process per run (tsx compiling the CLI each time), so the
// file sits in the slow project.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { nodeTsArgs } from "./node-ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scopebench-rank-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
}

function rank(args: string[]) {
  return spawnSync(process.execPath, [...nodeTsArgs(path.join(import.meta.dirname, "rank.ts")), ...args], { encoding: "utf8" });
}

// Four teams on six images: "ada" best everywhere, "bea" and "cy" close, "dan" last.
const rows = [
  ["ada", [0.91, 0.88, 0.95, 0.9, 0.87, 0.93]],
  ["bea", [0.8, 0.82, 0.79, 0.85, 0.78, 0.81]],
  ["cy", [0.81, 0.8, 0.8, 0.83, 0.79, 0.8]],
  ["dan", [0.5, 0.6, 0.55, 0.52, 0.58, 0.61]],
] as const;
const goodCsv = `participant,image,score\n${rows.flatMap(([p, scores]) => scores.map((s, i) => `${p},img${i},${s}`)).join("\n")}\n`;

describe("npm run rank", () => {
  const scores = file("scores.csv", goodCsv);

  it("should print one JSON object, entries sorted by rank, every pair a above b, byte for byte the same on a second run", () => {
    const first = rank(["--scores", scores, "--json", "--bootstrap", "500", "--seed", "7"]);
    expect(first.stderr).toBe("");
    expect(first.status).toBe(0);
    const report = JSON.parse(first.stdout);
    expect(Object.keys(report).slice(0, 3)).toEqual(["entries", "pairs", "kendallTau"]);
    expect(report.entries.map((e: { participant: string }) => e.participant)).toEqual(["ada", "bea", "cy", "dan"]);
    expect(report.entries[0]).toMatchObject({ participant: "ada", rank: 1, medianRank: 1, rankInterval: [1, 1] });
    expect(report.entries[0].score).toBeCloseTo((0.91 + 0.88 + 0.95 + 0.9 + 0.87 + 0.93) / 6, 12);
    expect(report.entries[0].ci[0]).toBeLessThan(report.entries[0].score);
    expect(report.pairs).toHaveLength(6);
    expect(Object.keys(report.pairs[0])).toEqual(["a", "b", "p", "pHolm", "significant"]);
    expect(report.pairs[0]).toMatchObject({ a: "ada", b: "bea" });
    expect(typeof report.kendallTau).toBe("number");
    expect(rank(["--scores", scores, "--json", "--bootstrap", "500", "--seed", "7"]).stdout).toBe(first.stdout);
    expect(rank(["--scores", scores, "--json", "--bootstrap", "500", "--seed", "8"]).stdout).not.toBe(first.stdout);
  });

  it("should print tables without --json, and test only the top k pairs with --pairs-top", () => {
    const out = rank(["--scores", scores, "--pairs-top", "2", "--lower-is-better"]);
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(/^rank\s+participant\s+score\s+95% interval\s+median rank\s+95% rank interval$/m);
    expect(out.stdout).toMatch(/^\s+1\s+dan\s/m);
    expect(out.stdout).toMatch(/Holm-adjusted over the 1 pair:/);
  });

  it.each([
    ["no-header.csv", "ada,img0,0.5\n", 1, /the first line must be the header participant,image,score/],
    ["columns.csv", "participant,image,score\nada,img0,0.5\nada,img1\n", 3, /2 fields, but the header has 3/],
    ["not-number.csv", "participant,image,score\nada,img0,high\n", 2, /score "high" is not a number/],
    ["not-finite.csv", "participant,image,score\nada,img0,0.5\nbea,img0,Infinity\n", 3, /score "Infinity" is not finite/],
    ["duplicate.csv", "participant,image,score\nada,img0,0.5\nada,img0,0.6\n", 3, /participant "ada" already has a score for image "img0" \(line 2\)/],
    ["missing.csv", "participant,image,score\nada,img0,0.5\nada,img1,0.6\nbea,img0,0.4\n", 4, /participant "bea" .*no score for image "img1"/],
  ])("should exit 1 naming the file and line for bad data (%s)", (name, text, line, message) => {
    const p = file(name, text);
    const out = rank(["--scores", p]);
    expect(out.status).toBe(1);
    expect(out.stdout).toBe("");
    expect(out.stderr).toContain(`${p}:${line}: `);
    expect(out.stderr).toMatch(message);
  });

  it.each([
    [["--bootstrap", "0"], /--bootstrap must be an integer from 1 to 100000/],
    [["--bootstrap", "100001"], /--bootstrap must be an integer from 1 to 100000/],
    [["--alpha", "1"], /--alpha must be a number between 0 and 1/],
    [["--seed", "1.5"], /--seed must be an integer/],
    [["--pairs-top", "0"], /--pairs-top must be a positive integer/],
    [["--frobnicate"], /Unknown option '--frobnicate'/],
  ])("should exit 2 for a usage error (%j)", (args, message) => {
    const out = rank(["--scores", scores, ...args]);
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(message);
  });

  it("should exit 2 without --scores or with a file that cannot be read", () => {
    expect(rank([]).status).toBe(2);
    const missing = rank(["--scores", path.join(dir, "nowhere.csv")]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/cannot read .*nowhere\.csv/);
  });
});
