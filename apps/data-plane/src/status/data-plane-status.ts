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
}

export const DATA_PLANE_STATUS = Symbol('DATA_PLANE_STATUS');
