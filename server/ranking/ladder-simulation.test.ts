import { beforeAll, describe, expect, it } from "vitest";
import { boostingAttack, type BoostingAttackResult } from "./ladder-simulation";
import { normalUpperTail } from "./normal-distribution";

// The sizes and seed of the numbers in README.md ("The Ladder"). Over seeds 1–60 the plain
// board's public accuracy ran 0.594–0.623 and every private accuracy (and the Ladder's
// public one) stayed within 0.025 of 0.5, so the bounds below hold for far more than this
// seed; the seed only makes the run reproducible.
const options = { publicSize: 4000, privateSize: 4000, submissions: 1000, seed: 2015, precision: 0.001 };

describe("boostingAttack (Blum & Hardt 2015, section 5)", () => {
  // About 0.2 s alone; the timeouts are for a machine busy with other work.
  let result: BoostingAttackResult;
  beforeAll(() => {
    result = boostingAttack(options);
  }, 30_000);

  it("should fit the public images' noise on a plain board, and nothing else", () => {
    const { plain } = result;
    expect(plain.publicAccuracy).toBeGreaterThan(0.58);
    expect(Math.abs(plain.privateAccuracy - 0.5)).toBeLessThan(0.03);
    // About half the vectors are shown at or above 0.5 and kept (486–570 over seeds 1–60).
    expect(plain.kept).toBeGreaterThan(450);
    expect(plain.kept).toBeLessThan(620);
    // Each kept vector agrees with a public label with probability ≈ 1/2 + √(2/π)/(2√n)
    // (the mean of a normal truncated at 0), so a public image's vote is ≈ N(m√(2/(πn)), m)
    // for m kept vectors, and the majority is right with probability Φ(√(2m/(πn))): 0.615
    // for m = 538, n = 4000.
    const predicted = 1 - normalUpperTail(Math.sqrt((2 * plain.kept) / (Math.PI * options.publicSize)));
    expect(Math.abs(plain.publicAccuracy - predicted)).toBeLessThan(0.02);
  });

  it("should leave the attacker at chance under the Ladder", () => {
    const { ladder, ladderRisesOnly, ladderImproved } = result;
    expect(ladder.publicAccuracy).toBeLessThan(0.52);
    expect(Math.abs(ladder.publicAccuracy - 0.5)).toBeLessThan(0.03);
    expect(Math.abs(ladder.privateAccuracy - 0.5)).toBeLessThan(0.03);
    // The Ladder moved a handful of times in 1,000 submissions (the first included).
    expect(ladderImproved).toBeGreaterThanOrEqual(1);
    expect(ladderImproved).toBeLessThanOrEqual(6);
    // Keeping only the vectors whose shown score rose leaves a few vectors, each truly a
    // little above chance on the public images, and nothing on the private ones.
    expect(ladderRisesOnly.kept).toBeLessThanOrEqual(ladderImproved);
    expect(ladderRisesOnly.publicAccuracy).toBeLessThan(0.54);
    expect(Math.abs(ladderRisesOnly.privateAccuracy - 0.5)).toBeLessThan(0.03);
  });

  it("should give the same numbers for the same seed", { timeout: 30_000 }, () => {
    expect(boostingAttack(options)).toEqual(result);
    expect(boostingAttack({ ...options, seed: 2016 })).not.toEqual(result);
  });

  it("should refuse sizes that are not positive integers", () => {
    expect(() => boostingAttack({ ...options, publicSize: 0 })).toThrow(RangeError);
    expect(() => boostingAttack({ ...options, privateSize: 1.5 })).toThrow(RangeError);
    expect(() => boostingAttack({ ...options, submissions: -1 })).toThrow(RangeError);
  });
});
