import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { staleBuildOutputs } from "./build-output";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function project(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "scopebench-build-output-"));
  dirs.push(root);
  fs.mkdirSync(path.join(root, "server"), { recursive: true });
  fs.writeFileSync(path.join(root, "server", "a.ts"), "export {};\n");
  return root;
}

function touch(file: string, secondsAgo: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (!fs.existsSync(file)) fs.writeFileSync(file, "");
  const at = new Date(Date.now() - secondsAgo * 1000);
  fs.utimesSync(file, at, at);
}

describe("staleBuildOutputs", () => {
  it("should name every missing output", () => {
    const root = project();
    expect(staleBuildOutputs(["site", "sandbox", "worker"], root)).toEqual([
      { file: ".next/BUILD_ID", problem: "missing" },
      { file: "dist/sandbox/sandbox-scorer.mjs", problem: "missing" },
      { file: "dist/sandbox/sandbox-model.mjs", problem: "missing" },
      { file: "dist/cli/worker.mjs", problem: "missing" },
    ]);
  });

  it("should name outputs older than the newest source, and accept newer ones", () => {
    const root = project();
    touch(path.join(root, "server", "a.ts"), 100);
    touch(path.join(root, ".next", "BUILD_ID"), 50);
    touch(path.join(root, "dist", "cli", "serve.mjs"), 200);
    expect(staleBuildOutputs(["site", "serve"], root)).toEqual([{ file: "dist/cli/serve.mjs", problem: "older than the sources" }]);
    // A source edited after the build makes the site stale too.
    touch(path.join(root, "server", "a.ts"), 10);
    expect(staleBuildOutputs(["site"], root)).toEqual([{ file: ".next/BUILD_ID", problem: "older than the sources" }]);
  });
});
