import { describe, expect, it } from "vitest";
import { BufferPool } from "./buffer-pool";

describe("BufferPool", () => {
  it("should hand back a given buffer of the same length, and a new one of another length", () => {
    const pool = new BufferPool({ perSize: 2, totalBytes: 1 << 20 });
    const buffer = new ArrayBuffer(64);
    pool.give(buffer);
    expect(pool.take(32)).not.toBe(buffer);
    expect(pool.take(64)).toBe(buffer);
    expect(pool.take(64)).not.toBe(buffer);
    expect(pool.heldBytes).toBe(0);
  });

  it("should keep at most perSize buffers of one length", () => {
    const pool = new BufferPool({ perSize: 2, totalBytes: 1 << 20 });
    for (let i = 0; i < 5; i++) pool.give(new ArrayBuffer(100));
    expect(pool.heldBytes).toBe(200);
  });

  it("should drop the sizes used least recently when over its byte limit", () => {
    const pool = new BufferPool({ perSize: 4, totalBytes: 1000 });
    const small = new ArrayBuffer(300);
    const medium = new ArrayBuffer(400);
    pool.give(small);
    pool.give(medium);
    pool.take(300); // small is used again: medium is now the least recent size
    pool.give(small);
    pool.give(new ArrayBuffer(500)); // 300 + 400 + 500 > 1000: medium goes
    expect(pool.heldBytes).toBe(800);
    expect(pool.take(300)).toBe(small);
    expect(pool.take(400)).not.toBe(medium);
    expect(pool.heldBytes).toBe(500);
  });

  it("should ignore detached buffers and buffers larger than its whole limit", () => {
    const pool = new BufferPool({ perSize: 4, totalBytes: 1000 });
    const detached = new ArrayBuffer(16);
    structuredClone(detached, { transfer: [detached] });
    pool.give(detached);
    pool.give(new ArrayBuffer(2000));
    expect(pool.heldBytes).toBe(0);
  });
});
