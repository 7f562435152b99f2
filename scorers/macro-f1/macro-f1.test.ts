import { describe, expect, it } from "vitest";
import { scoreText } from "../run";
import { csv, randomSingleLabelCases } from "../classification/reference-support";

/** scikit-learn's f1_score(average="macro", zero_division=0) over the given classes, written out. */
function referenceMacroF1(t: number[], p: number[], classes: number[]): number {
  let sum = 0;
  for (const c of classes) {
    const tp = t.filter((v, i) => v === c && p[i] === c).length;
    const fp = t.filter((v, i) => v !== c && p[i] === c).length;
    const fn = t.filter((v, i) => v === c && p[i] !== c).length;
    sum += 2 * tp + fp + fn === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  }
  return sum / classes.length;
}

describe("macro-f1", () => {
  it("should agree with the reference on 2000 random cases to 1e-12, with and without classCount", () => {
    for (const { classes: k, truth: t, predicted: p, truthCsv: truth, submissionCsv: submission } of randomSingleLabelCases(3, 2000)) {
      const seen = [...new Set([...t, ...p])];
      const f1 = scoreText("macro-f1", truth, submission);
      expect(f1.ok && Math.abs(f1.value.score - referenceMacroF1(t, p, seen))).toBeLessThan(1e-12);
      const all = Array.from({ length: k }, (_, c) => c);
      const fixed = scoreText("macro-f1", truth, submission, { classCount: k });
      expect(fixed.ok && Math.abs(fixed.value.score - referenceMacroF1(t, p, all))).toBeLessThan(1e-12);
    }
  });

  it("should reject labels past classCount", () => {
    const big = scoreText("macro-f1", csv("Id,Target", ["a,1", "b,0"]), csv("Id,Predicted", ["a,5", "b,0"]), { classCount: 2 });
    expect(!big.ok && big.error.message).toMatch(/from 0 to 1/);
  });
});
