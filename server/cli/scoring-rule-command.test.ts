import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ScoringRule } from "../contracts/scoring-rule";
import { readRuleFile, showPreview, showRule } from "./scoring-rule-command";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rule-file-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
};

const RULE: ScoringRule = {
  metric: { id: "f1-at-iou", params: { threshold: 0.7 } },
  ranking: { output: "score", direction: "higher", tieBreak: "earlier-submission" },
  columns: [],
  privateBoard: "private-images",
};

describe("challenge rule command", () => {
  it("should read a rule from YAML or JSON", () => {
    const yaml = write("rule.yaml", "metric:\n  id: f1-at-iou\n  params:\n    threshold: 0.7\nranking:\n  direction: higher\n");
    expect(readRuleFile(yaml)).toEqual({ ok: true, value: RULE });
    expect(readRuleFile(write("rule.json", JSON.stringify(RULE)))).toEqual({ ok: true, value: RULE });
  });

  it("should name the line of a YAML error and the field of a schema error", () => {
    expect(readRuleFile(write("dup.yaml", "metric:\n  id: a\n  id: b\n"))).toEqual({ ok: false, problem: expect.stringMatching(/^dup\.yaml: line 3, column 3: /) });
    expect(readRuleFile(write("bad.yaml", "metric:\n  id: f1-at-iou\nranking:\n  direction: up\n"))).toEqual({ ok: false, problem: expect.stringMatching(/^bad\.yaml: ranking\.direction: /) });
    expect(readRuleFile(path.join(dir, "missing.yaml"))).toEqual({ ok: false, problem: expect.stringMatching(/^no such file: /) });
  });

  it("should print a rule as YAML that reads back, and a preview as a table", () => {
    const shown = showRule({ slug: "demo", version: 2, rule: RULE, metrics: [], history: [{ version: 2, rule: RULE, changes: ["metric: dsb2018-map → f1-at-iou"], changedBy: "Ann", changedAt: new Date(0) }], phases: [] });
    expect(shown).toContain("# scoring rule of demo, version 2");
    expect(shown).toContain("v2 1970-01-01T00:00:00.000Z Ann: metric: dsb2018-map → f1-at-iou");
    expect(readRuleFile(write("shown.yaml", shown))).toEqual({ ok: true, value: RULE });
    const table = showPreview({ rule: RULE, changes: [], cases: [
      { name: "sample_submission.csv", kind: "sample", current: null, proposed: { public: 0.5, private: 0.25, columns: {} }, error: null },
      { name: "b.csv", kind: "baseline", current: { public: 0.1, private: null }, proposed: null, error: "The file is empty." },
    ] });
    expect(table.split("\n")).toEqual([
      "no change from the saved rule",
      "file                          public now  public  private",
      "sample_submission.csv (sample)         —  0.5000   0.2500",
      "b.csv (baseline)                not scored: The file is empty.",
    ]);
  });
});
