import { describe, expect, it } from "vitest";
import { scoreText, startRunWith } from "../../scorers/run";
import { compileScorerModule } from "../services/custom-scorer/compile-scorer-module";
import { CUSTOM_TRUTH, EXAMPLE_SCORER_SOURCE, KNOWN_ANSWER_SUBMISSION, PARTICIPANT_SUBMISSION, SAMPLE_SUBMISSION } from "../../tests/support/custom-scorer-cases";
import { CustomScorerError, customScorerOf, loadCustomModule } from "./custom-scorer-module";

async function compiled(source: string, filename = "scorer.js"): Promise<string> {
  const result = await compileScorerModule(filename, source);
  if (!result.ok) throw new Error(result.problems.join("\n"));
  return result.code;
}

function score(code: string, submission: string, params: unknown = {}) {
  const { scorer } = customScorerOf(loadCustomModule(code));
  const run = startRunWith(scorer, CUSTOM_TRUTH, params);
  if (!run.ok) return run;
  const rejection = run.value.push(submission);
  return rejection ? { ok: false as const, error: rejection } : run.value.end();
}

describe("custom scorer module", () => {
  it("should score the worked example exactly as the built-in f1-at-iou (pooled, IoU 0.5) does with beta 1", async () => {
    const code = await compiled(EXAMPLE_SCORER_SOURCE);
    for (const file of [SAMPLE_SUBMISSION, KNOWN_ANSWER_SUBMISSION, PARTICIPANT_SUBMISSION]) {
      const ours = score(code, file, { beta: 1 });
      const builtIn = scoreText("f1-at-iou", CUSTOM_TRUTH, file, { threshold: 0.5, aggregate: "pooled" });
      if (!ours.ok || !builtIn.ok) throw new Error(JSON.stringify({ ours, builtIn }));
      expect(ours.value.score).toBeCloseTo(builtIn.value.score, 12);
      expect(ours.value.public).toBeCloseTo(builtIn.value.public ?? NaN, 12);
      expect(ours.value.private).toBeCloseTo(builtIn.value.private ?? NaN, 12);
      expect(ours.value.scorerId).toBe("custom:f-beta-at-iou");
    }
  });

  it("should declare its outputs and parameters as plain JSON", async () => {
    const { declaration } = loadCustomModule(await compiled(EXAMPLE_SCORER_SOURCE));
    expect(declaration).toMatchObject({ id: "f-beta-at-iou", version: "1.0.0", outputs: [{ key: "score", range: [0, 1] }], params: { beta: { type: "number", default: 1 } } });
  });

  it("should strip TypeScript types and accept CommonJS", async () => {
    const ts = EXAMPLE_SCORER_SOURCE.replace("const pixels = (rle) =>", "const pixels = (rle: string): Set<number> =>");
    expect(score(await compiled(ts, "scorer.ts"), SAMPLE_SUBMISSION).ok).toBe(true);
    const cjs = EXAMPLE_SCORER_SOURCE.replace("export default {", "module.exports = {");
    expect(score(await compiled(cjs, "scorer.cjs"), SAMPLE_SUBMISSION).ok).toBe(true);
  });

  it("should give a module no Node API: require, process and fetch fail with a reason", async () => {
    expect(() => loadCustomModule('const fs = require("node:fs"); module.exports = {};')).toThrow(/require\("node:fs"\) is not available to a scorer/);
    expect(() => loadCustomModule("module.exports = { id: process.pid };")).toThrow(/process is not available to a scorer/);
    expect(() => loadCustomModule("fetch('http://example.org'); module.exports = {};")).toThrow(/fetch\(\) is not available to a scorer: scorers run without a network/);
    // The realm's own constructors lead back to the realm, not to this process.
    expect(() => loadCustomModule('module.exports = { id: ({}).constructor.constructor("return process")() };')).toThrow(CustomScorerError);
  });

  it("should name the stage where the module throws or returns nonsense", async () => {
    const throwing = EXAMPLE_SCORER_SOURCE.replace("init: (truth, params) =>", 'init: () => { throw new Error("boom"); }, unused: (truth, params) =>');
    expect(() => score(throwingCode(throwing), SAMPLE_SUBMISSION)).toThrow(/The scorer threw in init: Error: boom/);
    const nan = EXAMPLE_SCORER_SOURCE.replace("score: f(counts.all)", "score: NaN");
    expect(() => score(throwingCode(nan), SAMPLE_SUBMISSION)).toThrow(/finalize returned score NaN, not a finite number/);
  });
});

// Plain JavaScript already: the export statement is all esbuild would change.
function throwingCode(source: string): string {
  return source.replace("export default {", "module.exports = {");
}
