import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import type { VpcLinkConfig } from '@portico/contracts';
import { VpcLinkTargets, type VpcLinkDirectory, type VpcLinkTarget } from '@portico/engine-integrations';
import type { VpcLinkHealthSettings } from '../config.js';
import type { Logger } from '../logger.js';

export const DEFAULT_VPC_LINK_HEALTH: VpcLinkHealthSettings = { intervalMs: 10_000, timeoutMs: 2000, healthyThreshold: 2, unhealthyThreshold: 2 };

/** One probe: resolves true when the target answered as healthy within the timeout. Never rejects. */
export type Probe = (target: VpcLinkTarget, settings: VpcLinkHealthSettings) => Promise<boolean>;

/** TCP: the target accepts a connection. */
export const tcpProbe: Probe = (target, settings) =>
  new Promise((resolve) => {
    const socket = connect({ host: target.host, port: target.port });
    const done = (healthy: boolean) => {
      socket.destroy();
      resolve(healthy);
    };
    socket.setTimeout(settings.timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });

/** HTTP: `GET {path}` answered 200–399 (as an NLB's HTTP health check by default). */
export const httpProbe: Probe = (target, settings) =>
  new Promise((resolve) => {
    const req = httpRequest({ host: target.host, port: target.port, path: settings.path ?? '/', method: 'GET', timeout: settings.timeoutMs, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 400);
    });
    req.once('timeout', () => req.destroy(new Error('health check timed out')));
    req.once('error', () => resolve(false));
    req.end();
  });

interface CheckedLink {
  /** The targets as the document listed them: a link whose targets change is a new set (its health starts afresh). */
  readonly key: string;
  readonly link: VpcLinkTargets;
  readonly timer: NodeJS.Timeout;
  /** Consecutive results against the current state, per target. */
  readonly streaks: number[];
  readonly probing: boolean[];
}

/**
 * The data plane's VPC links with active health checks: per target a probe every interval (TCP connect, or HTTP
 * GET with `path`); a healthy target turns unhealthy after `unhealthyThreshold` failed probes in a row and back
 * after `healthyThreshold` good ones. The health lives in the links' `VpcLinkTargets`, which the compiled
 * integrations read per request; probing is here, off the request path. `update` runs before each config compile
 * and keeps links whose targets did not change (with their health) across config revisions.
 */
export class VpcLinkHealthChecker implements VpcLinkDirectory {
  private readonly links = new Map<string, CheckedLink>();
  private closed = false;

  constructor(
    private readonly settings: VpcLinkHealthSettings,
    private readonly log: Logger,
    private readonly probe: Probe = settings.path === undefined ? tcpProbe : httpProbe,
  ) {}

  link(id: string): VpcLinkTargets | undefined {
    return this.links.get(id)?.link;
  }

  update(configs: readonly VpcLinkConfig[]): void {
    if (this.closed) return;
    const seen = new Set<string>();
    for (const config of configs) {
      seen.add(config.id);
      const key = JSON.stringify(config.targets);
      const current = this.links.get(config.id);
      if (current?.key === key) continue;
      if (current) clearInterval(current.timer);
      const link = new VpcLinkTargets(config.id, config.targets);
      const checked: CheckedLink = {
        key,
        link,
        timer: setInterval(() => this.checkAll(checked), this.settings.intervalMs).unref(),
        streaks: config.targets.map(() => 0),
        probing: config.targets.map(() => false),
      };
      this.links.set(config.id, checked);
      // A first round at once, so that a target down from the start is found within one probe, not one interval.
      this.checkAll(checked);
    }
    for (const [id, checked] of this.links) {
      if (seen.has(id)) continue;
      clearInterval(checked.timer);
      this.links.delete(id);
    }
  }

  /** Every target of every link with its health (for /metrics). */
  *targets(): Iterable<{ vpcLinkId: string; target: string; healthy: boolean }> {
    for (const { link } of this.links.values()) {
      for (let i = 0; i < link.targets.length; i++) {
        const target = link.targets[i]!;
        yield { vpcLinkId: link.id, target: `${target.host}:${target.port}`, healthy: link.isHealthy(i) };
      }
    }
  }

  close(): void {
    this.closed = true;
    for (const checked of this.links.values()) clearInterval(checked.timer);
    this.links.clear();
  }

  private checkAll(checked: CheckedLink): void {
    checked.link.targets.forEach((target, index) => {
      // A probe still running (a slow target) is not doubled up.
      if (checked.probing[index]) return;
      checked.probing[index] = true;
      void this.probe(target, this.settings).then((ok) => {
        checked.probing[index] = false;
        if (this.links.get(checked.link.id) !== checked) return;
        this.record(checked, index, ok);
      });
    });
  }

  private record(checked: CheckedLink, index: number, ok: boolean): void {
    const healthy = checked.link.isHealthy(index);
    if (ok === healthy) {
      checked.streaks[index] = 0;
      return;
    }
    checked.streaks[index]! += 1;
    const threshold = healthy ? this.settings.unhealthyThreshold : this.settings.healthyThreshold;
    if (checked.streaks[index]! < threshold) return;
    checked.streaks[index] = 0;
    checked.link.setHealthy(index, ok);
    const target = checked.link.targets[index]!;
    this.log.log(ok ? 'info' : 'warn', ok ? 'VPC link target healthy again' : 'VPC link target unhealthy: no requests are sent to it', {
      vpcLinkId: checked.link.id,
      target: `${target.host}:${target.port}`,
      check: this.settings.path === undefined ? 'tcp' : `http GET ${this.settings.path}`,
    });
  }
}
