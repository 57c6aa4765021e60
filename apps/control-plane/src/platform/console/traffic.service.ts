import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { TrafficPointWire, TrafficWire } from '@portico/admin-wire';
import { DataPlaneRegistry } from '../config-distribution/data-plane-registry.js';
import { parseStageMetrics, type StageTotals } from './parse-stage-metrics.js';

const MINUTE_MS = 60_000;
const WINDOW_MINUTES = 60;
const SCRAPE_INTERVAL_MS = 15_000;
/** A chart request scrapes again when the last scrape is older than this (so the chart is current when looked at). */
const FRESH_MS = 2_000;
const SCRAPE_TIMEOUT_MS = 3_000;

interface Minute {
  count: number;
  clientErrors: number;
  serverErrors: number;
  latencySum: number;
  latencyCount: number;
}

/**
 * The console's traffic charts: every data plane the registry knows is scraped (its /metrics) every 15 s and when
 * a chart is asked for; the growth of each stage's counters since the previous scrape is added to the current
 * minute, and the last hour is kept. A data plane's counters that went down (it restarted) count from zero.
 * Not persisted: a restarted control plane starts a new hour.
 */
@Injectable()
export class TrafficService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('TrafficService');
  private readonly previous = new Map<string, Map<string, StageTotals>>();
  private readonly minutes = new Map<string, Map<number, Minute>>();
  private readonly unreachable = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private lastScrape = 0;
  private scraping: Promise<void> | undefined;

  constructor(private readonly registry: DataPlaneRegistry) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.scrape(), SCRAPE_INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async traffic(restApiId: string, stage: string, now = Date.now()): Promise<TrafficWire> {
    if (now - this.lastScrape > FRESH_MS) await this.scrape();
    const series = this.minutes.get(`${restApiId} ${stage}`);
    const current = Math.floor(now / MINUTE_MS);
    const points: TrafficPointWire[] = [];
    for (let m = current - WINDOW_MINUTES + 1; m <= current; m++) {
      const b = series?.get(m);
      points.push({
        time: (m * MINUTE_MS) / 1000,
        count: b?.count ?? 0,
        '4XXError': b?.clientErrors ?? 0,
        '5XXError': b?.serverErrors ?? 0,
        latency: b && b.latencyCount > 0 ? b.latencySum / b.latencyCount : 0,
      });
    }
    return { restApiId, stage, dataPlanes: this.registry.statusUrls().length, points };
  }

  /** One scrape of every known data plane at a time; callers during a scrape share it. */
  scrape(): Promise<void> {
    this.scraping ??= this.scrapeAll().finally(() => {
      this.scraping = undefined;
      this.lastScrape = Date.now();
    });
    return this.scraping;
  }

  private async scrapeAll(): Promise<void> {
    const urls = this.registry.statusUrls();
    for (const url of this.previous.keys()) if (!urls.includes(url)) this.previous.delete(url);
    await Promise.all(urls.map((url) => this.scrapeOne(url)));
    const oldest = Math.floor(Date.now() / MINUTE_MS) - WINDOW_MINUTES;
    for (const [key, series] of this.minutes) {
      for (const m of series.keys()) if (m <= oldest) series.delete(m);
      if (series.size === 0) this.minutes.delete(key);
    }
  }

  private async scrapeOne(url: string): Promise<void> {
    let text: string;
    try {
      const response = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(SCRAPE_TIMEOUT_MS) });
      if (!response.ok) throw new Error(`answered ${response.status}`);
      text = await response.text();
      if (this.unreachable.delete(url)) this.logger.log(`data plane metrics at ${url} reachable again`);
    } catch (error) {
      // Logged once per outage: a data plane that went away stays in the registry until it is forgotten.
      if (!this.unreachable.has(url)) this.logger.warn(`cannot read data plane metrics at ${url}: ${error instanceof Error ? error.message : String(error)}`);
      this.unreachable.add(url);
      return;
    }
    const totals = parseStageMetrics(text);
    const before = this.previous.get(url) ?? new Map<string, StageTotals>();
    const minute = Math.floor(Date.now() / MINUTE_MS);
    for (const [key, t] of totals) {
      const p = before.get(key);
      const restarted = p !== undefined && t.count < p.count;
      const base = p && !restarted ? p : { count: 0, clientErrors: 0, serverErrors: 0, latencySum: 0, latencyCount: 0 };
      const delta: Minute = {
        count: t.count - base.count,
        clientErrors: t.clientErrors - base.clientErrors,
        serverErrors: t.serverErrors - base.serverErrors,
        latencySum: t.latencySum - base.latencySum,
        latencyCount: t.latencyCount - base.latencyCount,
      };
      if (delta.count <= 0) continue;
      let series = this.minutes.get(key);
      if (!series) this.minutes.set(key, (series = new Map()));
      const b = series.get(minute) ?? { count: 0, clientErrors: 0, serverErrors: 0, latencySum: 0, latencyCount: 0 };
      b.count += delta.count;
      b.clientErrors += delta.clientErrors;
      b.serverErrors += delta.serverErrors;
      b.latencySum += delta.latencySum;
      b.latencyCount += delta.latencyCount;
      series.set(minute, b);
    }
    this.previous.set(url, totals);
  }
}
