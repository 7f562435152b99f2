import { describe, expect, it } from "vitest";
import { scoreText } from "../run";
import { itAgreesWithReference, runMetric, type Case } from "../instance-seg/reference-metrics";
import { truthCsv } from "../instance-seg/reference-support";

describe("ctc-seg", () => {
  itAgreesWithReference("ctc-seg");

  it("should match a reference object only when the prediction covers more than half of it", () => {
    // Reference of 10 pixels; prediction covering exactly 5: no match, SEG 0. Covering 6: J = 6/10.
    const half: Case[] = [{ id: "a", h: 10, w: 1, usage: "Public", objects: ["1 10"], pred: ["1 5"] }];
    expect(runMetric("ctc-seg", half, {}).score).toBe(0);
    const more: Case[] = [{ id: "a", h: 10, w: 1, usage: "Public", objects: ["1 10"], pred: ["1 6"] }];
    expect(runMetric("ctc-seg", more, {}).score).toBeCloseTo(0.6, 15);
  });

  it("should be undefined, not 0 or 1, on a test set without reference objects", () => {
    const truth = truthCsv([{ id: "a", h: 4, w: 4, usage: "Public", objects: [] }]);
    const result = scoreText("ctc-seg", truth, "ImageId,EncodedPixels\na,1 2\n");
    expect(result.ok ? null : result.error.message).toMatch(/undefined/);
  });
});
