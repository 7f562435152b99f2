import { describe, expect, it } from "vitest";
import { openedStageTestSets, previousPhase, testDatasetIdOf } from "./stage-test-set";

const H = 3600_000;
const t = (hours: number) => new Date(Date.UTC(2026, 11, 3) + hours * H);
const dataset = { slug: "stage-2", name: "Stage 2", testImagesZipKey: "zip", sampleSubmissionKey: "csv" };
const phases = [
  { id: "p1", name: "Stage 1", startsAt: t(0), endsAt: t(10), testDataset: null },
  { id: "p2", name: "Stage 2", startsAt: t(10), endsAt: t(20), testDataset: dataset },
];

describe("stages with test images of their own", () => {
  it("should score a phase on its own test set, else on the challenge's", () => {
    expect(testDatasetIdOf({ testDatasetId: "own" }, { datasetId: "challenge" })).toBe("own");
    expect(testDatasetIdOf({ testDatasetId: null }, { datasetId: "challenge" })).toBe("challenge");
  });

  it("should list a stage's files only from the instant it opens", () => {
    expect(openedStageTestSets(phases, t(9.99))).toEqual([]);
    expect(openedStageTestSets(phases, t(10))).toEqual([{ phase: phases[1], stage: 2, dataset }]);
  });

  it("should take committed models from the phase that ended last before the stage opens, whatever the display order", () => {
    const third = { id: "p3", startsAt: t(20), endsAt: t(30) };
    expect(previousPhase([third, ...phases], third)?.id).toBe("p2");
    expect(previousPhase(phases, phases[1]!)?.id).toBe("p1");
    expect(previousPhase(phases, phases[0]!)).toBeNull();
  });
});
