import { describe, expect, it } from "vitest";
import { quantileSorted } from "./quantile";

describe("quantileSorted", () => {
  it("should interpolate as R's quantile type 7 (numpy's percentile, method linear)", () => {
    // numpy.percentile([3, 1, 4, 1, 5], [30, 2.5, 97.5, 50]) = [1.4, 1.0, 4.9, 3.0]
    const sorted = [1, 1, 3, 4, 5];
    expect(quantileSorted(sorted, 0.3)).toBeCloseTo(1.4, 15);
    expect(quantileSorted(sorted, 0.025)).toBe(1);
    expect(quantileSorted(sorted, 0.975)).toBeCloseTo(4.9, 15);
    expect(quantileSorted(sorted, 0.5)).toBe(3);
    // numpy.quantile(range(1, 11), [0.025, 0.975]) = [1.225, 9.775]
    const tenth = Array.from({ length: 10 }, (_, i) => i + 1);
    expect(quantileSorted(tenth, 0.025)).toBeCloseTo(1.225, 14);
    expect(quantileSorted(tenth, 0.975)).toBeCloseTo(9.775, 14);
  });

  it("should take the median of an even count as the mean of the middle two, and the ends at 0 and 1", () => {
    expect(quantileSorted([1, 2, 3, 10], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 10], 0)).toBe(1);
    expect(quantileSorted([1, 2, 3, 10], 1)).toBe(10);
    expect(quantileSorted([7], 0.025)).toBe(7);
  });

  it("should refuse an empty sample", () => {
    expect(() => quantileSorted([], 0.5)).toThrow(RangeError);
  });
});
