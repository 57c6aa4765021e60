import { Dispatcher, type Pool } from 'undici';
import type { IntegrationSnapshot } from '@portico/contracts';
import type { IntegrationCompileContext } from './compile-context.js';
import type { CompiledUri } from './integration-uri.js';
import { substituteStageVariables } from './integration-uri.js';

/** Error code of a request through a VPC link none of whose targets is healthy (see integration-errors.ts). */
export const VPC_LINK_UNAVAILABLE_CODE = 'PORTICO_VPC_LINK_UNAVAILABLE';

export interface VpcLinkTarget {
  readonly host: string;
  readonly port: number;
}

/**
 * One VPC link's targets and whether each is healthy. The app's health checker sets the health (I/O stays out of
 * the request path); a request takes the next healthy target, round-robin. Until a check says otherwise a target is
 * healthy, so that a link serves from its first request.
 */
export class VpcLinkTargets {
  private readonly healthy: boolean[];
  private cursor = 0;

  constructor(
    readonly id: string,
    readonly targets: readonly VpcLinkTarget[],
  ) {
    this.healthy = targets.map(() => true);
  }

  isHealthy(index: number): boolean {
    return this.healthy[index] === true;
  }

  setHealthy(index: number, healthy: boolean): void {
    if (index >= 0 && index < this.healthy.length) this.healthy[index] = healthy;
  }

  /** The index of the next healthy target, or -1 when none is. */
  next(): number {
    const n = this.targets.length;
    for (let i = 0; i < n; i++) {
      const k = (this.cursor + i) % n;
      if (this.healthy[k]) {
        this.cursor = k + 1;
        return k;
      }
    }
    return -1;
  }
}

/** The VPC links a gateway serves, by id (the config document's `vpcLinks`, with their health). */
export interface VpcLinkDirectory {
  link(id: string): VpcLinkTargets | undefined;
}

/** A directory of the document's links without health checks: every target stays healthy (tests, tools). */
export function staticVpcLinks(links: readonly { id: string; targets: readonly VpcLinkTarget[] }[]): VpcLinkDirectory {
  const byId = new Map(links.map((link) => [link.id, new VpcLinkTargets(link.id, link.targets)]));
  return { link: (id) => byId.get(id) };
}

function authority(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * An undici dispatcher in front of a link's target pools: each request goes to the next healthy target, with the
 * integration URI's host as its `Host` header (as an NLB passes the request on). With no healthy target the
 * request fails before anything is sent; the integrations classify that as AWS's answer for an unreachable link.
 */
class VpcLinkDispatcher extends Dispatcher {
  constructor(
    private readonly link: VpcLinkTargets,
    private readonly pools: readonly Pool[],
    private readonly hostHeader: string,
  ) {
    super();
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    const index = this.link.next();
    // Thrown, not handed to the handler: both integrations catch a dispatch that throws as "nothing was sent".
    if (index < 0) throw Object.assign(new Error(`VPC link ${this.link.id} has no healthy target`), { code: VPC_LINK_UNAVAILABLE_CODE });
    const headers = options.headers;
    const withHost = Array.isArray(headers)
      ? [...(headers as string[]), 'host', this.hostHeader]
      : { ...(headers as Record<string, string> | undefined), host: this.hostHeader };
    return this.pools[index]!.dispatch({ ...options, headers: withHost }, handler);
  }
}

/**
 * Where an HTTP integration sends its requests, once per method and stage: the origin's pool for INTERNET, the
 * link's targets for VPC_LINK (`connectionId` literal or `${stageVariables.…}`, resolved here since stage variables
 * are constants per stage). A link the document does not carry refuses the method.
 */
export function integrationDispatcher(
  integration: IntegrationSnapshot,
  uri: CompiledUri,
  context: IntegrationCompileContext,
): { ok: true; dispatcher: Dispatcher } | { ok: false; reason: string } {
  const insecure = integration.tlsConfig?.insecureSkipVerification === true;
  if (integration.connectionType !== 'VPC_LINK') return { ok: true, dispatcher: context.lease.pool(uri.origin, insecure) };
  if (!integration.connectionId) return { ok: false, reason: 'VPC_LINK integration has no connectionId' };
  const id = substituteStageVariables(integration.connectionId, context.stageVariables);
  const link = context.vpcLinks?.link(id);
  if (!link) return { ok: false, reason: `VPC link ${JSON.stringify(id)} does not exist` };
  const origin = new URL(uri.origin);
  // Pools are leased at compile time, so that a request only picks one.
  const pools = link.targets.map((target) => context.lease.pool(`${origin.protocol}//${authority(target.host, target.port)}`, insecure));
  return { ok: true, dispatcher: new VpcLinkDispatcher(link, pools, origin.host) };
}
