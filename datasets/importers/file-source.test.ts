import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { strFromU8, strToU8, zipSync } from "fflate";
import { afterAll, describe, expect, it } from "vitest";
import { directorySource, memorySource, zipSource } from "./file-source";

const temp = mkdtempSync(path.join(tmpdir(), "importers-source-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe("zipSource", () => {
  it("should list files sorted, skip folders and macOS/hidden litter, and read stored and deflated entries", async () => {
    const zip = zipSync({
      "top/b.txt": [strToU8("bee ".repeat(100)), { level: 9 }],
      "top/a.txt": [strToU8("ay"), { level: 0 }],
      "top/empty/": new Uint8Array(),
      "__MACOSX/top/._a.txt": strToU8("x"),
      "top/.DS_Store": strToU8("x"),
      "top/.git/config": strToU8("x"),
    });
    const source = zipSource(zip, "up.zip");
    expect(source.problems).toEqual([]);
    expect(source.list()).toEqual(["top/a.txt", "top/b.txt"]);
    expect(strFromU8(await source.read("top/a.txt"))).toBe("ay");
    expect(strFromU8(await source.read("top/b.txt"))).toBe("bee ".repeat(100));
    await expect(source.read("top/.DS_Store")).rejects.toThrow(/no such file/);
  });

  it("should report entries with absolute paths or .. instead of listing them", () => {
    const zip = zipSync({ "../evil.txt": strToU8("x"), "/etc/passwd": strToU8("x"), "ok/../../x.txt": strToU8("x"), "fine.txt": strToU8("x") });
    const source = zipSource(zip, "up.zip");
    expect(source.list()).toEqual(["fine.txt"]);
    expect(source.problems.map((p) => p.message).sort()).toEqual([
      'up.zip: entry "../evil.txt" skipped: path leaves the archive (..)',
      'up.zip: entry "/etc/passwd" skipped: absolute path',
      'up.zip: entry "ok/../../x.txt" skipped: path leaves the archive (..)',
    ]);
  });

  it("should turn a damaged archive into a problem, not an exception", async () => {
    const source = zipSource(strToU8("this is not a zip"), "bad.zip");
    expect(source.list()).toEqual([]);
    expect(source.problems).toEqual([{ file: "bad.zip", message: expect.stringMatching(/^bad\.zip: not a readable zip archive/) }]);
    const zip = zipSync({ "a.txt": [strToU8("hello ".repeat(50)), { level: 9 }] });
    expect(strFromU8(await zipSource(zip, "t.zip").read("a.txt"))).toBe("hello ".repeat(50));
    // Corrupt the deflated data (just after the 30-byte local header and the 5-byte name):
    // the directory still lists the entry, reading it fails, and importers report that.
    const damaged = zip.slice();
    damaged.fill(0xff, 35, 45);
    const damagedSource = zipSource(damaged, "d.zip");
    expect(damagedSource.list()).toEqual(["a.txt"]);
    await expect(damagedSource.read("a.txt")).rejects.toThrow();
  });
});

describe("directorySource", () => {
  it("should list nested files with posix paths, skipping hidden ones, and read them", async () => {
    const root = path.join(temp, "dir");
    mkdirSync(path.join(root, "x", "y"), { recursive: true });
    mkdirSync(path.join(root, ".hidden"), { recursive: true });
    writeFileSync(path.join(root, "x", "y", "z.txt"), "zed");
    writeFileSync(path.join(root, "a.txt"), "ay");
    writeFileSync(path.join(root, ".hidden", "h.txt"), "h");
    writeFileSync(path.join(root, "x", ".DS_Store"), "h");
    const source = directorySource(root);
    expect(source.list()).toEqual(["a.txt", "x/y/z.txt"]);
    expect(strFromU8(await source.read("x/y/z.txt"))).toBe("zed");
  });

  it("should report a missing directory as a problem", () => {
    const source = directorySource(path.join(temp, "nope"));
    expect(source.list()).toEqual([]);
    expect(source.problems).toHaveLength(1);
    expect(source.problems[0]?.message).toMatch(/nope: cannot read directory/);
  });
});

describe("memorySource", () => {
  it("should normalize backslashes and reject unsafe names", () => {
    const source = memorySource({ "a\\b.txt": "x", "../c.txt": "y" });
    expect(source.list()).toEqual(["a/b.txt"]);
    expect(source.problems).toHaveLength(1);
  });
});
