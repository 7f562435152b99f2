import { configDefaults, defineConfig } from "vitest/config";
import fs from "node:fs";
import path from "node:path";

const alias = { "@": path.resolve(import.meta.dirname) };

const UNIT_TESTS = ["scorers/**/*.test.ts", "datasets/**/*.test.ts", "server/**/*.test.ts", "tests/bench/**/*.test.ts", "tests/support/**/*.test.ts"];

/**
 * Unit test files that are CPU-heavy: onnxruntime sessions, baseline models, dataset
 * generation, command-line tools run in child processes, and each scorer checked against a
 * brute-force reference on thousands of random cases. On a busy 2-core machine (load 15)
 * their tests took 1–13 s and vitest's 5 s default failed them. They run in the `slow`
 * project, after the quick unit tests, with an explicit generous timeout.
 */
const SLOW_UNIT_TESTS = [
  "scorers/*/*.test.ts",
  "datasets/baseline-classifier.test.ts",
  "datasets/baseline-segmenter.test.ts",
  "datasets/datasets.test.ts",
  "datasets/dsb-format.test.ts",
  "datasets/importers/detect-layout.test.ts",
  "datasets/importers/import-dsb.test.ts",
  "datasets/synthetic-nuclei/synthetic-nuclei.test.ts",
  "datasets/synthetic-protein/synthetic-protein.test.ts",
  "datasets/zip-export.test.ts",
  "server/onnx/baseline-models.test.ts",
  "server/onnx/inspect-model.test.ts",
  "server/onnx/run-model.test.ts",
  "server/onnx/session-thread.test.ts",
  // Starts the rank CLI (tsx compiling it) once per case.
  "server/cli/rank.test.ts",
  "tests/bench/bench-onnx.test.ts",
];
// A file moved away would silently fall out of both projects.
for (const file of SLOW_UNIT_TESTS.filter((pattern) => !pattern.includes("*"))) {
  if (!fs.existsSync(path.join(import.meta.dirname, file))) throw new Error(`vitest.config.ts: SLOW_UNIT_TESTS lists ${file}, which does not exist`);
}

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: UNIT_TESTS,
          exclude: [...configDefaults.exclude, ...SLOW_UNIT_TESTS],
          environment: "node",
          // Each takes milliseconds alone; the margin is for a machine busy with other work.
          testTimeout: 15_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "slow",
          include: SLOW_UNIT_TESTS,
          environment: "node",
          // The slowest took 13 s on a 2-core machine under a load of 15.
          testTimeout: 120_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts", "tests/hostile/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/support/global-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // One shared database: files run one after another.
          fileParallelism: false,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          environment: "node",
          // A directory for the run, where the first file to need it seeds the demo once; the
          // other files' sites start on copies of it (startSeededAppServer). production-mode's
          // does not: it tests npm start's own seeding.
          globalSetup: ["tests/support/e2e-global-setup.ts"],
          testTimeout: 300_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
