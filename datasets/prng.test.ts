import { describe, expect, it } from "vitest";
import { createPrng, hashHex, seedFromHex } from "./prng";

describe("createPrng", () => {
  it("should repeat the same sequence for the same seed and differ for another", () => {
    const a = createPrng(123);
    const b = createPrng(123);
    const c = createPrng(124);
    const seqA = Array.from({ length: 50 }, () => a.next());
    const seqB = Array.from({ length: 50 }, () => b.next());
    const seqC = Array.from({ length: 50 }, () => c.next());
    expect(seqA).toEqual(seqB);
    expect(seqA).not.toEqual(seqC);
  });

  it("should stay inside the requested ranges and cover them", () => {
    const prng = createPrng(7);
    const ints = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const u = prng.next();
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      const n = prng.int(5, 9);
      expect(n).toBeGreaterThanOrEqual(5);
      expect(n).toBeLessThanOrEqual(9);
      ints.add(n);
    }
    expect([...ints].sort()).toEqual([5, 6, 7, 8, 9]);
  });

  it("should produce roughly standard normal values", () => {
    const prng = createPrng(99);
    const values = Array.from({ length: 20000 }, () => prng.normal());
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });

  it("should shuffle into a permutation without touching the input", () => {
    const input = Array.from({ length: 20 }, (_, i) => i);
    const shuffled = createPrng(1).shuffle(input);
    expect(input).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect([...shuffled].sort((a, b) => a - b)).toEqual(input);
    expect(shuffled).not.toEqual(input);
  });
});

describe("hashHex", () => {
  it("should give 64 hex characters that depend on every part", () => {
    expect(hashHex("a", 1)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashHex("a", 1)).toBe(hashHex("a", 1));
    expect(hashHex("a", 1)).not.toBe(hashHex("a", 2));
    expect(seedFromHex("ffffffff00")).toBe(0xffffffff);
  });
});
