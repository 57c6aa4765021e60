import type { Invocation } from './invocation.js';
import type { RequestRecord } from './types.js';

/**
 * The record handed to `observe`. `context` is built on first read: metrics never read it, and only stages with
 * an access-log format pay for the `$context` object.
 */
export class InvocationRecord implements RequestRecord {
  readonly apiId: string | undefined;
  readonly resourcePath: string | undefined;
  readonly httpMethod: string;
  readonly status: number;
  readonly latencyMs: number;
  readonly integrationLatencyMs: number | undefined;
  readonly canary: boolean;
  readonly cacheResult: 'hit' | 'miss' | undefined;
  private built: Record<string, unknown> | undefined;

  constructor(
    private readonly invocation: Invocation,
    readonly stage: string | undefined,
    readonly accessLogFormat: string | undefined,
  ) {
    this.apiId = invocation.apiId;
    this.resourcePath = invocation.resourcePath;
    this.httpMethod = invocation.httpMethod;
    this.status = invocation.status;
    this.latencyMs = performance.now() - invocation.startedPerf;
    this.integrationLatencyMs = invocation.integrationLatencyMs;
    this.canary = invocation.stage?.canary === true;
    this.cacheResult = invocation.cacheResult;
  }

  get context(): Record<string, unknown> {
    return (this.built ??= this.invocation.contextRecord(this.latencyMs));
  }

  contextValue(name: string): unknown {
    // The record's latency, frozen when the response finished (the invocation's own would still be running).
    return name === 'responseLatency' ? Math.round(this.latencyMs) : this.invocation.contextVariable(name);
  }
}
