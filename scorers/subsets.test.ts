// bySubset: the Public part of a report is exactly the report on the Public rows alone, so
// what participants see during a phase can be built from it without the private rows.
import { describe, expect, it } from "vitest";
import { scoreText } from "./run";
import { mulberry32, randomObjects, submissionCsv, truthCsv } from "./instance-seg/reference-support";

describe("bySubset", () => {
  it("should give DSB per-threshold values over the public images equal to scoring them alone", () => {
    const rand = mulberry32(4);
    const images = Array.from({ length: 16 }, (_, i) => ({ id: `i${i}`, h: 12, w: 12, usage: i % 3 ? "Public" : "Private", objects: randomObjects(rand, 12, 12, 4) }));
    const predictions = images.map((im) => ({ id: im.id, objects: randomObjects(rand, 12, 12, 5) }));
    const whole = scoreText("dsb2018-map", truthCsv(images), submissionCsv(predictions));
    const publicOnly = images.filter((im) => im.usage === "Public");
    const alone = scoreText("dsb2018-map", truthCsv(publicOnly), submissionCsv(predictions.filter((p) => publicOnly.some((im) => im.id === p.id))));
    if (!whole.ok || !alone.ok) throw new Error("scoring failed");
    expect(whole.value.bySubset?.Public?.score).toBe(alone.value.score);
    expect(whole.value.bySubset?.Public?.perThreshold).toEqual(alone.value.perThreshold);
    expect(whole.value.itemMean).toBe(true);
  });

  it("should give HPA per-class values over the public images equal to scoring them alone", () => {
    const truth = ["Id,Target,Usage", "a,0 1,Public", "b,2,Private", "c,1,Public", "d,,Private", ""].join("\n");
    const submission = ["Id,Predicted", "a,0", "b,2", "c,1 2", "d,3", ""].join("\n");
    const whole = scoreText("hpa-macro-f1", truth, submission);
    const alone = scoreText("hpa-macro-f1", ["Id,Target", "a,0 1", "c,1", ""].join("\n"), ["Id,Predicted", "a,0", "c,1 2", ""].join("\n"));
    if (!whole.ok || !alone.ok) throw new Error("scoring failed");
    expect(whole.value.bySubset?.Public?.score).toBe(alone.value.score);
    expect(whole.value.bySubset?.Public?.perClass).toEqual(alone.value.perClass);
  });
});
