import { describe, expect, it } from "vitest";
import { createPrng } from "../../datasets/prng";
import type { ScoreMatrix } from "./mean-metric";
import { rankingStatistics } from "./ranking-statistics";

function syntheticPhase(entries: number, images: number, seed: number): ScoreMatrix {
  const prng = createPrng(seed);
  const difficulty = Array.from({ length: images }, () => 0.3 * prng.next());
  return {
    participants: Array.from({ length: entries }, (_, e) => `team-${String(e).padStart(2, "0")}`),
    images: difficulty.map((_, i) => `img${i}`),
    scores: Float64Array.from({ length: entries * images }, (_, k) => 0.5 + 0.004 * Math.floor(k / images) - difficulty[k % images]! + 0.05 * prng.normal()),
  };
}

const options = { higherIsBetter: true, resamples: 300, seed: 1, alpha: 0.05 };

describe("rankingStatistics", () => {
  it("should list entries best first with their intervals, in a fixed key order", () => {
    const ranking = rankingStatistics(syntheticPhase(5, 40, 1), options);
    expect(Object.keys(ranking)).toEqual(["entries", "pairs", "kendallTau", "tiedWithLeader", "rankFrequencies"]);
    expect(Object.keys(ranking.entries[0]!)).toEqual(["participant", "score", "ci", "rank", "medianRank", "rankInterval"]);
    expect(Object.keys(ranking.pairs[0]!)).toEqual(["a", "b", "p", "pHolm", "significant"]);
    expect(ranking.entries.map((e) => e.rank)).toEqual([1, 2, 3, 4, 5]);
    for (const entry of ranking.entries) {
      expect(entry.ci[0]).toBeLessThanOrEqual(entry.score);
      expect(entry.ci[1]).toBeGreaterThanOrEqual(entry.score);
      expect(entry.rankInterval[0]).toBeLessThanOrEqual(entry.medianRank);
      expect(entry.rankInterval[1]).toBeGreaterThanOrEqual(entry.medianRank);
    }
    expect(ranking.tiedWithLeader[0]).toBe(ranking.entries[0]!.participant);
    expect(ranking.rankFrequencies.participants).toEqual(ranking.entries.map((e) => e.participant));
    for (const row of ranking.rankFrequencies.counts) expect(row.reduce((a, b) => a + b, 0)).toBe(300);
  });

  it("should give the same JSON for the same seed, byte for byte, and other JSON for another seed", () => {
    const phase = syntheticPhase(6, 30, 2);
    const first = JSON.stringify(rankingStatistics(phase, options));
    expect(JSON.stringify(rankingStatistics(phase, options))).toBe(first);
    expect(JSON.stringify(rankingStatistics(phase, { ...options, seed: 2 }))).not.toBe(first);
  });

  it("should rank ties at the smaller rank and list them by participant", () => {
    const ranking = rankingStatistics({ participants: ["zed", "amy", "bob"], images: ["x", "y"], scores: Float64Array.of(0.9, 0.8, 0.2, 0.1, 0.9, 0.8) }, options);
    expect(ranking.entries.map((e) => [e.participant, e.rank])).toEqual([
      ["bob", 1],
      ["zed", 1],
      ["amy", 3],
    ]);
  });

  it("should test the pairs among the top 20 by default and among the top k when asked", () => {
    const phase = syntheticPhase(25, 20, 3);
    expect(rankingStatistics(phase, options).pairs).toHaveLength((20 * 19) / 2);
    expect(rankingStatistics(phase, { ...options, pairsTop: 25 }).pairs).toHaveLength((25 * 24) / 2);
    expect(rankingStatistics(phase, options).rankFrequencies.participants).toHaveLength(20);
  });

  it("should put the smallest score first when lower is better", () => {
    const phase = syntheticPhase(4, 30, 4);
    const lower = rankingStatistics(phase, { ...options, higherIsBetter: false }).entries.map((e) => e.score);
    expect(lower).toEqual([...lower].sort((a, b) => a - b));
    expect(rankingStatistics(phase, options).entries.map((e) => e.score)).toEqual([...lower].reverse());
  });
});
