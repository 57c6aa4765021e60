import type { DecisionTrail } from '@portico/gateway-core';
import type { RejectedDocument } from '../config-loader/config-loader.js';

/** What the status endpoints read about the running data plane; provided to Nest as a value. */
export interface DataPlaneStatus {
  /** Revision of the config document being served; undefined until one has loaded. */
  revision(): string | undefined;
  /** The newest config document refused since the last one was swapped in (a last-known-good serves meanwhile). */
  lastRejected(): RejectedDocument | undefined;
  /** True once shutdown has begun: readiness goes red so load balancers stop sending new requests. */
  draining(): boolean;
  /** Prometheus exposition of every metric, with its content type. */
  metrics(): Promise<{ contentType: string; body: string }>;
  /** The decision trail of a request this replica answered; undefined when unknown, expired, or the trail is off. */
  decisionTrail(requestId: string): DecisionTrail | undefined;
  /**
   * The bearer token `GET /portico/requests/{id}` requires (the data-plane token the control plane also holds);
   * undefined in standalone mode, where the status listener is as open as its /metrics.
   */
  statusToken: string | undefined;
}

export const DATA_PLANE_STATUS = Symbol('DATA_PLANE_STATUS');
