import { describe, expect, it } from "vitest";
import { scoreText } from "../../../scorers/run";
import { discloseReport, MIN_PUBLIC_IMAGES_PER_GROUP, type Audience, type ConditionContext } from "./disclose-report";

const discloseBreakdown = (stored: unknown, audience: Audience, conditions: ConditionContext) => discloseReport(stored, audience, conditions).breakdown;

// Ten public and four private 2×2 images; condition "a" for images 0–5, "b" for the rest.
const ids = Array.from({ length: 14 }, (_, i) => `img${i}`);
const usage = (i: number) => (i < 10 ? "Public" : "Private");
const truth = ["ImageId,EncodedPixels,Height,Width,Usage", ...ids.map((id, i) => `${id},1 2,2,2,${usage(i)}`), ""].join("\n");
// Right on the even images, nothing on the odd ones.
const submission = ["ImageId,EncodedPixels", ...ids.filter((_, i) => i % 2 === 0).map((id) => `${id},1 2`), ""].join("\n");
const conditions: ConditionContext = { column: "condition", valueOf: new Map(ids.map((id, i) => [id, i < 6 ? "a" : "b"])) };

function report() {
  const scored = scoreText("dsb2018-map", truth, submission);
  if (!scored.ok) throw new Error(scored.error.message);
  return scored.value;
}

describe("discloseBreakdown", () => {
  it("should give participants of an open phase aggregates over public images only, and no rows", () => {
    const b = discloseBreakdown(report(), "participant-open", conditions);
    expect(b.scope).toBe("public");
    expect(b.perItem).toEqual([]);
    expect(b.perClass).toEqual([]);
    // 5 of the 10 public images are right: 0.5 at every threshold (the 4 private images are left out).
    expect(b.perThreshold.map((t) => t.value)).toEqual(Array(10).fill(0.5));
    // "a": 6 public images (3 right); "b": 4 public images, fewer than the minimum: left out; no sizes.
    expect(MIN_PUBLIC_IMAGES_PER_GROUP).toBe(5);
    expect(b.perCondition).toEqual({ column: "condition", rows: [{ value: "a", score: 0.5, images: null }] });
  });

  it("should give hosts and revealed participants every image", () => {
    for (const audience of ["host", "participant-revealed"] as const) {
      const b = discloseBreakdown(report(), audience, conditions);
      expect(b.scope).toBe("all");
      expect(b.perItem.map((i) => i.id)).toEqual(ids);
      expect(b.perCondition?.rows).toEqual([
        { value: "a", score: 0.5, images: 6 },
        { value: "b", score: 0.5, images: 8 },
      ]);
    }
  });

  it("should leave out report fields it does not list, and survive malformed reports", () => {
    const b = discloseBreakdown({ ...report(), secretField: [1, 2, 3], perItem: "garbage" }, "host", conditions);
    expect(JSON.stringify(b)).not.toContain("secretField");
    expect(b.perItem).toEqual([]);
    expect(discloseBreakdown(null, "participant-open", conditions)).toEqual({ scope: "public", perThreshold: [], perCondition: null, perClass: [], perItem: [], validation: null });
  });

  it("should give everyone the validation images in full, apart from the test images", () => {
    const withValidation = truth.replace("img13,1 2,2,2,Private", "img13,1 2,2,2,Validation").replace("img12,1 2,2,2,Private", "img12,1 2,2,2,Validation");
    const scored = scoreText("dsb2018-map", withValidation, submission);
    if (!scored.ok) throw new Error(scored.error.message);
    const open = discloseBreakdown(scored.value, "participant-open", conditions);
    // img12 is right, img13 has no prediction.
    expect(open.validation).toMatchObject({ score: 0.5, perItem: [{ id: "img12", usage: "Validation", score: 1 }, { id: "img13", usage: "Validation", score: 0 }] });
    expect(open.validation?.perThreshold).toHaveLength(10);
    expect(open.perItem).toEqual([]);
    const host = discloseBreakdown(scored.value, "host", conditions);
    expect(host.perItem.map((i) => i.id)).not.toContain("img12");
    expect(host.perCondition?.rows.map((r) => r.images)).toEqual([6, 6]);
  });

  it("should not break down by condition a metric that is not a mean over images", () => {
    const pooled = scoreText("f1-at-iou", truth, submission, { aggregate: "pooled" });
    if (!pooled.ok) throw new Error(pooled.error.message);
    expect(discloseBreakdown(pooled.value, "host", conditions).perCondition).toBeNull();
  });
});
