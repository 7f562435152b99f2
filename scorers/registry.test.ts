// Registry-wide promises: ids match, the leaderboard output is "score", and every report
// carries every output its scorer declares.
import { describe, expect, it } from "vitest";
import { listScorers, scorerRegistry } from "./index";
import { scoreText } from "./run";

const lines = (...rows: string[]) => [...rows, ""].join("\n");
const instanceTruth = lines("ImageId,EncodedPixels,Height,Width,Usage", "a,1 3,4,4,Public", "a,9 2,4,4,Public", "b,5 4,4,4,Private");
const instanceSubmission = lines("ImageId,EncodedPixels", "a,1 3", "a,10 2", "b,5 3");
const labelTruth = lines("Id,Target,Usage", "x,0,Public", "y,1,Public", "z,2,Private", "w,1,Private");

const cases: Record<string, { truth: string; submission: string; params?: unknown }> = {
  "dsb2018-map": { truth: instanceTruth, submission: instanceSubmission },
  "f1-at-iou": { truth: instanceTruth, submission: instanceSubmission },
  "ap-at-iou": { truth: instanceTruth, submission: instanceSubmission },
  "panoptic-quality": { truth: instanceTruth, submission: instanceSubmission },
  "ctc-seg": { truth: instanceTruth, submission: instanceSubmission },
  dice: { truth: instanceTruth, submission: instanceSubmission },
  jaccard: { truth: instanceTruth, submission: instanceSubmission },
  "hpa-macro-f1": { truth: labelTruth, submission: lines("Id,Predicted", "x,0", "y,1 2", "z,2", "w,") },
  auroc: { truth: labelTruth, submission: lines("Id,Scores", "x,0.9 0.1 0.2", "y,0.2 0.8 0.1", "z,0.1 0.2 0.7", "w,0.3 0.6 0.2"), params: { classCount: 3 } },
  "mean-average-precision": { truth: labelTruth, submission: lines("Id,Scores", "x,0.9 0.1 0.2", "y,0.2 0.8 0.1", "z,0.1 0.2 0.7", "w,0.3 0.6 0.2"), params: { classCount: 3 } },
  accuracy: { truth: labelTruth, submission: lines("Id,Predicted", "x,0", "y,1", "z,1", "w,1") },
  "macro-f1": { truth: labelTruth, submission: lines("Id,Predicted", "x,0", "y,1", "z,1", "w,1") },
};

describe("scorer registry", () => {
  it("should have a case here for every registered scorer", () => {
    expect(Object.keys(cases).sort()).toEqual(Object.keys(scorerRegistry).sort());
  });

  it.each(listScorers().map((s) => [s.id, s] as const))("%s: report.outputs holds every declared output", (id, scorer) => {
    expect(scorerRegistry[id as keyof typeof scorerRegistry].id).toBe(id);
    expect(scorer.outputs[0]?.key).toBe("score");
    const c = cases[id]!;
    const result = scoreText(id, c.truth, c.submission, c.params);
    if (!result.ok) throw new Error(`${id}: ${JSON.stringify(result.error)}`);
    const report = result.value;
    expect(Object.keys(report.outputs).sort()).toEqual(scorer.outputs.map((o) => o.key).sort());
    expect(report.outputs.score).toBe(report.score);
    for (const output of scorer.outputs) {
      const value = report.outputs[output.key]!;
      expect(value).toBeGreaterThanOrEqual(output.range[0]);
      expect(value).toBeLessThanOrEqual(output.range[1]);
    }
    expect(report.public).not.toBeNull();
    expect(report.private).not.toBeNull();
  });
});
