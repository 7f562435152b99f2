import { describe, expect, it } from "vitest";
import { PixelLookup } from "./pixel-lookup";
import { normalizationTables } from "./run-model";

/** The plain definition: one lookup per value. */
function reference(table: Float32Array, source: Uint8Array, start: number, step: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => table[source[start + i * step]!]!);
}

const bytes = (length: number, seed: number) => Uint8Array.from({ length }, (_, i) => (i * 131 + seed * 17 + ((i * i) % 7)) % 256);

describe("PixelLookup", () => {
  const tables = [
    normalizationTables({ kind: "scale", divisor: 255 }, 1)[0]!,
    // Negative, above-one and tiny values: every float32 bit pattern must survive the pairs.
    normalizationTables({ kind: "meanStd", mean: [0.485], std: [0.229] }, 1)[0]!,
    Float32Array.from({ length: 256 }, (_, v) => (v % 2 === 0 ? 1e-42 : -3.4e38)),
  ];

  it("should equal one lookup per value for every alignment of source and output", () => {
    for (const table of tables) {
      const lookup = new PixelLookup(table);
      const source = bytes(1000, 3);
      for (const start of [0, 1, 2, 3]) {
        for (const offset of [0, 1, 2, 3]) {
          for (const count of [0, 1, 7, 8, 9, 501, 996]) {
            const out = new Float32Array(1100).fill(Number.NaN);
            lookup.map(source, start, 1, out, offset, count);
            expect(Array.from(out.subarray(offset, offset + count))).toEqual(reference(table, source, start, 1, count));
            // Nothing written outside [offset, offset + count).
            expect(out.subarray(0, offset).every(Number.isNaN)).toBe(true);
            expect(out.subarray(offset + count).every(Number.isNaN)).toBe(true);
          }
        }
      }
    }
  });

  it("should handle views into larger buffers and strided sources (RGB planes)", () => {
    const lookup = new PixelLookup(tables[1]!);
    const backing = bytes(4000, 5);
    const source = backing.subarray(37, 3037);
    const out = new Float32Array(new ArrayBuffer(4 * 2000), 12, 1000);
    lookup.map(source, 2, 1, out, 5, 900);
    expect(Array.from(out.subarray(5, 905))).toEqual(reference(tables[1]!, source, 2, 1, 900));
    lookup.map(source, 1, 3, out, 0, 999);
    expect(Array.from(out.subarray(0, 999))).toEqual(reference(tables[1]!, source, 1, 3, 999));
  });

  it("should fall back to single lookups for a table with non-finite values", () => {
    const table = Float32Array.from({ length: 256 }, (_, v) => (v === 7 ? Number.POSITIVE_INFINITY : v));
    const lookup = new PixelLookup(table);
    const source = Uint8Array.from({ length: 64 }, (_, i) => (i % 3 === 0 ? 7 : i));
    const out = new Float32Array(64);
    lookup.map(source, 0, 1, out, 0, 64);
    expect(Array.from(out)).toEqual(reference(table, source, 0, 1, 64));
  });
});
