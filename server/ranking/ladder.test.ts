import { describe, expect, it } from "vitest";
import { createPrng } from "../../datasets/prng";
import { ladderDecision, ladderStep, ladderThreshold, roundToPrecision } from "./ladder";

const higher = { higherIsBetter: true, precision: 0.001 };
const lower = { higherIsBetter: false, precision: 0.001 };

describe("roundToPrecision", () => {
  it("should round to the nearest multiple, halves away from zero, to the double nearest the decimal", () => {
    expect(roundToPrecision(0.12345, 0.001)).toBe(0.123);
    expect(roundToPrecision(0.56789, 0.001)).toBe(0.568);
    // 567 · 0.001 is 0.5670000000000001 in floating point; the board must show 0.567.
    expect(roundToPrecision(0.5671, 0.001)).toBe(0.567);
    // 2002/4000 = 0.5005 is stored a hair below the half; on paper it is the half.
    expect(roundToPrecision(2002 / 4000, 0.001)).toBe(0.501);
    expect(roundToPrecision(-2002 / 4000, 0.001)).toBe(-0.501);
    expect(roundToPrecision(1.005, 0.01)).toBe(1.01);
    expect(roundToPrecision(0.49975, 0.0005)).toBe(0.5);
    expect(roundToPrecision(0.7, 0.25)).toBe(0.75);
    expect(roundToPrecision(0.123456, 0.00001)).toBe(0.12346);
    expect(roundToPrecision(-0.0004, 0.001)).toBe(0);
    expect(Object.is(roundToPrecision(-0.0004, 0.001), -0)).toBe(false);
    expect(roundToPrecision(0.123456789, 0)).toBe(0.123456789);
  });

  it("should refuse a negative or non-finite precision and a non-finite score", () => {
    expect(() => roundToPrecision(0.5, -0.001)).toThrow(RangeError);
    expect(() => roundToPrecision(0.5, Number.NaN)).toThrow(RangeError);
    expect(() => roundToPrecision(Number.NaN, 0.001)).toThrow(RangeError);
    expect(() => roundToPrecision(Number.POSITIVE_INFINITY, 0.001)).toThrow(RangeError);
  });
});

describe("ladderThreshold", () => {
  it("should be the sample standard deviation of the differences over √n", () => {
    // Differences 0, 1, 0, 0: mean 1/4, squared deviations 3 · 1/16 + 9/16 = 3/4, over
    // n − 1 = 3: s² = 1/4, s = 1/2, and s/√4 = 1/4.
    expect(ladderThreshold([1, 0, 1, 0], [1, 1, 1, 0])).toBe(0.25);
    // Differences 0, 1, 0, 1: mean 1/2, squared deviations 4 · 1/4 = 1, s = √(1/3), s/2.
    expect(ladderThreshold([1, 0, 1, 0], [1, 1, 1, 1])).toBeCloseTo(Math.sqrt(1 / 3) / 2, 15);
    // The same with the roles swapped: the sign of the differences does not matter.
    expect(ladderThreshold([1, 1, 1, 1], [1, 0, 1, 0])).toBeCloseTo(Math.sqrt(1 / 3) / 2, 15);
    // Typed arrays work as well as arrays.
    expect(ladderThreshold(Uint8Array.from([1, 0, 1, 0]), Float64Array.from([1, 1, 1, 0]))).toBe(0.25);
  });

  it("should be 0 for equal differences and for a single image", () => {
    expect(ladderThreshold([0.5, 0.25, 0.75, 0.5], [0.625, 0.375, 0.875, 0.625])).toBe(0);
    expect(ladderThreshold([0.3], [0.9])).toBe(0);
  });

  it("should refuse different lengths, no images and non-finite scores", () => {
    expect(() => ladderThreshold([1, 0], [1])).toThrow(RangeError);
    expect(() => ladderThreshold([], [])).toThrow(RangeError);
    expect(() => ladderThreshold([1, Number.NaN], [1, 0])).toThrow(RangeError);
    expect(() => ladderThreshold([1, 0], [1, Number.POSITIVE_INFINITY])).toThrow(RangeError);
  });
});

describe("ladderStep", () => {
  it("should always show the first scored submission, rounded, with threshold 0", () => {
    expect(ladderStep(null, { score: 0.56789, perImage: [1, 0] }, higher)).toEqual({ shown: 0.568, improved: true, threshold: 0 });
    expect(ladderStep(null, { score: 0.56789, perImage: [1, 0] }, lower)).toEqual({ shown: 0.568, improved: true, threshold: 0 });
  });

  it("should keep the shown score when the gain is not more than s/√n, and show it when it is", () => {
    const previous = { shown: 0.5, perImage: [1, 0, 1, 0] };
    // Gain 0.25, threshold exactly 0.25 (above): not strictly more, so nothing changes.
    expect(ladderStep(previous, { score: 0.75, perImage: [1, 1, 1, 0] }, higher)).toEqual({ shown: 0.5, improved: false, threshold: 0.25 });
    // Gain 0.5 against a threshold of √(1/3)/2 = 0.2887.
    const step = ladderStep(previous, { score: 1, perImage: [1, 1, 1, 1] }, higher);
    expect(step.improved).toBe(true);
    expect(step.shown).toBe(1);
    expect(step.threshold).toBeCloseTo(0.288675134594813, 15);
    // A worse submission is never shown.
    expect(ladderStep(previous, { score: 0.25, perImage: [1, 0, 0, 0] }, higher)).toMatchObject({ shown: 0.5, improved: false });
  });

  it("should work for lower-is-better scores", () => {
    const previous = { shown: 0.5, perImage: [0.25, 0.5, 0.75, 0.5] };
    // Differences 0, 0, 0, −0.5: mean −1/8, squared deviations 3/64 + 9/64 = 3/16, s² = 1/16,
    // s = 1/4, threshold 1/8. The loss 0.375 is exactly 0.5 − 1/8: not strictly below.
    expect(ladderStep(previous, { score: 0.375, perImage: [0.25, 0.5, 0.75, 0] }, lower)).toEqual({ shown: 0.5, improved: false, threshold: 0.125 });
    // Differences −1/4, 0, −1/4, −1/2: mean −1/4, squared deviations 0 + 1/16 + 0 + 1/16, s² =
    // 1/24, threshold √(1/24)/2 = 0.10206; 0.25 < 0.5 − 0.10206.
    const step = ladderStep(previous, { score: 0.25, perImage: [0, 0.5, 0.5, 0] }, lower);
    expect(step).toMatchObject({ shown: 0.25, improved: true });
    expect(step.threshold).toBeCloseTo(Math.sqrt(1 / 24) / 2, 15);
    // Higher is worse here: a loss of 0.75 is not shown.
    expect(ladderStep(previous, { score: 0.75, perImage: [0.5, 0.75, 1, 0.75] }, lower)).toEqual({ shown: 0.5, improved: false, threshold: 0 });
  });

  it("should compare with the shown (rounded) score, not the previous raw score", () => {
    // Raw 0.498046875 (= 0.5 − 2⁻⁹) is shown as 0.50 at precision 0.01.
    const options = { higherIsBetter: true, precision: 0.01 };
    const reference = [0.5, 0.5, 0.5, 0.5 - 4 * 2 ** -9];
    const first = ladderStep(null, { score: 0.5 - 2 ** -9, perImage: reference }, options);
    expect(first.shown).toBe(0.5);
    const previous = { shown: first.shown, perImage: reference };
    // Every image gains 2⁻¹⁰ (s = 0): beats the raw 0.498 but not the shown 0.50.
    const small = reference.map((x) => x + 2 ** -10);
    expect(ladderStep(previous, { score: 0.5 - 2 ** -10, perImage: small }, options)).toEqual({ shown: 0.5, improved: false, threshold: 0 });
    // Every image gains 2⁻⁸: 0.501953125 > 0.50 with s = 0. It becomes the reference; the
    // board still shows 0.50, since the gain over it is below half the precision.
    const larger = reference.map((x) => x + 2 ** -8);
    expect(ladderStep(previous, { score: 0.5 + 2 ** -9, perImage: larger }, options)).toEqual({ shown: 0.5, improved: true, threshold: 0 });
  });

  it("should, with zero variance of the differences (s = 0), show any strict improvement over the shown score", () => {
    const previous = { shown: 0.5, perImage: [0.5, 0.25, 0.75, 0.5] };
    const shifted = (d: number) => previous.perImage.map((x) => x + d);
    // The same per-image scores: no improvement.
    expect(ladderStep(previous, { score: 0.5, perImage: shifted(0) }, higher)).toEqual({ shown: 0.5, improved: false, threshold: 0 });
    // +2⁻⁹ = 0.001953125 on every image: shown as 0.502.
    expect(ladderStep(previous, { score: 0.5 + 2 ** -9, perImage: shifted(2 ** -9) }, higher)).toEqual({ shown: 0.502, improved: true, threshold: 0 });
    // −2⁻⁹ on every image, lower is better: shown as 0.498.
    expect(ladderStep(previous, { score: 0.5 - 2 ** -9, perImage: shifted(-(2 ** -9)) }, lower)).toEqual({ shown: 0.498, improved: true, threshold: 0 });
  });

  it("should, with one public image, show any strict improvement (s is undefined, taken as 0)", () => {
    const previous = { shown: 0.3, perImage: [0.3] };
    expect(ladderStep(previous, { score: 0.4, perImage: [0.4] }, higher)).toEqual({ shown: 0.4, improved: true, threshold: 0 });
    expect(ladderStep(previous, { score: 0.3, perImage: [0.3] }, higher)).toEqual({ shown: 0.3, improved: false, threshold: 0 });
    expect(ladderStep(previous, { score: 0.2, perImage: [0.2] }, lower)).toEqual({ shown: 0.2, improved: true, threshold: 0 });
  });

  it("should refuse a submission with no images or a different number of images", () => {
    expect(() => ladderStep(null, { score: 0.5, perImage: [] }, higher)).toThrow(RangeError);
    expect(() => ladderStep({ shown: 0.5, perImage: [1, 0] }, { score: 1, perImage: [1, 1, 1] }, higher)).toThrow(RangeError);
  });

  it("should never show a worse score than before, whatever is submitted", () => {
    // 200 random submissions of 50 per-image scores in [0, 1]: the shown sequence only rises
    // (higher is better) and every rise is a gain of more than the threshold of its step.
    const prng = createPrng(7);
    let previous: { shown: number; perImage: number[] } | null = null;
    for (let t = 0; t < 200; t++) {
      const perImage = Array.from({ length: 50 }, () => prng.next());
      const score = perImage.reduce((a, b) => a + b, 0) / perImage.length;
      const step = ladderStep(previous, { score, perImage }, higher);
      if (previous !== null) {
        expect(step.shown).toBeGreaterThanOrEqual(previous.shown);
        expect(step.improved).toBe(score > previous.shown + step.threshold);
      }
      if (step.improved) previous = { shown: step.shown, perImage };
    }
  });
});

describe("ladderDecision", () => {
  it("should apply the rule with a threshold from elsewhere (e.g. a bootstrap standard error)", () => {
    expect(ladderDecision(null, 0.71234, 0.02, higher)).toEqual({ shown: 0.712, improved: true });
    expect(ladderDecision(0.712, 0.73, 0.02, higher)).toEqual({ shown: 0.712, improved: false });
    expect(ladderDecision(0.712, 0.7325, 0.02, higher)).toEqual({ shown: 0.733, improved: true });
    expect(ladderDecision(0.712, 0.693, 0.02, lower)).toEqual({ shown: 0.712, improved: false });
    expect(ladderDecision(0.712, 0.6915, 0.02, lower)).toEqual({ shown: 0.692, improved: true });
    // Threshold 0: any strict improvement over the shown value.
    expect(ladderDecision(0.712, 0.7121, 0, higher)).toEqual({ shown: 0.712, improved: true });
    expect(ladderDecision(0.712, 0.712, 0, higher)).toEqual({ shown: 0.712, improved: false });
  });

  it("should refuse a negative or non-finite threshold and a non-finite shown score", () => {
    expect(() => ladderDecision(0.5, 0.6, -0.01, higher)).toThrow(RangeError);
    expect(() => ladderDecision(0.5, 0.6, Number.NaN, higher)).toThrow(RangeError);
    expect(() => ladderDecision(Number.NaN, 0.6, 0.01, higher)).toThrow(RangeError);
  });
});
