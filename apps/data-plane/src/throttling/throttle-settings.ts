/** Shared throttling settings of the data plane (PORTICO_THROTTLE_*), parsed by config.ts. */
export interface ThrottleSettings {
  /** `lease` (default): tokens taken from Redis in small batches; `exact`: one Redis call per request. */
  mode: 'exact' | 'lease';
  /** Rates while Redis is unreachable: `open` (default) local buckets at this replica's share; `closed` 429. */
  failMode: 'open' | 'closed';
  /**
   * Quotas while the shared counters cannot be trusted (Redis unreachable, or restarted and not re-seeded):
   * `closed` (default) never over-admits; `open` admits on a local share and may over-admit by what Redis lost.
   */
  quotaFailMode?: 'closed' | 'open';
  /** Redis command timeout for throttling calls (default 1000 ms). */
  redisTimeoutMs: number;
  /** How long leased tokens may be used before they go back (default 100 ms). */
  leaseMs: number;
}

export const DEFAULT_THROTTLE_SETTINGS: ThrottleSettings = { mode: 'lease', failMode: 'open', quotaFailMode: 'closed', redisTimeoutMs: 1000, leaseMs: 100 };
