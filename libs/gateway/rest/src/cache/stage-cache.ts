import { decodeCachedResponse, encodeCachedResponse, type CachedResponse } from './cached-response.js';

/**
 * The stage cache's shared layer (Redis across replicas). Every method is best effort and never throws or
 * rejects: a store that is down is a miss on read and a skipped write, so the cache never causes an error answer.
 */
export interface SharedStageCacheStore {
  /** An entry's bytes; undefined on a miss, a timeout or a store that is down. */
  get(key: string): Promise<Buffer | undefined>;
  /**
   * Stores an entry for `ttlMs`, within `capacityBytes` for all entries of the stage whose keys start with
   * `stagePrefix` (the store evicts the entries closest to expiry first).
   */
  set(key: string, value: Buffer, ttlMs: number, stagePrefix: string, capacityBytes: number): void;
  /** Tells the other replicas that `key` was replaced, so that their in-process layer drops it. */
  invalidated(key: string, stagePrefix: string): void;
}

export interface StageCacheOptions {
  shared?: SharedStageCacheStore;
  /** In-process layer: entries (default 1,000) and bytes (default 32 MiB) it holds at most. */
  localMaxEntries?: number;
  localMaxBytes?: number;
  now?: () => number;
}

interface LocalEntry {
  readonly response: CachedResponse;
  readonly bytes: number;
}

/**
 * The stage cache of one process, shared by every config revision (like the authorizer result cache): a small
 * in-process LRU in front of the shared store. A hit in process answers without any I/O; a miss there asks the
 * shared store and keeps what it finds. Entries are kept in clear in process; what goes to the shared store is
 * sealed when the method has `cacheDataEncrypted`.
 */
export class StageCache {
  private readonly local = new Map<string, LocalEntry>();
  private localBytes = 0;
  private readonly shared: SharedStageCacheStore | undefined;
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private readonly now: () => number;

  constructor(options: StageCacheOptions = {}) {
    this.shared = options.shared;
    this.maxEntries = options.localMaxEntries ?? 1000;
    this.maxBytes = options.localMaxBytes ?? 32 * 1024 * 1024;
    this.now = options.now ?? Date.now;
  }

  /** A fresh entry: synchronous when the in-process layer has it, else the shared store's answer. */
  lookup(key: string, encryptionKey: Buffer | undefined): CachedResponse | undefined | Promise<CachedResponse | undefined> {
    const entry = this.local.get(key);
    if (entry) {
      if (entry.response.expiresAt > this.now()) {
        // Most recently used last: eviction takes the first.
        this.local.delete(key);
        this.local.set(key, entry);
        return entry.response;
      }
      this.forget(key, entry);
    }
    if (!this.shared) return undefined;
    return this.shared.get(key).then((bytes) => {
      if (!bytes) return undefined;
      const response = decodeCachedResponse(bytes, key, encryptionKey);
      if (!response || response.expiresAt <= this.now()) return undefined;
      this.remember(key, response);
      return response;
    });
  }

  /** Stores a response in both layers; `replaced` (an invalidation) also tells the other replicas. */
  store(key: string, stagePrefix: string, response: CachedResponse, capacityBytes: number, encryptionKey: Buffer | undefined, replaced: boolean): void {
    this.remember(key, response);
    if (!this.shared) return;
    const ttlMs = response.expiresAt - this.now();
    if (ttlMs <= 0) return;
    this.shared.set(key, encodeCachedResponse(response, key, encryptionKey), ttlMs, stagePrefix, capacityBytes);
    if (replaced) this.shared.invalidated(key, stagePrefix);
  }

  /** Drops one entry from the in-process layer (another replica replaced it). */
  drop(key: string): void {
    const entry = this.local.get(key);
    if (entry) this.forget(key, entry);
  }

  /** Drops every in-process entry of a stage (FlushStageCache); `stagePrefix` from `stageCachePrefix`. */
  dropStage(stagePrefix: string): void {
    for (const [key, entry] of this.local) if (key.startsWith(stagePrefix)) this.forget(key, entry);
  }

  /** Entries held in process (tests, metrics). */
  get localSize(): number {
    return this.local.size;
  }

  private remember(key: string, response: CachedResponse): void {
    const previous = this.local.get(key);
    if (previous) this.forget(key, previous);
    const bytes = response.body.length + 64 * (response.headers.length + 1);
    if (bytes > this.maxBytes) return;
    this.local.set(key, { response, bytes });
    this.localBytes += bytes;
    for (const [oldest, entry] of this.local) {
      if (this.local.size <= this.maxEntries && this.localBytes <= this.maxBytes) break;
      this.forget(oldest, entry);
    }
  }

  private forget(key: string, entry: LocalEntry): void {
    this.local.delete(key);
    this.localBytes -= entry.bytes;
  }
}

/** The key prefix of one stage's entries: one Redis Cluster hash tag per stage, so a stage's script stays in a slot. */
export function stageCachePrefix(keyPrefix: string, apiId: string, stageName: string): string {
  return `${keyPrefix}${apiId.toLowerCase()}:${stageName}}:`;
}
