// Whole pages as anonymous visitors get them, kept in the site process for as long as
// nothing they show has changed. A version of the site's data (read per request: one cheap
// query) tags each page, so a change anywhere is seen by the next request of every process.
// Pages also go stale after a few seconds, for what changes with the clock alone (a phase
// opening): the next request renders the page again while requests arriving meanwhile still
// get the stale copy. After a change of data, by contrast, nobody gets the old page: requests
// arriving while the new one renders wait for it (one render per page and version).

export interface CachedPage {
  status: number;
  headers: Array<[string, string]>;
  body: Buffer;
}

interface Entry {
  version: string;
  expiresAt: number;
  page: Promise<CachedPage | null>;
  bytes: number;
  /** A request is rendering this page again after it went stale. */
  refreshing: boolean;
}

export interface PageCacheResult {
  /** The page to send, or null when there is none to share (the caller lets the renderer answer). */
  page: CachedPage | null;
  /** This request's own render answered it (its response is already sent). */
  rendered: boolean;
}

export class PageCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(private readonly options: { maxBytes: number; ttlMs: number; now?: () => number }) {
    if (!(options.maxBytes > 0) || !(options.ttlMs > 0)) throw new Error("PageCache: maxBytes and ttlMs must be positive");
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /**
   * The page for `key` at `version`: kept, being rendered (then waited for), or rendered now
   * by `render`, which answers the request itself and resolves to a copy of its response,
   * or to null when that must not be shared (an error, a cookie, a redirect): nothing is then
   * kept and the next request renders again.
   */
  async get(key: string, version: string, render: () => Promise<CachedPage | null>): Promise<PageCacheResult> {
    const entry = this.entries.get(key);
    if (entry && entry.version === version) {
      // Most recently used last, so eviction takes the oldest.
      this.entries.delete(key);
      this.entries.set(key, entry);
      if (entry.expiresAt > this.now() || entry.refreshing) return { page: await entry.page, rendered: false };
      entry.refreshing = true;
      return { page: await this.render(key, version, render, entry), rendered: true };
    }
    if (entry) this.remove(key, entry);
    return { page: await this.render(key, version, render), rendered: true };
  }

  private async render(key: string, version: string, render: () => Promise<CachedPage | null>, stale?: Entry): Promise<CachedPage | null> {
    const pending = render();
    const entry: Entry = { version, expiresAt: this.now() + this.options.ttlMs, page: pending, bytes: 0, refreshing: false };
    // A refresh leaves the stale copy in place for others until the new one is done.
    if (!stale) this.entries.set(key, entry);
    let page: CachedPage | null = null;
    try {
      page = await pending;
    } finally {
      const current = this.entries.get(key);
      if (current === (stale ?? entry)) {
        this.remove(key, current);
        if (page && page.body.length <= this.options.maxBytes / 8) {
          entry.bytes = page.body.length;
          entry.expiresAt = this.now() + this.options.ttlMs;
          this.entries.set(key, entry);
          this.bytes += entry.bytes;
          this.evict();
        }
      }
    }
    return page;
  }

  private remove(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }

  private evict(): void {
    for (const [key, entry] of this.entries) {
      if (this.bytes <= this.options.maxBytes) break;
      this.remove(key, entry);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
