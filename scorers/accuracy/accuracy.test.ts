import { describe, expect, it } from "vitest";
import { scoreText } from "../run";
import { csv, randomSingleLabelCases } from "../classification/reference-support";

describe("accuracy", () => {
  it("should be the share of rows whose one label is right, on 2000 random cases", () => {
    for (const c of randomSingleLabelCases(3, 2000)) {
      const result = scoreText("accuracy", c.truthCsv, c.submissionCsv);
      expect(result.ok && result.value.score).toBe(c.truth.filter((v, i) => v === c.predicted[i]).length / c.truth.length);
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
