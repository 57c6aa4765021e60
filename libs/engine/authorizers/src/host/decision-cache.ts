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


/**
 * Authorizer results per identity-source values, for the authorizer's TTL: in process first (hot keys cost a Map
 * lookup), then the shared store. Only allow and deny decisions are cached; a broken authorizer's failure is not
 * (AWS: 500s are not cached). Concurrent misses for one key share one invocation.
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

  /** The store key: the authorizer's scope (API, stage, config hash) plus a digest of the identity values. */
  static key(scope: string, values: readonly string[]): string {
    const digest = createHash('sha256').update(values.join('\u0000')).digest('base64url');
    return `${AUTHORIZER_CACHE_KEY_PREFIX}${scope}:${digest}`;
  }

  async get(key: string, ttlSeconds: number, decide: () => Promise<AuthorizerDecision>): Promise<{ decision: AuthorizerDecision; cached: boolean }> {
    const hit = this.local.get(key);
    if (hit) return { decision: hit, cached: true };
    const pending = this.inflight.get(key);
    if (pending) return { decision: await pending, cached: true };
    const run = this.fill(key, ttlSeconds, decide);
    this.inflight.set(key, run.then(({ decision }) => decision));
    try {
      return await run;
    } finally {
      this.inflight.delete(key);
    }
  }

  private async fill(key: string, ttlSeconds: number, decide: () => Promise<AuthorizerDecision>): Promise<{ decision: AuthorizerDecision; cached: boolean }> {
    if (this.shared) {
      const stored = await this.shared.get(key).catch(() => undefined);
      if (stored !== undefined) {
        const parsed = parseStored(stored);
        if (parsed) {
          this.local.set(key, parsed.decision, Math.min(parsed.expires - this.now(), ttlSeconds * 1000));
          return { decision: parsed.decision, cached: true };
        }
      }
    }
    const decision = await decide();
    if (decision.effect !== 'fail') {
      this.local.set(key, decision, ttlSeconds * 1000);
      if (this.shared) {
        const expires = this.now() + ttlSeconds * 1000;
        await this.shared.set(key, JSON.stringify({ decision, expires }), ttlSeconds).catch(() => undefined);
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
