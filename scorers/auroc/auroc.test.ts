import { describe, expect, it } from "vitest";
import { rocAuc } from "./index";
import { scoreText } from "../run";
import { csv, lcg, referenceAuc } from "../classification/reference-support";

describe("auroc", () => {
  it("should reproduce scikit-learn's documented example", () => {
    // roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.75
    expect(rocAuc(Float64Array.from([0.1, 0.4, 0.35, 0.8]), Uint8Array.from([0, 0, 1, 1]))).toBe(0.75);
  });

  it("should agree with the pairwise definition on 3000 random cases (ties included) to 1e-12", () => {
    const rand = lcg(11);
    for (let trial = 0; trial < 3000; trial++) {
      const n = 1 + Math.floor(rand() * 30);
      // Coarse scores force ties.
      const scores = Array.from({ length: n }, () => Math.floor(rand() * 8) / 8);
      const positive = Array.from({ length: n }, () => (rand() < 0.4 ? 1 : 0));
      const auc = rocAuc(Float64Array.from(scores), Uint8Array.from(positive));
      const reference = referenceAuc(scores, positive);
      if (reference === null) expect(auc).toBeNull();
      else expect(Math.abs(auc! - reference)).toBeLessThan(1e-12);
    }
  });

  it("should average per-class values over classes that have both outcomes", () => {
    const truth = csv("Id,Target,Usage", ["a,0,Public", "b,1,Public", "c,0 1,Private", "d,,Private"]);
    const submission = csv("Id,Scores", ["a,0.9 0.1 0", "b,0.2 0.8 0", "c,0.7 0.6 0", "d,0.1 0.3 0"]);
    const result = scoreText("auroc", truth, submission, { classCount: 3 });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    // class 0: positives a(.9), c(.7) vs negatives b(.2), d(.1) -> 1; class 1: b(.8), c(.6) vs a(.1), d(.3) -> 1; class 2 has no positives.
    expect(result.value.score).toBe(1);
    expect(result.value.outputs.classesScored).toBe(2);
  });
});
