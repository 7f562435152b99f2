import { describe, expect, it } from "vitest";
import { itAgreesWithReference, randomCases, runMetric, type Case } from "../instance-seg/reference-metrics";

describe("panoptic-quality", () => {
  itAgreesWithReference("panoptic-quality");

  it("should report SQ and RQ with PQ = SQ · RQ", () => {
    const report = runMetric("panoptic-quality", randomCases(77, 20), {});
    expect(Math.abs(report.score - report.outputs.sq! * report.outputs.rq!)).toBeLessThan(1e-12);
  });

  it("should not match at IoU exactly 0.5 (strict >, as Kirillov et al.)", () => {
    const cases: Case[] = [{ id: "a", h: 10, w: 1, usage: "Public", objects: ["1 10"], pred: ["1 5"] }];
    expect(runMetric("panoptic-quality", cases, {}).score).toBe(0);
  });
});
