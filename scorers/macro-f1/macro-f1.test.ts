import { describe, expect, it } from "vitest";
import { scoreText } from "../run";
import { csv, lcg } from "../classification/reference-support";

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
    const rand = lcg(3);
    for (let trial = 0; trial < 2000; trial++) {
      const n = 1 + Math.floor(rand() * 20);
      const k = 2 + Math.floor(rand() * 5);
      const t = Array.from({ length: n }, () => Math.floor(rand() * k));
      const p = t.map((v) => (rand() < 0.5 ? v : Math.floor(rand() * k)));
      const truth = csv("Id,Target", t.map((v, i) => `id${i},${v}`));
      const submission = csv("Id,Predicted", p.map((v, i) => `id${i},${v}`));
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
