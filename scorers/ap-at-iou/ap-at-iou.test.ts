import { describe, expect, it } from "vitest";
import { itAgreesWithReference, runMetric, type Case } from "../instance-seg/reference-metrics";

describe("ap-at-iou", () => {
  itAgreesWithReference("ap-at-iou", [0.1, 0.3, 0.5, 0.7]);

  it("should be TP / (TP + FP + FN): one hit, one false positive, one miss gives 1/3", () => {
    const cases: Case[] = [{ id: "a", h: 10, w: 2, usage: "Public", objects: ["1 5", "11 5"], pred: ["1 5", "6 3"] }];
    expect(runMetric("ap-at-iou", cases, { threshold: 0.5 }).score).toBeCloseTo(1 / 3, 15);
  });
});
