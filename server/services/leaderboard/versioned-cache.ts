// An in-process cache whose entries are valid for one version of their source (a counter
// the database bumps on every change, read per request). Each site process keeps its own;
// they agree because they all check the same counter. One computation per key and version
// runs at a time, so a burst of requests after a change ranks the phase once, not once each.

interface Slot<V> {
  version: bigint;
  value: Promise<V>;
}

export class VersionedCache<V> {
  private readonly slots = new Map<string, Slot<V>>();

  constructor(private readonly maxKeys: number) {
    if (!Number.isInteger(maxKeys) || maxKeys < 1) throw new Error(`VersionedCache: maxKeys must be a positive integer, got ${maxKeys}`);
  }

  /**
   * The value for `key` at `version` (or a newer one: a request that read the counter just
   * before a change may get the data after it), computed by `compute` when missing or outdated.
   */
  get(key: string, version: bigint, compute: () => Promise<V>): Promise<V> {
    const slot = this.slots.get(key);
    if (slot && slot.version >= version) {
      // Most recently used last, so eviction takes the oldest.
      this.slots.delete(key);
      this.slots.set(key, slot);
      return slot.value;
    }
    const value = compute();
    const fresh: Slot<V> = { version, value };
    this.slots.delete(key);
    this.slots.set(key, fresh);
    // A failed computation is not kept: the next request tries again.
    value.catch(() => {
      if (this.slots.get(key) === fresh) this.slots.delete(key);
    });
    while (this.slots.size > this.maxKeys) {
      const oldest = this.slots.keys().next().value;
      if (oldest === undefined) break;
      this.slots.delete(oldest);
    }
    return value;
  }

  get size(): number {
    return this.slots.size;
  }

  clear(): void {
    this.slots.clear();
  }
}
