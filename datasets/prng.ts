// Seeded randomness for generators. Math.random is never used: a dataset must be
// reproducible byte for byte from its seed.
import { createHash } from "node:crypto";

export interface Prng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max). */
  uniform(min: number, max: number): number;
  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** One element of a non-empty array. */
  pick<T>(values: readonly T[]): T;
  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(values: readonly T[]): T[];
}

/**
 * mulberry32: 32-bit state, passes the usual quick statistical checks and is far more than
 * good enough for pictures; chosen because it is tiny and identical in every JS engine.
 */
export function createPrng(seed: number): Prng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const prng: Prng = {
    next,
    uniform: (min, max) => min + (max - min) * next(),
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    normal: () => {
      // 1 - next() is in (0, 1], so the logarithm is finite.
      const u = 1 - next();
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    pick: (values) => {
      const value = values[Math.floor(next() * values.length)];
      if (value === undefined) throw new RangeError("pick() needs a non-empty array");
      return value;
    },
    shuffle: (values) => {
      const out = values.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const a = out[i] as (typeof out)[number];
        out[i] = out[j] as (typeof out)[number];
        out[j] = a;
      }
      return out;
    },
  };
  return prng;
}

/** sha256 of the parts joined by "/", as 64 lowercase hex characters. */
export function hashHex(...parts: ReadonlyArray<string | number>): string {
  return createHash("sha256").update(parts.join("/")).digest("hex");
}

/** A 32-bit PRNG seed taken from the first 8 hex digits of a hash. */
export function seedFromHex(hex: string): number {
  return Number.parseInt(hex.slice(0, 8), 16) >>> 0;
}
