// End-to-end tests: a directory for the whole run, shared by the test files (each runs in its
// own process), for what is made once and reused: the seeded var directory the sites start
// from (tests/support/seeded-var-dir.ts). Removed after the last file.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** The run's shared directory; absent when the tests run without this global setup. */
    e2eRunDir?: string;
  }
}

export default function setup(project: TestProject): () => void {
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), "scopebench-e2e-run-"));
  // PostgreSQL runs as `postgres` under root: it must reach the seeded data directory inside.
  fs.chmodSync(runDir, 0o755);
  project.provide("e2eRunDir", runDir);
  return () => fs.rmSync(runDir, { recursive: true, force: true });
}
