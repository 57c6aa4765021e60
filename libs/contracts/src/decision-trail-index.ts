/**
 * Where a decision trail is (`GET /portico/requests/{requestId}`): each data plane writes, for every trail it
 * records, `{<PORTICO_REDIS_KEY_PREFIX>portico:requests}:<requestId>` → `DecisionTrailLocation` (JSON) with the
 * trail's retention as TTL; the control plane reads it to find the replica that holds the trail. One hash tag for
 * all of them (the prefix inside it, as the throttle keys do), so a replica's batch is one pipeline on one Redis
 * Cluster slot.
 */
export const decisionTrailKey = (keyPrefix: string, requestId: string): string => `{${keyPrefix}portico:requests}:${requestId}`;

/** Which replica holds a trail: its replica id (`x-portico-replica`) and, when it advertises one, its status URL. */
export interface DecisionTrailLocation {
  readonly replica: string;
  readonly statusUrl?: string;
}

/** The header a data plane sends with every config fetch to name itself (a random id per process). */
export const REPLICA_HEADER = 'x-portico-replica';
