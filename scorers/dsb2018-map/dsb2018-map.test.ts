import { describe, expect, it } from "vitest";
import { scoreText, startRun } from "../run";
import { decodeDense, mulberry32, randomObjects, submissionCsv, truthCsv } from "../instance-seg/reference-support";

// ---------------------------------------------------------------------------------------
// An independent reference, structured differently from the scorer: dense label images
// decoded pixel by pixel, a brute-force IoU matrix, and greedy-free counting of matches.
// ---------------------------------------------------------------------------------------
function referenceImageScore(truth: string[], pred: string[], height: number, width: number): number {
  const nT = truth.length;
  const nP = pred.length;
  if (nT === 0 && nP === 0) return 1;
  if (nT === 0 || nP === 0) return 0;
  const T = decodeDense(truth, height, width);
  const P = decodeDense(pred, height, width);
  const inter = Array.from({ length: nT + 1 }, () => new Array<number>(nP + 1).fill(0));
  const areaT = new Array<number>(nT + 1).fill(0);
  const areaP = new Array<number>(nP + 1).fill(0);
  for (let i = 0; i < T.length; i++) {
    areaT[T[i]!]!++;
    areaP[P[i]!]!++;
    inter[T[i]!]![P[i]!]!++;
  }
  let sum = 0;
  for (let k = 10; k <= 19; k++) {
    let tp = 0;
    for (let a = 1; a <= nT; a++) {
      for (let b = 1; b <= nP; b++) {
        const i = inter[a]![b]!;
        const u = areaT[a]! + areaP[b]! - i;
        if (i * 20 > k * u) tp++;
      }
    }
    sum += tp / (nT + nP - tp);
  }
  return sum / 10;
}

function score(truth: string, submission: string) {
  const result = scoreText("dsb2018-map", truth, submission);
  if (!result.ok) throw new Error(`unexpected rejection: ${JSON.stringify(result.error)}`);
  return result.value;
}

describe("dsb2018-map", () => {
  it("should give 1 for a perfect submission and split Public from Private", () => {
    const truth = truthCsv([
      { id: "a", h: 4, w: 4, usage: "Public", objects: ["1 2", "9 3"] },
      { id: "b", h: 4, w: 4, usage: "Private", objects: ["5 4"] },
    ]);
    const report = score(truth, submissionCsv([{ id: "a", objects: ["1 2", "9 3"] }, { id: "b", objects: ["5 4"] }]));
    expect(report).toMatchObject({ score: 1, public: 1, private: 1 });
    expect(report.perThreshold).toHaveLength(10);
  });

  it("should not count an IoU of exactly 9/10 as a hit at 0.90 but count it at 0.85", () => {
    // truth: 10 pixels; prediction: the same 9 pixels -> IoU = 9/10 exactly.
    const truth = truthCsv([{ id: "a", h: 10, w: 1, usage: "Public", objects: ["1 10"] }]);
    const report = score(truth, submissionCsv([{ id: "a", objects: ["1 9"] }]));
    const byT = new Map(report.perThreshold?.map((p) => [p.threshold, p.value]));
    expect(byT.get(0.85)).toBe(1);
    expect(byT.get(0.9)).toBe(0);
    expect(report.score).toBeCloseTo(8 / 10, 12);
  });

  it("should score 1 when an image has no true and no predicted objects, and 0 when only one side is empty", () => {
    const truth = truthCsv([
      { id: "empty", h: 4, w: 4, usage: "Public", objects: [] },
      { id: "full", h: 4, w: 4, usage: "Private", objects: ["1 4"] },
    ]);
    expect(score(truth, submissionCsv([{ id: "empty", objects: [] }, { id: "full", objects: ["1 4"] }])).score).toBe(1);
    const report = score(truth, submissionCsv([{ id: "empty", objects: ["1 1"] }, { id: "full", objects: [] }]));
    expect(report.perItem?.map((i) => i.score)).toEqual([0, 0]);
  });

  it("should count an image missing from the submission as no predictions", () => {
    const truth = truthCsv([
      { id: "a", h: 4, w: 4, usage: "Public", objects: ["1 4"] },
      { id: "b", h: 4, w: 4, usage: "Public", objects: [] },
    ]);
    const report = score(truth, submissionCsv([{ id: "a", objects: ["1 4"] }]));
    expect(report.perItem?.map((i) => [i.id, i.score])).toEqual([
      ["a", 1],
      ["b", 1],
    ]);
  });

  it("should give the same result when the file arrives one character at a time", () => {
    const truth = truthCsv([{ id: "a", h: 8, w: 8, usage: "Public", objects: ["1 5", "20 4"] }]);
    const submission = "\uFEFFImageId,EncodedPixels\r\na,1 4\r\na,20 6";
    const whole = scoreText("dsb2018-map", truth, submission);
    const started = startRun("dsb2018-map", truth, {});
    if (!started.ok) throw new Error("start failed");
    for (const ch of submission) expect(started.value.push(ch)).toBeNull();
    expect(started.value.end()).toEqual(whole);
  });

  it("should agree with the dense brute-force reference on 3000 random images to 1e-12", () => {
    const rand = mulberry32(2018);
    for (let trial = 0; trial < 300; trial++) {
      const images = Array.from({ length: 10 }, (_, i) => {
        const h = 4 + Math.floor(rand() * 20);
        const w = 4 + Math.floor(rand() * 20);
        const truth = randomObjects(rand, h, w, Math.floor(rand() * 6));
        // Predictions: sometimes the truth itself, sometimes perturbed, sometimes unrelated.
        const mode = rand();
        const pred = mode < 0.2 ? truth : randomObjects(rand, h, w, Math.floor(rand() * 6));
        return { id: `img${i}`, h, w, usage: i % 2 ? "Private" : "Public", objects: truth, pred };
      });
      const report = score(truthCsv(images), submissionCsv(images.map((im) => ({ id: im.id, objects: im.pred }))));
      const expected = images.map((im) => referenceImageScore(im.objects, im.pred, im.h, im.w));
      report.perItem?.forEach((item, i) => expect(Math.abs(item.score - expected[i]!)).toBeLessThan(1e-12));
      const mean = expected.reduce((a, b) => a + b, 0) / expected.length;
      expect(Math.abs(report.score - mean)).toBeLessThan(1e-12);
    }
  });

  describe("rejections", () => {
    const truth = truthCsv([{ id: "a", h: 4, w: 4, usage: "Public", objects: ["1 2"] }]);
    const reject = (submission: string, params?: unknown) => {
      const result = scoreText("dsb2018-map", truth, submission, params);
      if (result.ok) throw new Error("expected a rejection");
      return result.error;
    };

    it.each([
      ["a wrong header", "ImageId,Pixels\na,1 2\n", 1, undefined, /header/],
      ["an unknown ImageId", "ImageId,EncodedPixels\nzzz,1 2\n", 2, "zzz", /not in the test set/],
      ["an odd number of tokens", "ImageId,EncodedPixels\na,1 2 3\n", 2, "a", /odd number/],
      ["a non-numeric value", "ImageId,EncodedPixels\na,1 x\n", 2, "a", /not two positive integers/],
      ["a negative value", "ImageId,EncodedPixels\na,-1 2\n", 2, "a", /not two positive integers/],
      ["a zero value", "ImageId,EncodedPixels\na,0 2\n", 2, "a", /zero/],
      ["starts that do not increase", "ImageId,EncodedPixels\na,5 1 3 1\n", 2, "a", /must increase/],
      ["touching runs", "ImageId,EncodedPixels\na,1 2 3 1\n", 2, "a", /merge touching runs/],
      ["a run past the image end", "ImageId,EncodedPixels\na,15 3\n", 2, "a", /past the end of the image/],
      ["overlapping objects", "ImageId,EncodedPixels\na,1 3\na,3 2\n", 3, "a", /overlaps the object on line 2/],
    ])("should reject %s with its line and ImageId", (_name, submission, line, imageId, message) => {
      const error = reject(submission);
      expect(error.line).toBe(line);
      expect(error.imageId).toBe(imageId);
      expect(error.message).toMatch(message);
      // The image is 4x4: its size must not leak.
      expect(error.message).not.toMatch(/\b16\b/);
    });

    it("should reject more objects per image than allowed", () => {
      const error = reject("ImageId,EncodedPixels\na,1 1\na,3 1\na,5 1\n", { maxObjectsPerImage: 2 });
      expect(error).toMatchObject({ line: 4, imageId: "a" });
      expect(error.message).toMatch(/More than 2 objects/);
    });
  });
});

describe("dsb2018-map with Kaggle's Ignored (decoy) images", () => {
  const real = { id: "a", h: 4, w: 4, usage: "Public", objects: ["1 2", "9 3"] };
  const decoy = { id: "decoy", h: 4, w: 4, usage: "Ignored", objects: ["5 4"] };
  const withDecoy = truthCsv([real, decoy]);

  it("should score a submission as if the decoy were not in the truth, whatever is predicted for it", () => {
    const expected = score(truthCsv([real]), submissionCsv([{ id: "a", objects: ["1 2"] }]));
    for (const decoyRows of [[], [{ id: "decoy", objects: ["5 4"] }], [{ id: "decoy", objects: ["1 16"] }], [{ id: "decoy", objects: [""] }]]) {
      const report = score(withDecoy, submissionCsv([{ id: "a", objects: ["1 2"] }, ...decoyRows]));
      expect(report.score).toBe(expected.score);
      expect(report.public).toBe(expected.score);
      expect(report.private).toBeNull();
      expect(report.perItem?.map((i) => i.id)).toEqual(["a"]);
    }
  });

  it("should still reject a malformed or overlapping prediction for a decoy, with its line", () => {
    const bad = scoreText("dsb2018-map", withDecoy, "ImageId,EncodedPixels\na,1 2\ndecoy,1 99\n");
    expect(bad.ok ? null : bad.error).toMatchObject({ line: 3, imageId: "decoy" });
    const overlapping = scoreText("dsb2018-map", withDecoy, "ImageId,EncodedPixels\ndecoy,1 4\ndecoy,3 2\n");
    expect(overlapping.ok ? null : overlapping.error).toMatchObject({ line: 3, imageId: "decoy" });
  });

  it("should refuse a truth whose Usage is none of Public, Private, Ignored", () => {
    const result = scoreText("dsb2018-map", truthCsv([{ ...real, usage: "Secret" }]), "ImageId,EncodedPixels\n");
    expect(result.ok ? null : result.error.message).toMatch(/Public, Private, Validation or Ignored/);
  });
});

describe("sortIndicesByKey", () => {
  it("should order indices like a stable comparison sort", async () => {
    const { sortIndicesByKey } = await import("../instance-seg/runs");
    const rand = mulberry32(5);
    for (const size of [0, 1, 2, 17, 1000, 5000]) {
      for (const range of [3, 2048, 5_000_000]) {
        const keys = Int32Array.from({ length: size }, () => Math.floor(rand() * range));
        const expected = Array.from({ length: size }, (_, i) => i).sort((a, b) => keys[a]! - keys[b]! || a - b);
        expect(Array.from(sortIndicesByKey(keys))).toEqual(expected);
      }
    }
  });
});
