import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DomainTarget } from './custom-domains.js';

/**
 * One config revision compiled into a request handler, whatever the API type it serves. The holder swaps these
 * in whole and closes a replaced one after its last in-flight request.
 */
export interface CompiledGateway {
  readonly revision: string;
  /** What this config refuses to serve and why (also reported through the compiler's warning callback). */
  readonly warnings: readonly string[];
  /** Never throws, never rejects: every failure becomes a gateway response. Safe to pass unbound. */
  readonly handle: (req: IncomingMessage, res: ServerResponse) => void;
  /**
   * Serves a request a custom domain maps to `target.apiId` when that API is one of this gateway's (true), else
   * does nothing (false). The invoke path resolves the domain once and dispatches by the API's protocol.
   */
  readonly serveMapped?: (target: DomainTarget, req: IncomingMessage, res: ServerResponse) => boolean;
  /** Releases this config's resources (backend pools still used by a newer config stay open). */
  close(): Promise<void>;
}
