import { describe, expect, it } from "vitest";
import { resizePlane } from "./resize-plane";

describe("resizePlane", () => {
  it("should average 2 × 2 blocks when halving", () => {
    const plane = [0, 4, 8, 8, 4, 0, 8, 8, 1, 1, 2, 2, 1, 1, 2, 2];
    expect(Array.from(resizePlane(plane, 4, 4, 2, 2))).toEqual([2, 8, 1, 2]);
  });

  it("should weight partly covered pixels by their covered area for non-integer factors", () => {
    // 3 → 2: output 0 covers source [0, 1.5), output 1 covers [1.5, 3).
    expect(Array.from(resizePlane([3, 6, 9], 3, 1, 2, 1))).toEqual([4, 8]);
  });

  it("should interpolate bilinearly with half-pixel centres when enlarging", () => {
    expect(Array.from(resizePlane([0, 8], 2, 1, 4, 1))).toEqual([0, 2, 6, 8]);
  });

  it("should keep the mean of a plane when shrinking", () => {
    const plane = Array.from({ length: 35 * 21 }, (_, i) => (i * 37) % 255);
    const mean = (values: ArrayLike<number>) => Array.from(values).reduce((a, b) => a + b, 0) / values.length;
    expect(mean(resizePlane(plane, 35, 21, 16, 8))).toBeCloseTo(mean(plane), 3);
  });
});
