import { describe, expect, it } from "vitest";
import { averagePrecision } from "./index";
import { scoreText } from "../run";
import { csv, lcg, referenceAp } from "../classification/reference-support";

describe("mean-average-precision", () => {
  it("should reproduce scikit-learn's documented example", () => {
    // average_precision_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.8333…
    expect(averagePrecision(Float64Array.from([0.1, 0.4, 0.35, 0.8]), Uint8Array.from([0, 0, 1, 1]))).toBeCloseTo(5 / 6, 12);
  });

  it("should agree with the threshold-by-threshold reference on 3000 random cases (ties included) to 1e-12", () => {
    const rand = lcg(11);
    for (let trial = 0; trial < 3000; trial++) {
      const n = 1 + Math.floor(rand() * 30);
      const scores = Array.from({ length: n }, () => Math.floor(rand() * 8) / 8);
      const positive = Array.from({ length: n }, () => (rand() < 0.4 ? 1 : 0));
      const ap = averagePrecision(Float64Array.from(scores), Uint8Array.from(positive));
      const reference = referenceAp(scores, positive);
      if (reference === null) expect(ap).toBeNull();
      else expect(Math.abs(ap! - reference)).toBeLessThan(1e-12);
    }
  });

  const truth = csv("Id,Target,Usage", ["a,0,Public", "b,1,Public", "c,0 1,Private", "d,,Private"]);
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
