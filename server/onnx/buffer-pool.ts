// Recycled ArrayBuffers for the evaluation loop. Allocating and collecting a few hundred
// kilobytes per image (mmap and munmap underneath) slowed inference in the session thread
// by ~20 %; with the pool, the loop's steady state allocates only the label maps it hands
// out. Bounded, because a dataset whose images come in many sizes would otherwise leave
// a few buffers of every size it has seen held for the whole run, inside a sandbox whose
// memory is capped.

export interface BufferPoolLimits {
  /** Buffers kept per byte length: enough for every batch in flight and the images waiting for their last tile. */
  perSize: number;
  /** Bytes kept in all; past it, the sizes used least recently are dropped first. */
  totalBytes: number;
}

export class BufferPool {
  /** Free buffers by byte length, least recently used length first (Map keeps insertion order). */
  private readonly free = new Map<number, ArrayBuffer[]>();
  private bytes = 0;

  constructor(private readonly limits: BufferPoolLimits) {}

  /** Bytes currently held for reuse. */
  get heldBytes(): number {
    return this.bytes;
  }

  /** A buffer of exactly `byteLength` bytes: a recycled one (contents undefined) or a new one (zeros). */
  take(byteLength: number): ArrayBuffer {
    const list = this.free.get(byteLength);
    const buffer = list?.pop();
    if (!buffer) return new ArrayBuffer(byteLength);
    this.bytes -= byteLength;
    this.touch(byteLength, list!);
    return buffer;
  }

  /** Hands a buffer back; the caller must not touch it afterwards. */
  give(buffer: ArrayBuffer): void {
    const size = buffer.byteLength;
    // A detached buffer (transferred to another thread) has no bytes left to reuse.
    if (size === 0 || size > this.limits.totalBytes) return;
    const list = this.free.get(size) ?? [];
    if (list.length < this.limits.perSize) {
      list.push(buffer);
      this.bytes += size;
    }
    this.touch(size, list);
    for (const [oldest, buffers] of this.free) {
      if (this.bytes <= this.limits.totalBytes) break;
      this.bytes -= oldest * buffers.length;
      this.free.delete(oldest);
    }
  }

  /** Marks a size as the most recently used. */
  private touch(size: number, list: ArrayBuffer[]): void {
    this.free.delete(size);
    this.free.set(size, list);
  }
}
