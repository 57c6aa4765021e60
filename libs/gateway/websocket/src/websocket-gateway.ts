import { websocketApiSnapshotSchema, type WebSocketApiSnapshot } from '@portico/contracts';
import type { FunctionRunner } from '@portico/engine-lambda';
import { Agent } from 'undici';
import { WebSocketStage, type WebSocketUsage } from './websocket-stage.js';

/**
 * The WebSocket API snapshots a raw config document carries: config document v2's `apis[id]` entries of
 * `protocolType: WEBSOCKET` (their `stages`). Throws when one is malformed, so that the whole document is refused
 * rather than half served.
 */
export function websocketApiSnapshotsFrom(raw: unknown): WebSocketApiSnapshot[] {
  if (typeof raw !== 'object' || raw === null) return [];
  const apis = (raw as { apis?: unknown }).apis;
  if (typeof apis !== 'object' || apis === null) return [];
  const out: WebSocketApiSnapshot[] = [];
  for (const [apiId, api] of Object.entries(apis as Record<string, unknown>)) {
    const entry = api as { protocolType?: unknown; stages?: unknown };
    if (entry?.protocolType !== 'WEBSOCKET' || !Array.isArray(entry.stages)) continue;
    entry.stages.forEach((value, i) => {
      const parsed = websocketApiSnapshotSchema.safeParse(value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new Error(`WebSocket API snapshot apis.${apiId}.stages.${i}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`);
      }
      if (parsed.data.api.apiId !== apiId) throw new Error(`WebSocket API snapshot apis.${apiId}.stages.${i}: api.apiId is ${parsed.data.api.apiId}`);
      out.push(parsed.data);
    });
  }
  return out;
}

export interface WebSocketGatewayOptions {
  readonly runner: FunctionRunner;
  readonly region: string;
  readonly accountId: string;
  /** Route throttling and usage-plan API keys; without it a route requiring a key admits nobody. */
  readonly usage?: WebSocketUsage;
}

/**
 * Every WebSocket API stage of one config revision, compiled (routes, selection expressions, templates,
 * authorizers) when the document arrives. A stage that does not compile refuses the whole document.
 */
export class WebSocketGateway {
  private readonly stages = new Map<string, Map<string, WebSocketStage>>();
  /** HTTP and HTTP_PROXY integrations of this revision share one connection pool, closed with the revision. */
  private readonly dispatcher = new Agent({ keepAliveTimeout: 10_000 });

  private constructor(snapshots: readonly WebSocketApiSnapshot[], options: WebSocketGatewayOptions) {
    for (const snapshot of snapshots) {
      let byStage = this.stages.get(snapshot.api.apiId);
      if (!byStage) this.stages.set(snapshot.api.apiId, (byStage = new Map()));
      try {
        byStage.set(snapshot.stage.stageName, new WebSocketStage(snapshot, { ...options, dispatcher: this.dispatcher }));
      } catch (error) {
        throw new Error(`WebSocket API ${snapshot.api.apiId} stage ${snapshot.stage.stageName}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  static compile(snapshots: readonly WebSocketApiSnapshot[], options: WebSocketGatewayOptions): WebSocketGateway {
    return new WebSocketGateway(snapshots, options);
  }

  get size(): number {
    return this.stages.size;
  }

  has(apiId: string): boolean {
    return this.stages.has(apiId);
  }

  stage(apiId: string, stageName: string): WebSocketStage | undefined {
    return this.stages.get(apiId)?.get(stageName);
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}
