import { describe, expect, it } from "vitest";
import { scoreText } from "../run";
import { itAgreesWithReference, runMetric, type Case } from "../instance-seg/reference-metrics";
import { truthCsv } from "../instance-seg/reference-support";

describe("f1-at-iou", () => {
  itAgreesWithReference("f1-at-iou", [0.1, 0.3, 0.5, 0.7]);

  it("should match at IoU >= t (inclusive), unlike the DSB metric's strict >", () => {
    // 10 true pixels, 5 predicted inside: IoU = 0.5 exactly.
    const cases: Case[] = [{ id: "a", h: 10, w: 1, usage: "Public", objects: ["1 10"], pred: ["1 5"] }];
    expect(runMetric("f1-at-iou", cases, { threshold: 0.5 }).score).toBe(1);
    expect(runMetric("f1-at-iou", cases, { threshold: 0.5001 }).score).toBe(0);
  });

  it("should find the most matches below IoU 0.5, where greedy matching by IoU does not (StarDist's assignment)", () => {
    // 1 × 20 image. T1 = pixels 1–10, T2 = 11–20; P1 = 5–14 (IoU 6/14 with T1, 4/16 = 0.25
    // with T2), P2 = 1–4 (IoU 0.4 with T1). Greedy takes P1–T1 first and ends with one match;
    // the assignment P1–T2, P2–T1 has two.
    const cases: Case[] = [{ id: "a", h: 20, w: 1, usage: "Public", objects: ["1 10", "11 10"], pred: ["5 10", "1 4"] }];
    expect(runMetric("f1-at-iou", cases, { threshold: 0.25 }).score).toBe(1);
    expect(runMetric("f1-at-iou", cases, { threshold: 0.26 }).score).toBe(0.5);
  });

  it("should give 1 to an image without objects on either side", () => {
    const cases: Case[] = [{ id: "a", h: 4, w: 4, usage: "Public", objects: [], pred: [] }];
    expect(runMetric("f1-at-iou", cases, { aggregate: "image" }).score).toBe(1);
    expect(runMetric("f1-at-iou", cases, { aggregate: "pooled" }).score).toBe(1);
  });

  it("should refuse a threshold it cannot compare exactly, and unknown parameters", () => {
    const truth = truthCsv([{ id: "a", h: 4, w: 4, usage: "Public", objects: ["1 2"] }]);
    expect(scoreText("f1-at-iou", truth, "ImageId,EncodedPixels\na,1 2\n", { threshold: 0.12345 }).ok).toBe(false);
    expect(scoreText("f1-at-iou", truth, "ImageId,EncodedPixels\na,1 2\n", { thresh: 0.5 }).ok).toBe(false);
  });
});
