import { describe, expect, it } from "vitest";
import { holmAdjust } from "./holm";

describe("holmAdjust", () => {
  it("should multiply the i-th smallest of m by m − i + 1 and keep the order monotone", () => {
    // Sorted: 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 → 0.06 (not below
    // the previous). R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") = 0.03 0.06 0.06 0.02.
    const adjusted = holmAdjust([0.01, 0.04, 0.03, 0.005]);
    [0.03, 0.06, 0.06, 0.02].forEach((expected, i) => expect(adjusted[i]).toBeCloseTo(expected, 15));
  });

  it("should cap at 1, keep equal p-values equal, and leave a single p alone", () => {
    expect(holmAdjust([0.5, 0.6])).toEqual([1, 1]);
    expect(holmAdjust([0.02, 0.02, 0.5])).toEqual([0.06, 0.06, 0.5]);
    expect(holmAdjust([0.3])).toEqual([0.3]);
    expect(holmAdjust([])).toEqual([]);
  });
});
