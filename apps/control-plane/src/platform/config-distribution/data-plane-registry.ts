import { Injectable } from '@nestjs/common';

/** A data plane not heard from for this long (it polls every few seconds) is forgotten. */
export const DATA_PLANE_FORGET_MS = 2 * 60_000;
const MAX_DATA_PLANES = 1000;

/**
 * The data planes that fetch the config document from this control plane, by the status address each advertises
 * (`x-portico-status`: its status URL, or just its status port on the address the request came from). The console's
 * traffic charts are gathered from their /metrics. In memory: a control plane knows the replicas that poll it.
 */
@Injectable()
export class DataPlaneRegistry {
  private readonly seen = new Map<string, number>();
  /** Replica id (`x-portico-replica`) → status URL: how a decision trail's location in Redis is resolved. */
  private readonly replicas = new Map<string, string>();

  /** Called on every authenticated config fetch; a malformed advertisement is ignored. */
  record(advertisement: string | undefined, remoteAddress: string | undefined, now = Date.now(), replica?: string): void {
    const url = statusUrl(advertisement, remoteAddress);
    if (!url) return;
    if (!this.seen.has(url) && this.seen.size >= MAX_DATA_PLANES) this.prune(now);
    if (!this.seen.has(url) && this.seen.size >= MAX_DATA_PLANES) return;
    this.seen.set(url, now);
    if (replica !== undefined && /^[0-9a-f]{16}$/.test(replica)) {
      if (!this.replicas.has(replica) && this.replicas.size >= MAX_DATA_PLANES) this.prune(now);
      if (this.replicas.size < MAX_DATA_PLANES || this.replicas.has(replica)) this.replicas.set(replica, url);
    }
  }

  /** The status URL of a replica by its id, if it polls this control plane. */
  statusUrlOf(replica: string, now = Date.now()): string | undefined {
    this.prune(now);
    return this.replicas.get(replica);
  }

  /** Status URLs heard from recently, without a trailing slash. */
  statusUrls(now = Date.now()): string[] {
    this.prune(now);
    return [...this.seen.keys()];
  }

  private prune(now: number): void {
    for (const [url, at] of this.seen) if (now - at > DATA_PLANE_FORGET_MS) this.seen.delete(url);
    for (const [replica, url] of this.replicas) if (!this.seen.has(url)) this.replicas.delete(replica);
  }
}

export function statusUrl(advertisement: string | undefined, remoteAddress: string | undefined): string | undefined {
  if (!advertisement) return undefined;
  if (/^\d{1,5}$/.test(advertisement)) {
    const port = Number(advertisement);
    if (port < 1 || port > 65_535 || !remoteAddress) return undefined;
    const host = remoteAddress.startsWith('::ffff:') ? remoteAddress.slice(7) : remoteAddress;
    return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  }
  return /^https?:\/\/[^\s/]+$/.test(advertisement) ? advertisement : undefined;
}
