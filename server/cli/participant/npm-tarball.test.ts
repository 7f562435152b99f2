import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { npmTarball } from "./npm-tarball";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "npm-tarball-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("npm tarball", () => {
  it("should write a gzip'd tar that tar lists and extracts, with modes and contents", () => {
    const long = Buffer.alloc(1000, "x");
    const file = path.join(dir, "pkg.tgz");
    fs.writeFileSync(file, npmTarball([
      { name: "package.json", content: Buffer.from('{"name":"x"}\n') },
      { name: "bin.cjs", content: long, executable: true },
    ], new Date(0)));
    expect(execFileSync("tar", ["-tzf", file], { encoding: "utf8" }).trim().split("\n")).toEqual(["package/package.json", "package/bin.cjs"]);
    execFileSync("tar", ["-xzf", file, "-C", dir]);
    expect(fs.readFileSync(path.join(dir, "package", "package.json"), "utf8")).toBe('{"name":"x"}\n');
    expect(fs.readFileSync(path.join(dir, "package", "bin.cjs")).equals(long)).toBe(true);
    expect(fs.statSync(path.join(dir, "package", "bin.cjs")).mode & 0o777).toBe(0o755);
  });
});
