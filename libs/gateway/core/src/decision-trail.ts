/**
 * "Why was this request refused?": the decision trail of a gateway-generated answer, recorded against the request
 * id. It names the step that decided, with what the decision rested on (a policy statement's `Sid` or index, the
 * authorizer and whether its result was cached, the throttle or quota level, the route matched or not).
 *
 * Security: a trail holds names, ids and verdicts only — never a header value, token, signature, API key value,
 * query string or body. Steps add details from a closed list of fields (`TrailStep`), not request data.
 */

import type { DecisionTrail } from '@portico/admin-wire';

// The trail's shape is the admin wire's (`GET /portico/requests/{id}` answers it as recorded), so that the console
// and the gateway that records it cannot drift.
export type { DecisionTrail, TrailStep, TrailStepName } from '@portico/admin-wire';

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
