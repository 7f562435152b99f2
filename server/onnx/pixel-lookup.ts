// Normalising 8-bit pixels through a 256-entry table is the evaluation loop's hottest code:
// for a small model (the protein baseline infers a 4 × 128² image in ~0.25 ms) one lookup
// per value in JavaScript costs about as much as inference. Looking up two pixels at once
// (a Uint16 read, a Float64 write holding two float32s) halves the loads and stores and
// made the loop 2–4 × faster in measurements on Node 20.

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Maps 8-bit values to float32 through a table; `map` is the hot loop. */
export class PixelLookup {
  readonly table: Float32Array;
  /**
   * Entry v holds the float32s of the two bytes of v as they lie in memory, reinterpreted
   * as one float64. Copying such a double copies its bits unless it is a NaN; it is one only
   * when the upper float32 is infinite or NaN, which a table of finite values never holds
   * (checked in the constructor; such a table falls back to single lookups).
   */
  private readonly pairs: Float64Array | null;

  constructor(table: Float32Array) {
    if (table.length !== 256) throw new RangeError("a pixel lookup table has 256 entries");
    this.table = table;
    if (!table.every(Number.isFinite)) {
      this.pairs = null;
      return;
    }
    const halves = new Float32Array(2 * 65536);
    for (let v = 0; v < 65536; v++) {
      const first = LITTLE_ENDIAN ? v & 0xff : v >>> 8;
      const second = LITTLE_ENDIAN ? v >>> 8 : v & 0xff;
      halves[2 * v] = table[first]!;
      halves[2 * v + 1] = table[second]!;
    }
    this.pairs = new Float64Array(halves.buffer);
  }

  /** out[offset + i] = table[source[start + i × step]] for i < count. */
  map(source: Uint8Array, start: number, step: number, out: Float32Array, offset: number, count: number): void {
    const table = this.table;
    if (step !== 1) {
      for (let i = 0; i < count; i++) out[offset + i] = table[source[start + i * step]!]!;
      return;
    }
    let i = 0;
    // Pairs need the source on a 2-byte and the output on an 8-byte boundary; one single
    // lookup first aligns both when their parities agree.
    const sourceByte = source.byteOffset + start;
    const outByte = out.byteOffset + 4 * offset;
    if (this.pairs && count >= 8 && sourceByte % 2 === (outByte % 8) / 4 && outByte % 4 === 0) {
      if (sourceByte % 2 === 1) {
        out[offset] = table[source[start]!]!;
        i = 1;
      }
      const pairCount = (count - i) >>> 1;
      const source16 = new Uint16Array(source.buffer, sourceByte + i, pairCount);
      const out64 = new Float64Array(out.buffer, outByte + 4 * i, pairCount);
      const pairs = this.pairs;
      for (let p = 0; p < pairCount; p++) out64[p] = pairs[source16[p]!]!;
      i += 2 * pairCount;
    }
    for (; i < count; i++) out[offset + i] = table[source[start + i]!]!;
  }
}
