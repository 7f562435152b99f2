import { describe, expect, it } from "vitest";
import { scoreText } from "../run";
import { csv, lcg } from "../classification/reference-support";

describe("accuracy", () => {
  it("should be the share of rows whose one label is right, on 2000 random cases", () => {
    const rand = lcg(3);
    for (let trial = 0; trial < 2000; trial++) {
      const n = 1 + Math.floor(rand() * 20);
      const k = 2 + Math.floor(rand() * 5);
      const t = Array.from({ length: n }, () => Math.floor(rand() * k));
      const p = t.map((v) => (rand() < 0.5 ? v : Math.floor(rand() * k)));
      const result = scoreText("accuracy", csv("Id,Target", t.map((v, i) => `id${i},${v}`)), csv("Id,Predicted", p.map((v, i) => `id${i},${v}`)));
      expect(result.ok && result.value.score).toBe(t.filter((v, i) => v === p[i]).length / n);
    }
  });

  it("should reject more than one label in a row, a multi-label truth, and missing Ids", () => {
    const truth = csv("Id,Target", ["a,1", "b,0"]);
    const two = scoreText("accuracy", truth, csv("Id,Predicted", ["a,0 1", "b,0"]));
    expect(!two.ok && two.error).toMatchObject({ line: 2, imageId: "a", message: expect.stringMatching(/exactly one label/) });
    const multi = scoreText("accuracy", csv("Id,Target", ["a,1 2"]), csv("Id,Predicted", ["a,1"]));
    expect(!multi.ok && multi.error.message).toMatch(/has 2 labels; single-label metrics need exactly one/);
    const missing = scoreText("accuracy", truth, csv("Id,Predicted", ["a,1"]));
    expect(!missing.ok && missing.error.message).toMatch(/1 Id is missing/);
  });
});
