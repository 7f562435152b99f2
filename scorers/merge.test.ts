// merge(): states built from separate parts of a submission combine into the same report.
import { describe, expect, it } from "vitest";
import { getScorer } from "./index";
import { scoreText } from "./run";
import { mulberry32, randomObjects, submissionCsv, truthCsv } from "./instance-seg/reference-support";

function scoreInParts(metric: string, truth: string, submission: string, params: unknown = {}) {
  const scorer = getScorer(metric);
  if (!scorer) throw new Error(metric);
  const p = scorer.paramsSchema.parse(params);
  const loaded = scorer.loadTruth(truth, p);
  if (!loaded.ok) throw new Error(loaded.error.message);
  const [header = "", ...rows] = submission.trim().split("\n");
  const half = Math.floor(rows.length / 2);
  // Each part is a well-formed file: the header, then its share of the rows.
  const parts = [rows.slice(0, half), rows.slice(half)].map((part) => {
    const state = scorer.init(loaded.value, p);
    [header, ...part].forEach((line, i) => expect(scorer.update(state, line, i + 1)).toBeNull());
    return state;
  });
  return scorer.finalize(scorer.merge(parts[0], parts[1]));
}

describe("merge", () => {
  it("should give the same DSB report when rows of one image are split across parts", () => {
    const rand = mulberry32(9);
    const images = Array.from({ length: 12 }, (_, i) => ({ id: `i${i}`, h: 12, w: 12, usage: i % 2 ? "Private" : "Public", objects: randomObjects(rand, 12, 12, 4) }));
    const truth = truthCsv(images);
    const submission = submissionCsv(images.map((im) => ({ id: im.id, objects: randomObjects(rand, 12, 12, 5) })));
    for (const metric of ["dsb2018-map", "f1-at-iou", "panoptic-quality"]) {
      const whole = scoreText(metric, truth, submission);
      const parts = scoreInParts(metric, truth, submission);
      expect(parts.ok && whole.ok && parts.value.score).toBe(whole.ok && whole.value.score);
    }
  });

  it("should give the same HPA macro F1 from two halves", () => {
    const truth = ["Id,Target", "a,0 1", "b,2", "c,1", "d,", ""].join("\n");
    const submission = ["Id,Predicted", "a,0", "b,2", "c,1 2", "d,3", ""].join("\n");
    const whole = scoreText("hpa-macro-f1", truth, submission);
    const parts = scoreInParts("hpa-macro-f1", truth, submission);
    expect(parts.ok && parts.value.score).toBe(whole.ok && whole.value.score);
  });
});
