// Classification metrics against independent O(n²) references and scikit-learn's documented examples.
import { describe, expect, it } from "vitest";
import { averagePrecision } from "../mean-average-precision";
import { rocAuc } from "../auroc";
import { scoreText } from "../run";

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
}

/** Pairwise definition: P(score_pos > score_neg) + ½ P(tie). */
function referenceAuc(scores: number[], positive: number[]): number | null {
  let wins = 0;
  let pairs = 0;
  scores.forEach((sp, i) => {
    if (!positive[i]) return;
    scores.forEach((sn, j) => {
      if (positive[j]) return;
      pairs++;
      wins += sp > sn ? 1 : sp === sn ? 0.5 : 0;
    });
  });
  return pairs === 0 ? null : wins / pairs;
}

/** scikit-learn's precision_recall_curve + step integration, written out threshold by threshold. */
function referenceAp(scores: number[], positive: number[]): number | null {
  const total = positive.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const thresholds = [...new Set(scores)].sort((a, b) => b - a);
  let ap = 0;
  let previousRecall = 0;
  for (const t of thresholds) {
    let tp = 0;
    let predicted = 0;
    scores.forEach((s, i) => {
      if (s >= t) {
        predicted++;
        tp += positive[i]!;
      }
    });
    const recall = tp / total;
    ap += (recall - previousRecall) * (tp / predicted);
    previousRecall = recall;
  }
  return ap;
}

describe("rocAuc and averagePrecision", () => {
  it("should reproduce scikit-learn's documented examples", () => {
    // roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.75
    expect(rocAuc(Float64Array.from([0.1, 0.4, 0.35, 0.8]), Uint8Array.from([0, 0, 1, 1]))).toBe(0.75);
    // average_precision_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.8333…
    expect(averagePrecision(Float64Array.from([0.1, 0.4, 0.35, 0.8]), Uint8Array.from([0, 0, 1, 1]))).toBeCloseTo(5 / 6, 12);
  });

  it("should agree with the pairwise and threshold-by-threshold references on 3000 random cases (ties included)", () => {
    const rand = lcg(11);
    for (let trial = 0; trial < 3000; trial++) {
      const n = 1 + Math.floor(rand() * 30);
      // Coarse scores force ties.
      const scores = Array.from({ length: n }, () => Math.floor(rand() * 8) / 8);
      const positive = Array.from({ length: n }, () => (rand() < 0.4 ? 1 : 0));
      const auc = rocAuc(Float64Array.from(scores), Uint8Array.from(positive));
      const refAuc = referenceAuc(scores, positive);
      if (refAuc === null) expect(auc).toBeNull();
      else expect(Math.abs(auc! - refAuc)).toBeLessThan(1e-12);
      const ap = averagePrecision(Float64Array.from(scores), Uint8Array.from(positive));
      const refAp = referenceAp(scores, positive);
      if (refAp === null) expect(ap).toBeNull();
      else expect(Math.abs(ap! - refAp)).toBeLessThan(1e-12);
    }
  });
});

const csv = (header: string, rows: string[]) => [header, ...rows, ""].join("\n");

describe("multi-label score files (auroc, mean-average-precision)", () => {
  const truth = csv("Id,Target,Usage", ["a,0,Public", "b,1,Public", "c,0 1,Private", "d,,Private"]);
  const submission = csv("Id,Scores", ["a,0.9 0.1 0", "b,0.2 0.8 0", "c,0.7 0.6 0", "d,0.1 0.3 0"]);

  it("should average per-class values over classes that have both outcomes", () => {
    const result = scoreText("auroc", truth, submission, { classCount: 3 });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    // class 0: positives a(.9), c(.7) vs negatives b(.2), d(.1) -> 1; class 1: b(.8), c(.6) vs a(.1), d(.3) -> 1; class 2 has no positives.
    expect(result.value.score).toBe(1);
    expect(result.value.outputs.classesScored).toBe(2);
  });

  it.each([
    ["a wrong number of scores", csv("Id,Scores", ["a,0.1 0.2"]), 2, /expected 3 scores/],
    ["a non-numeric score", csv("Id,Scores", ["a,0.1 x 0.2"]), 2, /not a finite number/],
    ["an unknown Id", csv("Id,Scores", ["zz,0 0 0"]), 2, /not in the test set/],
    ["a wrong header", csv("Id,Predicted", ["a,0 0 0"]), 1, /header/],
  ])("should reject %s with its line", (_name, file, line, message) => {
    const result = scoreText("mean-average-precision", truth, file, { classCount: 3 });
    if (result.ok) throw new Error("expected a rejection");
    expect(result.error.line).toBe(line);
    expect(result.error.message).toMatch(message);
  });
});

describe("single-label (accuracy, macro-f1)", () => {
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

  it("should agree with the reference on 2000 random cases, with and without classCount", () => {
    const rand = lcg(3);
    for (let trial = 0; trial < 2000; trial++) {
      const n = 1 + Math.floor(rand() * 20);
      const k = 2 + Math.floor(rand() * 5);
      const t = Array.from({ length: n }, () => Math.floor(rand() * k));
      const p = t.map((v) => (rand() < 0.5 ? v : Math.floor(rand() * k)));
      const truth = csv("Id,Target", t.map((v, i) => `id${i},${v}`));
      const submission = csv("Id,Predicted", p.map((v, i) => `id${i},${v}`));
      const acc = scoreText("accuracy", truth, submission);
      expect(acc.ok && acc.value.score).toBe(t.filter((v, i) => v === p[i]).length / n);
      const seen = [...new Set([...t, ...p])];
      const f1 = scoreText("macro-f1", truth, submission);
      expect(f1.ok && Math.abs(f1.value.score - referenceMacroF1(t, p, seen))).toBeLessThan(1e-12);
      const all = Array.from({ length: k }, (_, c) => c);
      const fixed = scoreText("macro-f1", truth, submission, { classCount: k });
      expect(fixed.ok && Math.abs(fixed.value.score - referenceMacroF1(t, p, all))).toBeLessThan(1e-12);
    }
  });

  it("should reject more than one label in a row, and labels past classCount", () => {
    const truth = csv("Id,Target", ["a,1", "b,0"]);
    const two = scoreText("accuracy", truth, csv("Id,Predicted", ["a,0 1", "b,0"]));
    expect(!two.ok && two.error).toMatchObject({ line: 2, imageId: "a", message: expect.stringMatching(/exactly one label/) });
    const big = scoreText("macro-f1", truth, csv("Id,Predicted", ["a,5", "b,0"]), { classCount: 2 });
    expect(!big.ok && big.error.message).toMatch(/from 0 to 1/);
    const multi = scoreText("accuracy", csv("Id,Target", ["a,1 2"]), csv("Id,Predicted", ["a,1"]));
    expect(!multi.ok && multi.error.message).toMatch(/has 2 labels; single-label metrics need exactly one/);
    const missing = scoreText("accuracy", truth, csv("Id,Predicted", ["a,1"]));
    expect(!missing.ok && missing.error.message).toMatch(/1 Id is missing/);
  });
});
