import { describe, expect, it } from "vitest";
import { hungarian } from "./matching";

describe("hungarian", () => {
  it("should find the unique minimum-cost assignment of a rectangular matrix", () => {
    // Minimum −(5+6+8) = −19: row 0 → 1, row 1 → 3, row 2 → 0.
    const cost = [[-1, -5, -2, -1], [-4, -2, -1, -6], [-8, -1, -3, -2]].map((r) => Float64Array.from(r));
    expect(Array.from(hungarian(cost, 3, 4))).toEqual([1, 3, 0]);
  });

  it("should agree with exhaustive search on random small matrices", () => {
    let seed = 7;
    const rand = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296);
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + Math.floor(rand() * 4);
      const m = n + Math.floor(rand() * 3);
      const cost = Array.from({ length: n }, () => Float64Array.from({ length: m }, () => -Math.floor(rand() * 20)));
      let best = Infinity;
      const used = new Set<number>();
      const search = (i: number, total: number) => {
        if (i === n) return void (best = Math.min(best, total));
        for (let j = 0; j < m; j++) {
          if (used.has(j)) continue;
          used.add(j);
          search(i + 1, total + cost[i]![j]!);
          used.delete(j);
        }
      };
      search(0, 0);
      const assignment = hungarian(cost, n, m);
      expect(new Set(assignment).size).toBe(n);
      expect(Array.from(assignment).reduce((s, j, i) => s + cost[i]![j]!, 0)).toBe(best);
    }
  });
});
