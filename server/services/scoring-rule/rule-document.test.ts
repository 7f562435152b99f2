import { describe, expect, it } from "vitest";
import { ZScoringRuleSchema, type ScoringRule } from "../../contracts/scoring-rule";
import { boardValues, changesScores, checkRule, defaultRule, ladderUnavailable, readStoredRule, ruleChanges } from "./rule-document";
import { builtInRuleMetric } from "./rule-metrics";

const pq = builtInRuleMetric("panoptic-quality")!;
const hpa = builtInRuleMetric("hpa-macro-f1")!;
const auroc = builtInRuleMetric("auroc")!;
const noClasses = { classes: null, ladderPhases: [] };

describe("scoring rules", () => {
  it("should give a metric's default rule: its score, its direction, earlier submission first", () => {
    const rule = defaultRule(pq, { aggregate: "pooled" });
    expect(ZScoringRuleSchema.parse(rule)).toEqual(rule);
    expect(rule).toEqual({
      metric: { id: "panoptic-quality", params: { aggregate: "pooled" } },
      ranking: { output: "score", direction: "higher", tieBreak: "earlier-submission" },
      columns: [],
      privateBoard: "private-images",
    });
  });

  it("should fill in parameter defaults and accept declared outputs as ranking and columns", () => {
    const checked = checkRule({ ...defaultRule(pq, {}), ranking: { output: "rq", direction: "higher", tieBreak: "shared-rank" }, columns: ["sq", "score"] }, pq, noClasses);
    expect(checked).toEqual({ ok: true, rule: expect.objectContaining({ metric: { id: "panoptic-quality", params: { aggregate: "pooled", maxObjectsPerImage: 1000 } } }) });
  });

  it("should name every problem with its field", () => {
    const rule: ScoringRule = {
      metric: { id: "panoptic-quality", params: { aggregate: "mean", bogus: 1 } },
      ranking: { output: "sq", direction: "lower", tieBreak: "earlier-submission" },
      columns: ["dice", "sq", "rq", "rq"],
      privateBoard: "private-images",
    };
    const checked = checkRule(rule, pq, { classes: null, ladderPhases: ["Stage 1"] });
    expect(checked.ok).toBe(false);
    const problems = checked.ok ? [] : checked.problems;
    expect(problems).toEqual([
      expect.stringMatching(/^ranking\.direction: panoptic-quality's output "sq" \(segmentation quality\) is higher-is-better/),
      expect.stringMatching(/^columns\[0\]: "dice" is not an output of panoptic-quality \(it has score, sq, rq\)/),
      expect.stringMatching(/^columns\[1\]: "sq" is the ranked output/),
      expect.stringMatching(/^columns\[3\]: "rq" is listed twice/),
      expect.stringMatching(/^ranking: the overfitting guard \(Ladder\) of "Stage 1" needs per-image states of the ranked output, which output "sq" does not have/),
      expect.stringMatching(/^Metric parameters: .*aggregate/),
    ]);
  });

  it("should refuse an unknown ranked output", () => {
    const checked = checkRule({ ...defaultRule(pq, {}), ranking: { output: "f1", direction: "higher", tieBreak: "earlier-submission" } }, pq, noClasses);
    expect(checked).toEqual({ ok: false, problems: [`ranking.output: "f1" is not an output of panoptic-quality (it has score, sq, rq).`] });
  });

  it("should give a classification metric the dataset's class count and refuse one that cannot take it", () => {
    const classes = { count: 5, datasetSlug: "five", fitting: ["auroc", "mean-average-precision"] };
    expect(checkRule(defaultRule(auroc, {}), auroc, { classes, ladderPhases: [] })).toMatchObject({ ok: true, rule: { metric: { params: { classCount: 5 } } } });
    expect(checkRule(defaultRule(hpa, {}), hpa, { classes, ladderPhases: [] })).toEqual({
      ok: false,
      problems: ['Metric "hpa-macro-f1" cannot score the 5 classes of dataset "five"; use one that takes classCount (auroc, mean-average-precision).'],
    });
  });

  it("should say why the Ladder cannot guard a rule", () => {
    expect(ladderUnavailable(defaultRule(pq, {}), true)).toBeNull();
    expect(ladderUnavailable({ ...defaultRule(pq, {}), metric: { id: "custom:x@1.0.0", params: {} } }, false)).toMatch(/which custom:x@1\.0\.0 does not keep/);
  });

  it("should list what changed, field by field, and tell presentation from scoring changes", () => {
    const before = defaultRule(pq, { aggregate: "pooled", maxObjectsPerImage: 1000 });
    expect(ruleChanges(null, before)).toEqual(["the first rule"]);
    expect(ruleChanges(before, before)).toEqual([]);
    const after: ScoringRule = {
      metric: { id: "panoptic-quality", params: { aggregate: "image", maxObjectsPerImage: 1000 } },
      ranking: { output: "score", direction: "higher", tieBreak: "shared-rank" },
      columns: ["sq"],
      privateBoard: "all-test-images",
    };
    expect(ruleChanges(before, after)).toEqual([
      'metric.params.aggregate: "pooled" → "image"',
      "ranking.tieBreak: earlier-submission → shared-rank",
      "columns: [] → [sq]",
      "privateBoard: private-images → all-test-images",
    ]);
    expect(changesScores(before, after)).toBe(true);
    expect(changesScores(before, { ...before, ranking: { ...before.ranking, tieBreak: "shared-rank" } })).toBe(false);
    expect(changesScores({ ...before, columns: ["sq"] }, before)).toBe(false);
  });

  it("should read the ranked output per board from the report's subsets only", () => {
    const report = {
      score: 0.5,
      public: 0.6,
      private: 0.4,
      outputs: { score: 0.5, sq: 0.8, rq: 0.625 },
      bySubset: { Public: { score: 0.6, outputs: { sq: 0.9, rq: 0.667 } }, Private: { score: 0.4, outputs: { sq: 0.7, rq: 0.571 } } },
    };
    const rule = defaultRule(pq, {});
    expect(boardValues(report, rule)).toEqual({
      public: 0.6,
      private: 0.4,
      outputs: { public: { score: 0.6, sq: 0.9, rq: 0.667 }, private: { score: 0.4, sq: 0.7, rq: 0.571 } },
    });
    expect(boardValues(report, { ...rule, ranking: { ...rule.ranking, output: "sq" }, privateBoard: "all-test-images" })).toMatchObject({ public: 0.9, private: 0.8 });
    // Without a Usage column: the public board scores all test images; there is no private board.
    expect(boardValues({ score: 0.5, public: null, private: null, outputs: { score: 0.5, sq: 0.8 } }, rule)).toEqual({
      public: 0.5,
      private: null,
      outputs: { public: { score: 0.5, sq: 0.8 }, private: {} },
    });
  });

  it("should read a stored rule, or a broken one as its metric ranked higher-first", () => {
    const rule = defaultRule(pq, {});
    expect(readStoredRule({ scoringRule: rule, metricId: "x" })).toEqual(rule);
    expect(readStoredRule({ scoringRule: { nonsense: true }, metricId: "dice", metricParams: { aggregate: "image" } })).toMatchObject({
      metric: { id: "dice", params: { aggregate: "image" } },
      ranking: { output: "score", direction: "higher" },
    });
  });
});
