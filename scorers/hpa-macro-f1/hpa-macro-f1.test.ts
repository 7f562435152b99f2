import { describe, expect, it } from "vitest";
import { scoreText } from "../run";

// Independent reference: per-class confusion counts from label arrays, F1 = 2PR/(P+R)
// with zero_division=0 as scikit-learn defines it.
function referenceMacroF1(truth: number[][], pred: number[][]): number {
  let sum = 0;
  for (let c = 0; c < 28; c++) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    truth.forEach((t, i) => {
      const inT = t.includes(c);
      const inP = pred[i]!.includes(c);
      if (inT && inP) tp++;
      if (!inT && inP) fp++;
      if (inT && !inP) fn++;
    });
    const p = tp + fp === 0 ? 0 : tp / (tp + fp);
    const r = tp + fn === 0 ? 0 : tp / (tp + fn);
    sum += p + r === 0 ? 0 : (2 * p * r) / (p + r);
  }
  return sum / 28;
}

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
}

const csv = (header: string, rows: string[]) => [header, ...rows, ""].join("\n");

describe("hpa-macro-f1", () => {
  it("should give 1/28 per perfectly predicted class and 0 to classes absent on both sides", () => {
    const truth = csv("Id,Target", ["a,0 1", "b,1"]);
    const report = scoreText("hpa-macro-f1", truth, csv("Id,Predicted", ["a,0 1", "b,1"]));
    expect(report.ok && report.value.score).toBeCloseTo(2 / 28, 12);
  });

  it("should agree with the reference on 2000 random cases to 1e-12", () => {
    const rand = lcg(28);
    for (let trial = 0; trial < 2000; trial++) {
      const n = 1 + Math.floor(rand() * 12);
      const draw = () => [...new Set(Array.from({ length: Math.floor(rand() * 4) }, () => Math.floor(rand() * 28)))];
      const truth = Array.from({ length: n }, draw);
      const pred = truth.map((t) => (rand() < 0.3 ? t : draw()));
      const result = scoreText(
        "hpa-macro-f1",
        csv("Id,Target,Usage", truth.map((t, i) => `id${i},${t.join(" ")},${i % 2 ? "Private" : "Public"}`)),
        csv("Id,Predicted", pred.map((p, i) => `id${i},${p.join(" ")}`).reverse()),
      );
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      expect(Math.abs(result.value.score - referenceMacroF1(truth, pred))).toBeLessThan(1e-12);
      const pub = truth.map((_, i) => i).filter((i) => i % 2 === 0);
      expect(Math.abs(result.value.public! - referenceMacroF1(pub.map((i) => truth[i]!), pub.map((i) => pred[i]!)))).toBeLessThan(1e-12);
    }
  });

  it.each([
    ["a wrong header", csv("Id,Target", ["a,1"]), 1, undefined, /header/],
    ["an unknown Id", csv("Id,Predicted", ["a,1", "zz,1"]), 3, "zz", /not in the test set/],
    ["a label outside 0-27", csv("Id,Predicted", ["a,28"]), 2, "a", /from 0 to 27/],
    ["a non-integer label", csv("Id,Predicted", ["a,1.5"]), 2, "a", /from 0 to 27/],
    ["a duplicate Id", csv("Id,Predicted", ["a,1", "a,2"]), 3, "a", /more than once/],
  ])("should reject %s with its line and Id", (_name, submission, line, id, message) => {
    const result = scoreText("hpa-macro-f1", csv("Id,Target", ["a,1", "b,2"]), submission);
    if (result.ok) throw new Error("expected a rejection");
    expect(result.error.line).toBe(line);
    expect(result.error.imageId).toBe(id);
    expect(result.error.message).toMatch(message);
  });

  it("should neither require nor score Ignored Ids", () => {
    const truth = csv("Id,Target,Usage", ["a,0 1,Public", "b,1,Private", "decoy,5,Ignored"]);
    const expected = scoreText("hpa-macro-f1", csv("Id,Target,Usage", ["a,0 1,Public", "b,1,Private"]), csv("Id,Predicted", ["a,0", "b,1"]));
    if (!expected.ok) throw new Error(JSON.stringify(expected.error));
    for (const decoyRows of [[], ["decoy,5"], ["decoy,0 1 2"]]) {
      const report = scoreText("hpa-macro-f1", truth, csv("Id,Predicted", ["a,0", "b,1", ...decoyRows]));
      if (!report.ok) throw new Error(JSON.stringify(report.error));
      expect(report.value).toMatchObject({ score: expected.value.score, public: expected.value.public, private: expected.value.private });
      expect(report.value.perClass).toEqual(expected.value.perClass);
    }
    const bad = scoreText("hpa-macro-f1", truth, csv("Id,Predicted", ["a,0", "b,1", "decoy,40"]));
    expect(bad.ok ? null : bad.error).toMatchObject({ line: 4, imageId: "decoy" });
  });

  it("should reject missing Ids, naming them", () => {
    const result = scoreText("hpa-macro-f1", csv("Id,Target", ["a,1", "b,2"]), csv("Id,Predicted", ["a,1"]));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/1 Id is missing from the submission \("b"\)/);
  });
});
