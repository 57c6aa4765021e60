/**
 * "Why was this request refused?": the decision trail of a gateway-generated answer, recorded against the request
 * id. It names the step that decided, with what the decision rested on (a policy statement's `Sid` or index, the
 * authorizer and whether its result was cached, the throttle or quota level, the route matched or not).
 *
 * Security: a trail holds names, ids and verdicts only — never a header value, token, signature, API key value,
 * query string or body. Steps add details from a closed list of fields (`TrailStep`), not request data.
 */

/** The step of the pipeline that decided (or passed). */
export type TrailStepName = 'target' | 'route' | 'payload' | 'network' | 'signature' | 'resource-policy' | 'identity-policy' | 'authorizer' | 'api-key' | 'quota' | 'throttle' | 'validation' | 'integration' | 'gateway';

/** One step's part in the decision. Only the fields below exist: nothing taken from the request as sent. */
export interface TrailStep {
  readonly step: TrailStepName;
  /** `passed`, `refused`, `failed`, or what was found (`matched`, `not-found`). */
  readonly outcome: 'passed' | 'refused' | 'failed' | 'matched' | 'not-found';
  /** The decision code when this step decided (`RESOURCE_POLICY_DENY`, `THROTTLED_STAGE`, …). */
  readonly decision?: string;
  /** Policies: which one (`resource`, `identity`, `authorizer`) and the statement that matched. */
  readonly policy?: 'resource' | 'identity' | 'authorizer';
  readonly statementSid?: string;
  readonly statementIndex?: number;
  /** Identity policies: the position of the policy among the caller's. */
  readonly policyIndex?: number;
  /** Each side's verdict (`Allow`, `Deny`, `NoMatch`, `AccountAllow`) when a table combined them. */
  readonly resourcePolicy?: string;
  readonly identityPolicy?: string;
  /** The SigV4-authenticated caller (an ARN, never a key or signature). */
  readonly principalArn?: string;
  /** Authorizers: id, type, and whether the result came from the cache (undefined: not invoked). */
  readonly authorizerId?: string;
  readonly authorizerType?: string;
  readonly cached?: boolean;
  /** API keys: the key's id (never its value) and its usage plan. */
  readonly apiKeyId?: string;
  readonly usagePlanId?: string;
  /** Throttling: the level that refused and the limits that applied (most specific first). */
  readonly level?: string;
  readonly rateLimit?: number;
  readonly burstLimit?: number;
  readonly limits?: readonly { readonly level: string; readonly rateLimit: number; readonly burstLimit: number }[];
  /** Quotas: the limit and period. */
  readonly quotaLimit?: number;
  readonly quotaPeriod?: string;
  /** Routing: what matched (REST resource path and verb, HTTP API route key). */
  readonly resourcePath?: string;
  readonly routeKey?: string;
  /** The gateway response type rendered, and a fixed explanation written by Portico (never request data). */
  readonly responseType?: string;
  readonly reason?: string;
}

/** The recorded trail of one request. */
export interface DecisionTrail {
  readonly requestId: string;
  /** ISO 8601, when the request arrived. */
  readonly time: string;
  readonly apiType: 'REST' | 'HTTP';
  readonly apiId?: string;
  readonly stage?: string;
  readonly httpMethod: string;
  /** The request path without its query string. */
  readonly path: string;
  readonly status: number;
  /** The short decision code (`$context.portico.decision`). */
  readonly decision: string;
  /** The step that decided. */
  readonly decidedBy: TrailStepName;
  readonly steps: readonly TrailStep[];
}

/** Where gateways hand their trails (the app's ring); absent when the trail is off, and then nothing is built. */
export interface DecisionRecorder {
  record(trail: DecisionTrail): void;
}

export interface DecisionTrailRingOptions {
  /** Trails kept (the oldest is dropped first). */
  readonly size: number;
  /** A trail older than this is no longer answered. */
  readonly retentionMs: number;
  readonly now?: () => number;
  /** Called after each recording (e.g. to announce in Redis which replica holds it). Must not throw. */
  readonly onRecord?: (trail: DecisionTrail) => void;
}

/**
 * A bounded in-memory ring of trails per replica: a fixed array and an index by request id, so that memory stays
 * at `size` trails whatever the traffic and a lookup is one map read.
 */
export class DecisionTrailRing implements DecisionRecorder {
  private readonly slots: ({ trail: DecisionTrail; at: number } | undefined)[];
  private readonly byId = new Map<string, number>();
  private next = 0;
  private readonly now: () => number;

  constructor(private readonly options: DecisionTrailRingOptions) {
    if (!Number.isInteger(options.size) || options.size < 1) throw new Error('DecisionTrailRing: size must be a positive integer');
    this.slots = new Array(options.size).fill(undefined);
    this.now = options.now ?? Date.now;
  }

  record(trail: DecisionTrail): void {
    const slot = this.next;
    const old = this.slots[slot];
    if (old && this.byId.get(old.trail.requestId) === slot) this.byId.delete(old.trail.requestId);
    this.slots[slot] = { trail, at: this.now() };
    this.byId.set(trail.requestId, slot);
    this.next = (slot + 1) % this.slots.length;
    this.options.onRecord?.(trail);
  }

  /** The trail of a request this replica answered, while it is within the retention. */
  get(requestId: string): DecisionTrail | undefined {
    const slot = this.byId.get(requestId);
    if (slot === undefined) return undefined;
    const entry = this.slots[slot];
    if (!entry || entry.trail.requestId !== requestId) return undefined;
    if (this.now() - entry.at > this.options.retentionMs) return undefined;
    return entry.trail;
  }

  /** Trails held (within or past the retention), for metrics and tests. */
  get size(): number {
    return this.byId.size;
  }
}
