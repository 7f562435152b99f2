import { describe, expect, it } from "vitest";
import { normalUpperTail } from "./normal-distribution";

// P(Z > z) to 20 digits by mpmath (mp.dps = 40): mp.ncdf(-z).
const REFERENCE: Array<[number, number]> = [
  [-10, 1],
  [-3, 0.99865010196836990547],
  [-1, 0.84134474606854294859],
  [-0.5, 0.69146246127401310364],
  [0, 0.5],
  [0.3, 0.38208857781104736693],
  [0.6744, 0.25002852137294061469],
  [0.7, 0.24196365222307302862],
  [1, 0.15865525393145705141],
  [1.959963984540054, 0.025000000000000010876],
  [3, 0.0013498980316300945267],
  [5.6, 1.071759025831092932e-8],
  [5.7, 5.9903714010635281878e-9],
  [8, 6.2209605742717841235e-16],
  [10, 7.619853024160526066e-24],
  [20, 2.7536241186062336951e-89],
  [37, 5.7255712225245768227e-300],
];

describe("normalUpperTail", () => {
  it("should agree with mpmath to 1e-14 relative in all three ranges of Cody's approximation", () => {
    for (const [z, expected] of REFERENCE) {
      expect(Math.abs(normalUpperTail(z) - expected) / expected, `z = ${z}`).toBeLessThan(1e-14);
    }
  });

  it("should give 0 beyond the smallest normal double, as R does, and NaN for NaN", () => {
    expect(normalUpperTail(38)).toBe(0);
    expect(normalUpperTail(-40)).toBe(1);
    expect(normalUpperTail(Infinity)).toBe(0);
    expect(normalUpperTail(NaN)).toBeNaN();
  });
});
