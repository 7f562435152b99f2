// Validation rows (host-chosen images outside the test set): validated and required like test
// rows, scored per image and as their own subset, and never part of `score`, `public` or
// `private`. Each property is checked against scoring the same files without those rows, or
// with only those rows, so the reference is the scorer's own tested behaviour on plain files.
import { describe, expect, it } from "vitest";
import { scoreText } from "./run";
import { isTestUsage, isTruthUsage, type ScoreReport } from "./types";
import { mulberry32, randomObjects, submissionCsv, truthCsv } from "./instance-seg/reference-support";

type Image = { id: string; h: number; w: number; usage: string; objects: string[] };

const USAGE_CYCLE = ["Public", "Private", "Validation", "Public", "Private", "Validation", "Ignored"] as const;

function instanceCase(seed: number) {
  const rand = mulberry32(seed);
  const images: Image[] = Array.from({ length: 21 }, (_, i) => ({ id: `i${i}`, h: 12, w: 12, usage: USAGE_CYCLE[i % USAGE_CYCLE.length]!, objects: randomObjects(rand, 12, 12, 4) }));
  // Predictions: some exact copies, some random, so per-image scores differ.
  const predictions = images.map((im, i) => ({ id: im.id, objects: i % 4 === 0 ? im.objects : randomObjects(rand, 12, 12, 4) }));
  return { images, predictions };
}

const only = <T extends { id: string }>(rows: readonly T[], ids: ReadonlySet<string>) => rows.filter((r) => ids.has(r.id));

function scored(scorerId: string, truth: string, submission: string, params?: unknown): ScoreReport {
  const result = scoreText(scorerId, truth, submission, params);
  if (!result.ok) throw new Error(`${scorerId}: ${result.error.message}`);
  return result.value;
}

const INSTANCE_CASES: Array<{ scorerId: string; params?: object }> = [
  { scorerId: "dsb2018-map" },
  { scorerId: "f1-at-iou" },
  { scorerId: "f1-at-iou", params: { aggregate: "image" } },
  { scorerId: "ap-at-iou", params: { aggregate: "image", threshold: 0.5 } },
  { scorerId: "panoptic-quality" },
  { scorerId: "ctc-seg", params: { aggregate: "image" } },
  { scorerId: "dice" },
  { scorerId: "jaccard", params: { aggregate: "image" } },
];

describe("validation rows, instance segmentation", () => {
  for (const { scorerId, params } of INSTANCE_CASES) {
    it(`should leave ${scorerId} ${JSON.stringify(params ?? {})} score, public and private as without them, and score them alone in bySubset.Validation and perItem`, () => {
      const { images, predictions } = instanceCase(7);
      const whole = scored(scorerId, truthCsv(images), submissionCsv(predictions), params);

      const testIds = new Set(images.filter((im) => im.usage !== "Validation").map((im) => im.id));
      const withoutValidation = scored(scorerId, truthCsv(only(images, testIds)), submissionCsv(only(predictions, testIds)), params);
      expect(whole.score).toBe(withoutValidation.score);
      expect(whole.public).toBe(withoutValidation.public);
      expect(whole.private).toBe(withoutValidation.private);
      expect(whole.bySubset?.Public).toEqual(withoutValidation.bySubset?.Public);
      expect(whole.bySubset?.Private).toEqual(withoutValidation.bySubset?.Private);
      expect(whole.perThreshold).toEqual(withoutValidation.perThreshold);
      expect(whole.outputs).toEqual(withoutValidation.outputs);
      expect(whole.perItem?.filter((item) => item.usage !== "Validation")).toEqual(withoutValidation.perItem);

      // Scored alone: the same images in a truth without a Usage column.
      const validation = images.filter((im) => im.usage === "Validation");
      const validationIds = new Set(validation.map((im) => im.id));
      const aloneTruth = truthCsv(validation).replace(/^ImageId,EncodedPixels,Height,Width,Usage\n/, "ImageId,EncodedPixels,Height,Width\n").replace(/,Validation\n/g, "\n");
      const alone = scored(scorerId, aloneTruth, submissionCsv(only(predictions, validationIds)), params);
      expect(whole.bySubset?.Validation?.score).toBe(alone.score);
      if (alone.perThreshold) expect(whole.bySubset?.Validation?.perThreshold).toEqual(alone.perThreshold);
      const validationItems = whole.perItem?.filter((item) => item.usage === "Validation") ?? [];
      expect(validationItems.map((item) => item.id)).toEqual(alone.perItem?.map((item) => item.id));
      expect(validationItems.map(({ score, values }) => ({ score, values }))).toEqual(alone.perItem?.map(({ score, values }) => ({ score, values })));
      expect(validationItems.length).toBe(validation.length);
    });
  }

  it("should reject a validation image's bad prediction like a test image's, naming line and image", () => {
    const { images, predictions } = instanceCase(3);
    const target = images.find((im) => im.usage === "Validation")!;
    const submission = submissionCsv(predictions) + `${target.id},99999 3\n`;
    const result = scoreText("dsb2018-map", truthCsv(images), submission);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.imageId).toBe(target.id);
  });

  it("should make a perfect validation prediction visible only in bySubset.Validation", () => {
    const { images, predictions } = instanceCase(11);
    const perfectValidation = predictions.map((p, i) => (images[i]!.usage === "Validation" ? { id: p.id, objects: images[i]!.objects } : p));
    const before = scored("dsb2018-map", truthCsv(images), submissionCsv(predictions));
    const after = scored("dsb2018-map", truthCsv(images), submissionCsv(perfectValidation));
    expect([after.score, after.public, after.private]).toEqual([before.score, before.public, before.private]);
    expect(after.bySubset?.Validation?.score).toBe(1);
    expect(before.bySubset?.Validation?.score).toBeLessThan(1);
  });

  it("should have no Validation subset when the truth has no Validation rows", () => {
    const { images, predictions } = instanceCase(5);
    const report = scored("dsb2018-map", truthCsv(images.filter((im) => im.usage !== "Validation")), submissionCsv(predictions.filter((p) => images.find((im) => im.id === p.id)?.usage !== "Validation")));
    expect(report.bySubset?.Validation).toBeUndefined();
    expect(report.perItem?.some((item) => item.usage === "Validation")).toBe(false);
  });
});

describe("validation rows, classification", () => {
  const ids = Array.from({ length: 28 }, (_, i) => `id${String(i).padStart(2, "0")}`);
  const rand = mulberry32(21);
  const usageOf = (i: number) => USAGE_CYCLE[i % USAGE_CYCLE.length]!;
  const multi = ids.map(() => [0, 1, 2, 3].filter(() => rand() < 0.45));
  const single = ids.map(() => Math.floor(rand() * 4));
  const guessMulti = ids.map(() => [0, 1, 2, 3].filter(() => rand() < 0.45));
  const guessSingle = ids.map(() => Math.floor(rand() * 4));
  const scores = ids.map(() => [0, 1, 2, 3].map(() => rand().toFixed(3)));

  const CASES = [
    { scorerId: "hpa-macro-f1", column: "Predicted", truth: (i: number) => multi[i]!.join(" "), row: (i: number) => guessMulti[i]!.join(" ") },
    { scorerId: "macro-f1", column: "Predicted", truth: (i: number) => String(single[i]), row: (i: number) => String(guessSingle[i]) },
    { scorerId: "accuracy", column: "Predicted", truth: (i: number) => String(single[i]), row: (i: number) => String(guessSingle[i]) },
    { scorerId: "auroc", column: "Scores", params: { classCount: 4 }, truth: (i: number) => multi[i]!.join(" "), row: (i: number) => scores[i]!.join(" ") },
    { scorerId: "mean-average-precision", column: "Scores", params: { classCount: 4 }, truth: (i: number) => multi[i]!.join(" "), row: (i: number) => scores[i]!.join(" ") },
  ];

  const files = (c: (typeof CASES)[number], keep: (i: number) => boolean, withUsage: boolean) => {
    const kept = ids.map((id, i) => ({ id, i })).filter(({ i }) => keep(i));
    return {
      truth: [withUsage ? "Id,Target,Usage" : "Id,Target", ...kept.map(({ id, i }) => `${id},${c.truth(i)}${withUsage ? `,${usageOf(i)}` : ""}`), ""].join("\n"),
      submission: [`Id,${c.column}`, ...kept.map(({ id, i }) => `${id},${c.row(i)}`), ""].join("\n"),
    };
  };

  for (const c of CASES) {
    it(`should leave ${c.scorerId} score, public and private as without validation rows, and give bySubset.Validation equal to scoring them alone`, () => {
      const all = files(c, () => true, true);
      const whole = scored(c.scorerId, all.truth, all.submission, c.params);
      const test = files(c, (i) => usageOf(i) !== "Validation", true);
      const withoutValidation = scored(c.scorerId, test.truth, test.submission, c.params);
      expect([whole.score, whole.public, whole.private]).toEqual([withoutValidation.score, withoutValidation.public, withoutValidation.private]);
      expect(whole.perClass).toEqual(withoutValidation.perClass);
      expect(whole.perClassValues).toEqual(withoutValidation.perClassValues);
      expect(whole.bySubset?.Public).toEqual(withoutValidation.bySubset?.Public);
      expect(whole.bySubset?.Private).toEqual(withoutValidation.bySubset?.Private);

      const validation = files(c, (i) => usageOf(i) === "Validation", false);
      const alone = scored(c.scorerId, validation.truth, validation.submission, c.params);
      const { score, ...outputs } = alone.outputs;
      expect(whole.bySubset?.Validation).toEqual({
        score: alone.score,
        perClass: alone.perClass,
        perClassValues: alone.perClassValues,
        ...(Object.keys(outputs).length > 0 ? { outputs: { ...outputs } } : {}),
      });
      expect(score).toBe(alone.score);
    });
  }

  it("should require a row for every validation Id, like every test Id", () => {
    const c = CASES[0]!;
    const all = files(c, () => true, true);
    const missing = ids.find((_, i) => usageOf(i) === "Validation")!;
    const submission = all.submission.split("\n").filter((line) => !line.startsWith(`${missing},`)).join("\n");
    const result = scoreText(c.scorerId, all.truth, submission);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.imageId).toBe(missing);
  });
});

describe("TruthUsage", () => {
  it("should accept Validation and keep it out of the test rows", () => {
    expect(["Public", "Private", "Validation", "Ignored", "validation", ""].map(isTruthUsage)).toEqual([true, true, true, true, false, false]);
    expect((["Public", "Private", "Validation", "Ignored", null] as const).map(isTestUsage)).toEqual([true, true, false, false, true]);
  });

  it("should refuse an unknown Usage in a truth file, naming the values it takes", () => {
    const result = scoreText("hpa-macro-f1", "Id,Target,Usage\na,0,Valid\n", "Id,Predicted\na,0\n");
    expect(result.ok ? null : result.error.message).toMatch(/Public, Private, Validation or Ignored/);
  });
});
