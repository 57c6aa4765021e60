import { readFile, stat } from 'node:fs/promises';
import { CONFIG_SCHEMA_VERSIONS, readConfigDocument, restConfigDocument, type ConfigDocument } from '@portico/contracts';
import { redisOf, type DataPlaneConfig } from '../config.js';
import { errorMessage, type Logger } from '../logger.js';
import type { ConfigOrigin, GatewayMetrics } from '../metrics/gateway-metrics.js';
import type { CompiledGateway, GatewayHolder } from '@portico/gateway-core';
import { readJsonFile, writeConfigCache } from './config-cache.js';
import { ConfigChangeSubscriber } from './config-change-subscriber.js';
import { fetchConfigDocument } from './fetch-config-document.js';
import { readOpenApiConfig } from './openapi-config-document.js';

export type ApplyOutcome =
  | { kind: 'applied'; revision: string }
  | { kind: 'unchanged'; revision: string }
  | { kind: 'rejected'; message: string }
  | { kind: 'unavailable'; message: string };

/** The newest document refused (until one is swapped in): /health/ready reports it. */
export interface RejectedDocument {
  origin: ConfigOrigin;
  reason: 'invalid' | 'compile' | 'schema-version';
  /** As the document stated it (not necessarily a number). */
  schemaVersion?: unknown;
  revision?: string;
  message: string;
  /** ISO 8601. */
  at: string;
}

export interface ConfigLoaderDeps {
  config: DataPlaneConfig;
  holder: GatewayHolder;
  metrics: GatewayMetrics;
  log: Logger;
  /**
   * Compiles a validated document's REST view (throws when it does not compile); runs here, never on the request
   * path. Whatever schema version was received, the compiler gets the v1-shaped REST view it always had; `raw` is
   * the document as received, for the parts the v1 view does not carry (HTTP APIs).
   */
  compile(document: ConfigDocument, raw: unknown): CompiledGateway;
  /** Told about every document swapped in (API names for metrics, access-log formats). */
  onApplied(document: ConfigDocument): void;
}

// How long one fetch of the config document may take: building and sending a large document (1,000 APIs and
// 100,000 API keys: ~8 s on a loaded 2-core machine, README "Config document at scale") must fit.
const DEFAULT_FETCH_TIMEOUT_MS = 60_000;

/**
 * Keeps the holder's gateway in step with the config source (STYLE.md §9, Kong's last-known-good):
 * - control plane: fetch with the ETag at start, on every Redis change event and every poll interval; each new
 *   document is written to the disk cache; at start, if the control plane cannot be reached, the cache serves.
 * - standalone file: read at start (a bad file fails the start), re-read when it changes on disk.
 * A document that fails validation or compilation is reported and never swapped in: the previous one serves on.
 */
export class ConfigLoader {
  private statusAdvertisement?: string;
  private replicaId?: string;
  private etag: string | undefined;
  private running: Promise<ApplyOutcome> | undefined;
  private queued: Promise<ApplyOutcome> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private subscriber: ConfigChangeSubscriber | undefined;
  private fileStamp: string | undefined;
  private rejectedRevision: string | undefined;
  private rejected: RejectedDocument | undefined;
  private sourceFailing = false;
  private cacheWrite: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly deps: ConfigLoaderDeps) {}

  /** The newest document refused since the last one was swapped in, if any. */
  lastRejected(): RejectedDocument | undefined {
    return this.rejected;
  }

  /** First load, then change events and polling. Rejects only for a standalone file that does not load. */
  async start(): Promise<ApplyOutcome> {
    const { config, log } = this.deps;
    let first = await this.refresh();
    if (config.source.kind === 'file') {
      if (first.kind !== 'applied' && first.kind !== 'unchanged') {
        throw new Error(`PORTICO_CONFIG_FILE ${config.source.path}: ${first.message}`);
      }
    } else if (first.kind !== 'applied' && first.kind !== 'unchanged') {
      const cached = await this.loadCache();
      if (cached.kind === 'applied' || cached.kind === 'unchanged') {
        log.log('warn', 'serving the cached config document until the control plane answers', {
          cache: config.configCachePath,
          revision: cached.revision,
        });
        first = cached;
      } else {
        log.log('warn', 'no config document yet: /health/ready stays red until one loads', { cache: cached.message });
      }
    }
    this.timer = setInterval(() => void this.refresh(), config.pollIntervalMs);
    this.timer.unref();
    const redis = redisOf(config);
    if (config.source.kind === 'control-plane' && redis) {
      this.subscriber = new ConfigChangeSubscriber(
        redis,
        log,
        (revision) => {
          if (revision !== this.deps.holder.revision) void this.refresh();
        },
        () => void this.refresh(),
      );
      this.subscriber.start();
    }
    return first;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.subscriber?.stop();
    await this.running?.catch(() => undefined);
    await this.cacheWrite;
  }

  /** Sent with every later fetch once the status listener is up (see fetchConfigDocument). */
  advertiseStatus(advertisement: string, replicaId?: string): void {
    this.statusAdvertisement = advertisement;
    this.replicaId = replicaId;
  }

  /**
   * Checks the source now. Calls made while a check runs share one follow-up check, so a burst of change events
   * costs at most two fetches and none is lost.
   */
  refresh(): Promise<ApplyOutcome> {
    if (this.queued) return this.queued;
    if (!this.running) return this.run();
    this.queued = this.running.then(() => {
      this.queued = undefined;
      return this.run();
    });
    return this.queued;
  }

  private run(): Promise<ApplyOutcome> {
    const p = (this.deps.config.source.kind === 'file' ? this.checkFile() : this.fetchFromControlPlane()).finally(() => {
      if (this.running === p) this.running = undefined;
    });
    this.running = p;
    return p;
  }

  private async fetchFromControlPlane(): Promise<ApplyOutcome> {
    const { config, log, metrics } = this.deps;
    if (config.source.kind !== 'control-plane' || this.stopped) return { kind: 'unavailable', message: 'stopped' };
    const result = await fetchConfigDocument(config.source, this.etag, config.configFetchTimeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS, this.statusAdvertisement, this.replicaId);
    if (result.kind === 'error') {
      metrics.configFailed('control-plane', 'fetch');
      if (!this.sourceFailing) log.log('warn', 'cannot fetch the config document; the current one keeps serving', { error: result.message });
      this.sourceFailing = true;
      return { kind: 'unavailable', message: result.message };
    }
    if (this.sourceFailing) log.log('info', 'control plane reachable again', { url: config.source.url });
    this.sourceFailing = false;
    if (result.kind === 'not-modified') return { kind: 'unchanged', revision: this.deps.holder.revision ?? '' };
    const outcome = this.apply(result.body, 'control-plane', false);
    if (outcome.kind === 'applied') {
      this.etag = result.etag ?? `"${outcome.revision}"`;
      const body = result.body;
      this.cacheWrite = this.cacheWrite.then(() =>
        writeConfigCache(config.configCachePath, body).catch((error: unknown) =>
          log.log('error', 'cannot write the config cache', { cache: config.configCachePath, error: errorMessage(error) }),
        ),
      );
    }
    return outcome;
  }

  private async loadCache(): Promise<ApplyOutcome> {
    const read = await readJsonFile(this.deps.config.configCachePath);
    if (read.kind === 'missing') return { kind: 'unavailable', message: `no cache at ${this.deps.config.configCachePath}` };
    if (read.kind === 'error') {
      this.deps.metrics.configFailed('cache', 'read');
      return { kind: 'unavailable', message: read.message };
    }
    const outcome = this.apply(read.body, 'cache', false);
    if (outcome.kind === 'applied') this.etag = `"${outcome.revision}"`;
    return outcome;
  }

  // The file is re-read when its size or modification time changes (an editor's save or an atomic rename).
  private async checkFile(): Promise<ApplyOutcome> {
    const { config, metrics } = this.deps;
    if (config.source.kind !== 'file') return { kind: 'unavailable', message: 'not in standalone mode' };
    const path = config.source.path;
    let stamp: string;
    try {
      const s = await stat(path);
      stamp = `${s.size}:${s.mtimeMs}:${s.ino}`;
    } catch (error) {
      if (this.fileStamp !== undefined) return { kind: 'unchanged', revision: this.deps.holder.revision ?? '' };
      metrics.configFailed('file', 'read');
      return { kind: 'unavailable', message: errorMessage(error) };
    }
    if (stamp === this.fileStamp) return { kind: 'unchanged', revision: this.deps.holder.revision ?? '' };
    this.fileStamp = stamp;
    const openApi = await this.readOpenApiFile(path);
    if (openApi) return openApi;
    const read = await readJsonFile(path);
    if (read.kind !== 'document') {
      metrics.configFailed('file', 'read');
      const message = read.kind === 'missing' ? `${path} does not exist` : read.message;
      this.deps.log.log('error', 'config file rejected; the current document keeps serving', { file: path, error: message });
      return { kind: 'rejected', message };
    }
    return this.apply(read.body, 'file', true);
  }

  /** An OpenAPI file compiled into a config document (undefined: the file is not OpenAPI). */
  private async readOpenApiFile(path: string): Promise<ApplyOutcome | undefined> {
    const { config, log, metrics } = this.deps;
    if (config.source.kind !== 'file') return undefined;
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      return undefined;
    }
    const read = readOpenApiConfig(text, { restApiId: config.source.openApiRestApiId, stageName: config.source.openApiStageName ?? 'prod', region: config.region, accountId: config.accountId });
    if (read.kind === 'not-openapi') return undefined;
    if (read.kind === 'error') {
      metrics.configFailed('file', 'invalid');
      log.log('error', 'OpenAPI file rejected; the current document keeps serving', { file: path, error: read.message });
      return { kind: 'rejected', message: read.message };
    }
    for (const warning of read.warnings) log.log('warn', 'OpenAPI import warning', { file: path, warning });
    const outcome = this.apply(read.body, 'file', true);
    if (outcome.kind === 'applied') log.log('info', 'serving OpenAPI file', { file: path, restApiId: read.restApiId, stage: config.source.openApiStageName ?? 'prod' });
    return outcome;
  }

  /**
   * Validate, compile, swap — or report and keep the current gateway. The schema version is checked first: a
   * document of a version this build does not read is refused whole, before anything else of it is looked at.
   */
  private apply(body: unknown, origin: ConfigOrigin, force: boolean): ApplyOutcome {
    const { holder, metrics, log } = this.deps;
    const read = readConfigDocument(body);
    if (read.kind === 'unsupported') {
      const message = `config document schema version ${JSON.stringify(read.schemaVersion) ?? 'missing'} is not one this data plane reads (${CONFIG_SCHEMA_VERSIONS.join(', ')})`;
      return this.reject(origin, 'schema-version', read.revision, message, read.schemaVersion);
    }
    if (read.kind === 'invalid') {
      return this.reject(origin, 'invalid', read.revision, `invalid config document (schema version ${read.schemaVersion}): ${read.issues}`, read.schemaVersion);
    }
    const document = read.v1 ?? restConfigDocument(read.document);
    if (!force && document.revision === holder.revision) return { kind: 'unchanged', revision: document.revision };
    let gateway: CompiledGateway;
    try {
      gateway = this.deps.compile(document, body);
    } catch (error) {
      return this.reject(origin, 'compile', document.revision, `config document does not compile: ${errorMessage(error)}`, read.schemaVersion);
    }
    holder.swap(gateway);
    this.rejectedRevision = undefined;
    this.rejected = undefined;
    this.deps.onApplied(document);
    metrics.configLoaded(document.revision, origin, new Date());
    log.log('info', 'config document loaded', { origin, revision: document.revision, schemaVersion: read.schemaVersion, stages: document.stages.length });
    return { kind: 'applied', revision: document.revision };
  }

  private reject(origin: ConfigOrigin, reason: RejectedDocument['reason'], revision: string | undefined, message: string, schemaVersion?: unknown): ApplyOutcome {
    const serving = this.deps.holder.revision !== undefined;
    // A rejected revision stays on the control plane until the next deployment; report it once, not every poll.
    if (revision === undefined || revision !== this.rejectedRevision || origin === 'file') {
      this.deps.metrics.configFailed(origin, reason);
      this.deps.log.log('error', serving ? 'config document rejected; the current one keeps serving' : 'config document rejected; nothing to serve yet', {
        origin,
        revision,
        schemaVersion,
        servingRevision: this.deps.holder.revision ?? null,
        error: message,
      });
    }
    this.deps.metrics.configRejected(serving, reason === 'schema-version' ? schemaVersion : undefined);
    this.rejected = { origin, reason, schemaVersion, revision, message, at: new Date().toISOString() };
    this.rejectedRevision = revision;
    return { kind: 'rejected', message };
  }
}
