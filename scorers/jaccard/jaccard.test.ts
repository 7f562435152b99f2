import { describe, expect, it } from "vitest";
import { scoreText } from "../run";
import { itAgreesWithReference, runMetric, type Case } from "../instance-seg/reference-metrics";
import { truthCsv } from "../instance-seg/reference-support";

describe("jaccard", () => {
  itAgreesWithReference("jaccard");

  it("should compare foreground pixels, whatever the instance labels", () => {
    // Truth: pixels 1–10 as two objects; prediction: pixels 1–5 as one. |A∩B| = 5, |A| = 10, |B| = 5.
    const cases: Case[] = [{ id: "a", h: 10, w: 2, usage: "Public", objects: ["1 5", "6 5"], pred: ["1 5"] }];
    expect(runMetric("jaccard", cases, {}).score).toBeCloseTo(5 / 10, 15);
  });

  it("should refuse parameters it does not have", () => {
    const truth = truthCsv([{ id: "a", h: 4, w: 4, usage: "Public", objects: ["1 2"] }]);
    expect(scoreText("jaccard", truth, "ImageId,EncodedPixels\na,1 2\n", { threshold: 0.5 }).ok).toBe(false);
  });
});
