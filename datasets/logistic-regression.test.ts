import { describe, expect, it } from "vitest";
import { fitLogistic, solveLinear } from "./logistic-regression";

describe("solveLinear", () => {
  it("should solve a system that needs pivoting", () => {
    const x = solveLinear(Float64Array.from([0, 2, 1, 1]), Float64Array.from([4, 3]), 2);
    expect(Array.from(x)).toEqual([1, 2]);
  });
});

describe("fitLogistic", () => {
  it("should recover the weights that generated the data (expected probabilities as targets)", () => {
    // Targets equal to the true probabilities make the true parameters the exact optimum.
    const rows: number[] = [];
    const targets: number[] = [];
    for (let i = 0; i < 200; i++) {
      const a = Math.sin(i) * 2;
      const b = Math.cos(i * 1.7) * 2;
      rows.push(a, b);
      targets.push(1 / (1 + Math.exp(-(1.5 * a - 0.5 * b + 0.25))));
    }
    const fit = fitLogistic(Float64Array.from(rows), targets, 2, { l2: 0 });
    expect(fit.weights[0]).toBeCloseTo(1.5, 4);
    expect(fit.weights[1]).toBeCloseTo(-0.5, 4);
    expect(fit.bias).toBeCloseTo(0.25, 4);
  });

  it("should end with finite weights on separable data", () => {
    const fit = fitLogistic(Float64Array.from([-2, -1, 1, 2]), [0, 0, 1, 1], 1);
    expect(Number.isFinite(fit.weights[0])).toBe(true);
    expect(fit.weights[0]).toBeGreaterThan(1);
  });
});
