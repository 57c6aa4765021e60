import { Pool } from 'undici';

/**
 * One keep-alive undici Pool per backend origin, shared by every config revision that uses the origin, so that a
 * config swap keeps warm connections. Each compiled gateway holds a lease; a pool closes (gracefully, after its
 * in-flight requests) when the last lease that used it is released. Compile the new config before releasing the
 * old one's lease, or pools of unchanged origins close and reopen.
 */
export class OriginPools {
  private readonly entries = new Map<string, { pool: Pool; refs: number }>();
  /** Pools whose last lease is gone, closing gracefully (waiting for their requests in flight). */
  private readonly closing = new Set<Pool>();

  constructor(private readonly poolOptions: Pool.Options = {}) {}

  lease(): PoolLease {
    return new PoolLease(this);
  }

  /** Number of open pools (for tests and metrics). */
  get size(): number {
    return this.entries.size;
  }

  /**
   * Aborts every request in flight on every pool and closes them all, leases or not: the end of a shutdown
   * whose deadline passed. Closing a pool gracefully waits for its upstream requests, and a slow backend would
   * then hold the process long after its clients were cut. Pools acquired afterwards start fresh.
   */
  async destroy(reason: Error = new Error('origin pools destroyed')): Promise<void> {
    const pools = [...this.entries.values()].map((entry) => entry.pool).concat([...this.closing]);
    this.entries.clear();
    this.closing.clear();
    await Promise.all(pools.map((pool) => pool.destroy(reason).catch(() => undefined)));
  }

  /** @internal used by PoolLease */
  acquire(key: string, origin: string, insecure: boolean): Pool {
    let entry = this.entries.get(key);
    if (!entry) {
      const options: Pool.Options = insecure
        ? { ...this.poolOptions, connect: { rejectUnauthorized: false } }
        : this.poolOptions;
      entry = { pool: new Pool(origin, options), refs: 0 };
      this.entries.set(key, entry);
    }
    entry.refs++;
    return entry.pool;
  }

  /** @internal used by PoolLease */
  async releaseKey(key: string, pool: Pool): Promise<void> {
    const entry = this.entries.get(key);
    // A pool destroyed meanwhile is gone; a newer pool under the same key belongs to other leases.
    if (!entry || entry.pool !== pool) return;
    entry.refs--;
    if (entry.refs > 0) return;
    this.entries.delete(key);
    this.closing.add(entry.pool);
    try {
      await entry.pool.close();
    } finally {
      this.closing.delete(entry.pool);
    }
  }
}

export class PoolLease {
  private readonly pools = new Map<string, Pool>();
  private released = false;

  constructor(private readonly owner: OriginPools) {}

  /** The pool for `origin` (`https://host:port`), acquired for this lease on first use. */
  pool(origin: string, insecure = false): Pool {
    const key = insecure ? `${origin} insecure` : origin;
    let pool = this.pools.get(key);
    if (!pool) {
      if (this.released) throw new Error('pool lease already released');
      pool = this.owner.acquire(key, origin, insecure);
      this.pools.set(key, pool);
    }
    return pool;
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    const pools = [...this.pools.entries()];
    this.pools.clear();
    await Promise.all(pools.map(([key, pool]) => this.owner.releaseKey(key, pool)));
  }
}
