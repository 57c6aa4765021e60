import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ConfigDocument } from '@portico/contracts';
import { OriginPools } from '@portico/engine-integrations';
import { createFunctionRunner } from '@portico/engine-lambda';
import { AccessLogWriter, type LineSink } from './access-log/access-log-writer.js';
import type { DataPlaneConfig } from './config.js';
import { ConfigLoader, type ApplyOutcome } from './config-loader/config-loader.js';
import { CustomDomains, DecisionTrailRing, GatewayHolder } from '@portico/gateway-core';
import { randomBytes } from 'node:crypto';
import { DecisionTrailIndex } from './decisions/decision-trail-index.js';
import { DEFAULT_DECISION_TRAIL, redisOf } from './config.js';
import { reportInvokeFailures } from './functions/report-invoke-failures.js';
import { InvokeServer } from './invoke/invoke-server.js';
import { createLogger, errorMessage, redisLog, type Logger } from './logger.js';
import { GatewayMetrics } from './metrics/gateway-metrics.js';
import { ThrottleMetrics } from './metrics/throttle-metrics.js';
import { compileGateway, type RequestRecord } from '@portico/gateway-rest';
import type { DataPlaneStatus } from './status/data-plane-status.js';
import { NestLogger } from './status/nest-logger.js';
import { StatusModule } from './status/status.module.js';
import { createThrottleStore } from './throttling/create-throttle-store.js';
import { createAuthorizerRuntime } from './authorizers/create-authorizer-runtime.js';
import { createStageCache } from './stage-cache/create-stage-cache.js';
import { createTracing } from './tracing/create-tracing.js';
import { createHttpApiRuntime, httpApisOf, serveHttpApis } from './http-apis/serve-http-apis.js';
import { websocketApiSnapshotsFrom } from '@portico/gateway-websocket';
import { createWebSocketRuntime } from './websocket-apis/create-websocket-runtime.js';
import { serveWebSocketApis } from './websocket-apis/serve-websocket-apis.js';
import { serveCustomDomains } from './invoke/serve-custom-domains.js';
import { DEFAULT_VPC_LINK_HEALTH, VpcLinkHealthChecker } from './vpc-links/vpc-link-health.js';
import { registerVpcLinkMetrics } from './vpc-links/vpc-link-metrics.js';

export type { DataPlaneConfig } from './config.js';
export { DataPlaneConfigError, loadDataPlaneConfig } from './config.js';
export type { ApplyOutcome } from './config-loader/config-loader.js';

export interface DataPlane {
  /** Loads the first config document (cache fallback), then opens both listeners. */
  listen(): Promise<{ invokePort: number; statusPort: number; config: ApplyOutcome }>;
  /** Graceful stop: no new connections, in-flight requests finish (up to the shutdown timeout), then close. */
  close(): Promise<{ drained: boolean }>;
  /** Checks the config source now (what a change event or SIGHUP does). */
  reload(): Promise<ApplyOutcome>;
  /** Revision being served, undefined before the first load. */
  revision(): string | undefined;
}

export interface CreateDataPlaneOptions {
  /** Operational logs; JSON lines on stderr (pino, at `config.logLevel`) by default. */
  logger?: Logger;
  /** Access-log lines; stdout by default. */
  accessLogSink?: LineSink;
}

/**
 * Wires the data plane: the config loader feeds compiled gateways into one holder, a bare node:http listener
 * serves invokes from it, and Nest (on Fastify) serves /health and /metrics on the status port and owns the
 * status side's life cycle. Nothing here runs per request except the holder's hand-off and `observe`.
 */
export async function createDataPlane(config: DataPlaneConfig, options: CreateDataPlaneOptions = {}): Promise<DataPlane> {
  const log = options.logger ?? createLogger(config.logLevel);
  // First: a plugin that cannot load stops start-up before any connection is opened.
  const authorizers = await createAuthorizerRuntime(config, log);
  const metrics = new GatewayMetrics();
  const throttleMetrics = new ThrottleMetrics(metrics.registry);
  const throttling = createThrottleStore(config, log, (event) => throttleMetrics.record(event));
  const accessLog = new AccessLogWriter(options.accessLogSink);
  const stageCache = createStageCache(config, log);
  // Off unless an OTLP endpoint is configured; then every config revision compiles its steps with spans.
  const tracing = config.tracing ? createTracing() : undefined;
  // One runner for every config revision: local functions stay warm across swaps.
  const functions = reportInvokeFailures(
    createFunctionRunner({
      functionsDir: config.functionsDir,
      lambdaEndpoint: config.lambdaEndpoint,
      region: config.region,
      accountId: config.accountId,
    }),
    log,
  );
  // The app's own pools (not the pipeline's process-wide default), so that shutdown can abort them at its deadline.
  const originPools = new OriginPools();
  // VPC link targets are health-checked here, off the request path; each compile first gives it the document's links.
  const vpcLinks = new VpcLinkHealthChecker(config.vpcLinkHealthCheck ?? DEFAULT_VPC_LINK_HEALTH, log);
  registerVpcLinkMetrics(metrics.registry, vpcLinks);
  const holder = new GatewayHolder((error, revision) =>
    log.log('warn', 'closing a replaced gateway failed', { revision, error: errorMessage(error) }),
  );
  // With request metrics off, only access-logged stages are observed (the pipeline builds no record otherwise).
  const requestMetrics = config.requestMetrics !== false;
  const observe = requestMetrics
    ? (record: RequestRecord): void => {
        metrics.observe(record);
        if (record.accessLogFormat) accessLog.write(record);
      }
    : (record: RequestRecord): void => accessLog.write(record);
  const httpApis = createHttpApiRuntime({ jwksRefreshIntervalMs: config.jwksRefreshIntervalMs });
  // The decision trail (GET /portico/requests/{id}): a bounded ring of this replica's gateway-generated answers;
  // with Redis, each recorded request id is announced there so that a control plane finds this replica.
  const replicaId = randomBytes(8).toString('hex');
  const trailSettings = config.decisionTrail ?? DEFAULT_DECISION_TRAIL;
  const redis = redisOf(config);
  const trailIndex =
    trailSettings.enabled && redis
      ? DecisionTrailIndex.connect(redis, { replica: replicaId, ...(config.statusAdvertiseUrl ? { statusUrl: config.statusAdvertiseUrl } : {}) }, trailSettings.retentionMs, log, redisLog(log))
      : undefined;
  const decisions = trailSettings.enabled
    ? new DecisionTrailRing({ size: trailSettings.size, retentionMs: trailSettings.retentionMs, onRecord: trailIndex ? (trail) => trailIndex.add(trail.requestId) : undefined })
    : undefined;
  // Process-wide: WebSocket connections outlive config revisions.
  const websockets = createWebSocketRuntime(config, log, metrics.registry, (record) => accessLog.write(record as never));
  const loader = new ConfigLoader({
    config,
    holder,
    metrics,
    log,
    compile: (document, raw) => {
      // HTTP and WebSocket API snapshots first: a malformed one refuses the document before anything is compiled
      // (one that is well-formed but does not compile is refused alone, below).
      const apis = httpApisOf(raw);
      const websocketApis = websocketApiSnapshotsFrom(raw);
      vpcLinks.update(document.vpcLinks ?? []);
      const rest = compileGateway(document, {
        region: config.region,
        accountId: config.accountId,
        observe,
        observeOnlyAccessLogged: !requestMetrics,
        decisions,
        throttle: throttling.store,
        throttleKeys: throttling.keys,
        originPools,
        vpcLinks,
        functionRunner: functions,
        iam: config.iam,
        authorizers: authorizers.options,
        stageCache: stageCache.cache,
        tracer: tracing?.tracer,
        onWarning: (message) => log.log('warn', message, { revision: document.revision }),
        onError: (error) => log.log('error', 'request failed inside the pipeline (answered 500)', { error: errorMessage(error) }),
      });
      const served = serveHttpApis(rest, document, apis, {
        region: config.region,
        accountId: config.accountId,
        runtime: httpApis,
        originPools,
        vpcLinks,
        functionRunner: functions,
        throttle: throttling.store,
        throttleKeys: throttling.keys,
        clockSkewMs: config.iam?.clockSkewMs,
        observe,
        observeOnlyAccessLogged: !requestMetrics,
        decisions,
        onWarning: (message) => log.log('warn', message, { revision: document.revision }),
        onError: (error) => log.log('error', 'HTTP API request failed inside the pipeline (answered 500)', { error: errorMessage(error) }),
      });
      // Custom domains are compiled once for every protocol: the invoke path dispatches a mapped request by API id.
      const domains = CustomDomains.compile(document.domainNames ?? []);
      const protocols = serveWebSocketApis(served, document, websocketApis, {
        region: config.region,
        accountId: config.accountId,
        runtime: websockets,
        functionRunner: functions,
        clockSkewMs: config.iam?.clockSkewMs,
        domains,
        throttle: throttling.store,
        throttleKeys: throttling.keys,
        onProblem: ({ scope, reason, ...where }) =>
          log.log('error', scope === 'stage' ? 'WebSocket API stage does not compile; its upgrades answer 500, the rest of the document serves' : 'WebSocket integration does not compile; its routes answer 500, the rest of the document serves', {
            revision: document.revision,
            ...where,
            reason,
          }),
      });
      return serveCustomDomains(protocols, domains);
    },
    onApplied: (document: ConfigDocument) => {
      metrics.setApiNames(new Map(Object.values(document.deployments).map((d) => [d.restApiId, d.api.name])));
      accessLog.retainOnly(new Set(document.stages.flatMap((s) => (s.accessLogSettings?.format ? [s.accessLogSettings.format] : []))));
    },
  });
  const invoke = new InvokeServer(holder, config.invokeTimeouts);
  invoke.onUpgrade((req, socket, head) => websockets.upgrade(req, socket, head));
  let closing: Promise<{ drained: boolean }> | undefined;
  const status: DataPlaneStatus = {
    revision: () => holder.revision,
    lastRejected: () => loader.lastRejected(),
    draining: () => closing !== undefined,
    metrics: async () => ({ contentType: metrics.contentType, body: await metrics.render() }),
    decisionTrail: (requestId) => decisions?.get(requestId),
    statusToken: config.source.kind === 'control-plane' ? config.source.token : undefined,
  };
  const nest = await NestFactory.create<NestFastifyApplication>(StatusModule.forRoot(status), new FastifyAdapter(), {
    logger: new NestLogger(log),
  });

  return {
    async listen() {
      let first: ApplyOutcome;
      try {
        await websockets.start();
        first = await loader.start();
      } catch (error) {
        await nest.close();
        await websockets.close(0);
        await throttling.close();
        await functions.close();
        await authorizers.close();
        await stageCache.close();
        await tracing?.close();
        await trailIndex?.close();
        throw error;
      }
      const invokePort = await invoke.listen(config.dataPlanePort, config.host);
      await nest.listen({ port: config.statusPort, host: config.host });
      const statusPort = (nest.getHttpServer().address() as { port: number }).port;
      loader.advertiseStatus(config.statusAdvertiseUrl ?? String(statusPort), replicaId);
      log.log('info', 'data plane listening', {
        invokePort,
        statusPort,
        source: config.source.kind === 'file' ? `file ${config.source.path}` : `control plane ${config.source.url}`,
        tracing: config.tracing ? `OTLP ${config.tracing.endpoint}` : 'off',
        changeEvents: config.source.kind === 'control-plane' ? (config.redisUrl ? 'redis' : 'polling only') : 'file polling',
        revision: holder.revision ?? null,
      });
      return { invokePort, statusPort, config: first };
    },
    close() {
      closing ??= (async () => {
        // At the deadline, whatever still waits on a slow backend or function is aborted, at the pool/agent
        // level (whatever the integration): closing them gracefully would wait for those answers, and so would
        // a request whose client is already gone.
        let aborted = false;
        let onDeadline: () => void = () => undefined;
        const deadlinePassed = new Promise<void>((resolve) => (onDeadline = resolve));
        const deadline = setTimeout(() => {
          aborted = true;
          void originPools.destroy(new Error('aborted at the shutdown timeout'));
          functions.close({ abort: true }).catch(() => undefined);
          onDeadline();
        }, config.shutdownTimeoutMs);
        try {
          // WebSocket connections first (1001, then their $disconnect): upgraded sockets would hold the listener open.
          const sockets = await websockets.close(config.shutdownTimeoutMs);
          // Invoke side next, so that health keeps answering while requests drain.
          const invokeResult = await invoke.close(config.shutdownTimeoutMs);
          const result = { drained: invokeResult.drained && sockets.drained };
          await loader.stop();
          vpcLinks.close();
          // A gateway still closing at the deadline (its pools waiting on upstream requests) is closed by force.
          if (result.drained) await Promise.race([holder.close(), deadlinePassed]);
          if (!result.drained || aborted) await holder.forceClose();
          // Leased tokens go back to the shared buckets once no request can use them.
          await throttling.close();
          if (!aborted) await functions.close();
          await authorizers.close();
          await trailIndex?.close();
          await stageCache.close();
          // Spans of the last requests are exported before the process goes.
          await tracing?.close().catch((error: unknown) => log.log('warn', 'exporting the last spans failed', { error: errorMessage(error) }));
          accessLog.flush();
          await nest.close();
          return { drained: result.drained && !aborted };
        } finally {
          clearTimeout(deadline);
        }
      })();
      return closing;
    },
    reload: () => loader.refresh(),
    revision: () => holder.revision,
  };
}
