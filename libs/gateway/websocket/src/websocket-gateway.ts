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
 * What of a revision's WebSocket APIs is not served, for the operator's log: a whole stage (its route selection
 * expression, `$connect` authorizer or a model does not compile), or one integration (its routes answer 500).
 */
export type WebSocketCompileProblem =
  | { readonly scope: 'stage'; readonly apiId: string; readonly stageName: string; readonly reason: string }
  | { readonly scope: 'integration'; readonly apiId: string; readonly stageName: string; readonly integrationId: string; readonly routeKeys: readonly string[]; readonly reason: string };

/**
 * Every WebSocket API stage of one config revision, compiled (routes, selection expressions, templates,
 * authorizers) when the document arrives. What does not compile is refused alone and listed in `problems`: an
 * integration (its routes answer 500) or, failing that, its stage (upgrades to it answer 500 `Internal server
 * error`, as AWS answers a `$connect` whose integration is broken); the other APIs and stages of the document serve.
 */
export class WebSocketGateway {
  private readonly stages = new Map<string, Map<string, WebSocketStage>>();
  /** Stages that did not compile, by API id then stage name (the reason is in `problems`). */
  private readonly refusedStages = new Map<string, Set<string>>();
  readonly problems: WebSocketCompileProblem[] = [];
  /** HTTP and HTTP_PROXY integrations of this revision share one connection pool, closed with the revision. */
  private readonly dispatcher = new Agent({ keepAliveTimeout: 10_000 });

  private constructor(snapshots: readonly WebSocketApiSnapshot[], options: WebSocketGatewayOptions) {
    for (const snapshot of snapshots) {
      const { apiId } = snapshot.api;
      const { stageName } = snapshot.stage;
      let stage: WebSocketStage;
      try {
        stage = new WebSocketStage(snapshot, { ...options, dispatcher: this.dispatcher });
      } catch (error) {
        this.problems.push({ scope: 'stage', apiId, stageName, reason: error instanceof Error ? error.message : String(error) });
        let refused = this.refusedStages.get(apiId);
        if (!refused) this.refusedStages.set(apiId, (refused = new Set()));
        refused.add(stageName);
        continue;
      }
      for (const refusal of stage.refusals) this.problems.push({ scope: 'integration', apiId, stageName, ...refusal });
      let byStage = this.stages.get(apiId);
      if (!byStage) this.stages.set(apiId, (byStage = new Map()));
      byStage.set(stageName, stage);
    }
  }

  static compile(snapshots: readonly WebSocketApiSnapshot[], options: WebSocketGatewayOptions): WebSocketGateway {
    return new WebSocketGateway(snapshots, options);
  }

  /** The APIs with at least one served stage. */
  get size(): number {
    return this.stages.size;
  }

  /** Whether the API is one of this revision's, served or refused (its requests are answered here either way). */
  has(apiId: string): boolean {
    return this.stages.has(apiId) || this.refusedStages.has(apiId);
  }

  /** Whether the stage is in the document but did not compile (undefined from `stage`, yet not unknown). */
  refused(apiId: string, stageName: string): boolean {
    return this.refusedStages.get(apiId)?.has(stageName) ?? false;
  }

  stage(apiId: string, stageName: string): WebSocketStage | undefined {
    return this.stages.get(apiId)?.get(stageName);
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}
