import { createHash } from 'node:crypto';
import { AUTHORIZER_CACHE_KEY_PREFIX } from '@portico/contracts';
import type { AuthorizerDecision } from '@portico/plugin-sdk';
import { TtlCache } from './capabilities.js';

/**
 * A store shared by data-plane replicas (Redis in the data plane), so that one authorizer invocation serves every
 * replica for the TTL. Failures must resolve (undefined / no-op): the in-process cache still works without it.
 */
export interface SharedDecisionStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
}

/** How long a decision may be served from cache, in milliseconds (0: not cached). */
export type DecisionTtl = (decision: AuthorizerDecision) => number;

/**
 * Authorizer results per identity-source values: in process first (a hit costs one Map lookup on the raw values),
 * then the shared store (keyed by a digest, so that tokens are not stored in Redis key names). A broken
 * authorizer's failure is never cached (AWS: 500s are not). Concurrent misses for one key share one invocation.
 */
export class DecisionCache {
  private readonly local: TtlCache<AuthorizerDecision>;
  private readonly inflight = new Map<string, Promise<AuthorizerDecision>>();

  constructor(
    private readonly now: () => number,
    private readonly shared: SharedDecisionStore | undefined,
    maxEntries = 10_000,
  ) {
    this.local = new TtlCache(now, maxEntries);
  }

  /** The shared-store key: the authorizer's scope (API, stage, id, config hash) plus a digest of the values. */
  static sharedKey(scope: string, values: readonly string[]): string {
    const digest = createHash('sha256').update(values.join('\u0000')).digest('base64url');
    return `${AUTHORIZER_CACHE_KEY_PREFIX}${scope}:${digest}`;
  }

  /** The cached decision for these values, if any (synchronous: the hot path of every cached request). */
  peek(values: readonly string[]): AuthorizerDecision | undefined {
    return this.local.get(values.length === 1 ? values[0] : values.join('\u0000'));
  }

  async get(
    scope: string,
    values: readonly string[],
    ttl: DecisionTtl,
    decide: () => Promise<AuthorizerDecision>,
  ): Promise<{ decision: AuthorizerDecision; cached: boolean }> {
    const key = values.length === 1 ? values[0] : values.join('\u0000');
    const hit = this.local.get(key);
    if (hit) return { decision: hit, cached: true };
    const pending = this.inflight.get(key);
    if (pending) return { decision: await pending, cached: true };
    const run = this.fill(key, scope, values, ttl, decide);
    this.inflight.set(key, run.then(({ decision }) => decision));
    try {
      return await run;
    } finally {
      this.inflight.delete(key);
    }
  }

  private async fill(
    key: string,
    scope: string,
    values: readonly string[],
    ttl: DecisionTtl,
    decide: () => Promise<AuthorizerDecision>,
  ): Promise<{ decision: AuthorizerDecision; cached: boolean }> {
    const sharedKey = this.shared ? DecisionCache.sharedKey(scope, values) : undefined;
    if (this.shared && sharedKey) {
      const stored = await this.shared.get(sharedKey).catch(() => undefined);
      const parsed = stored === undefined ? undefined : parseStored(stored);
      if (parsed) {
        this.local.set(key, parsed.decision, Math.min(parsed.expires - this.now(), ttl(parsed.decision)));
        return { decision: parsed.decision, cached: true };
      }
    }
    const decision = await decide();
    const ttlMs = decision.effect === 'fail' ? 0 : ttl(decision);
    if (ttlMs > 0) {
      this.local.set(key, decision, ttlMs);
      if (this.shared && sharedKey) {
        const expires = this.now() + ttlMs;
        await this.shared.set(sharedKey, JSON.stringify({ decision, expires }), Math.max(1, Math.ceil(ttlMs / 1000))).catch(() => undefined);
      }
    }
    return { decision, cached: false };
  }

  clear(): void {
    this.local.clear();
  }
}

function parseStored(text: string): { decision: AuthorizerDecision; expires: number } | undefined {
  try {
    const value = JSON.parse(text) as { decision?: AuthorizerDecision; expires?: number };
    if (!value.decision || typeof value.expires !== 'number') return undefined;
    if (value.decision.effect !== 'allow' && value.decision.effect !== 'deny') return undefined;
    return { decision: value.decision, expires: value.expires };
  } catch {
    return undefined;
  }
}
