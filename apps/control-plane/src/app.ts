import { randomUUID } from 'node:crypto';
import type { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { pino } from 'pino';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppModule } from './app.module.js';
import { AdminErrorFilter } from './common/admin-error.filter.js';
import { answerClientError } from './common/client-error.js';
import { DatabaseAvailability } from './common/database-availability.js';
import { registerRequestBodyParser } from './common/request-body.js';
import type { ControlPlaneConfig } from './config.js';
import { defaultConsoleDir, registerConsole } from './platform/console/serve-console.js';
import { registerAdminRequestLog } from './platform/observability/admin-request-log.js';
import { ControlPlaneMetrics } from './platform/observability/control-plane-metrics.js';
import { createControlPlaneLogger, PinoNestLogger, type LogThreshold } from './platform/observability/logger.js';

const MAX_PARAM_LENGTH = 16 * 1024;

export interface CreateControlPlaneOptions {
  /** Which levels to write; tests pass `['error']` or `false`. Default: `config.logLevel` (PORTICO_LOG_LEVEL). */
  logger?: false | LogLevel[];
  /** The pino logger to write to (main.ts shares its own); one is made from the level otherwise. */
  log?: pino.Logger;
}

// Nest's level names → pino's, most severe first.
const NEST_LEVELS: [LogLevel, LogThreshold][] = [['fatal', 'fatal'], ['error', 'error'], ['warn', 'warn'], ['log', 'info'], ['debug', 'debug'], ['verbose', 'trace']];

function threshold(config: ControlPlaneConfig, levels: false | LogLevel[] | undefined): LogThreshold {
  if (levels === undefined) return config.logLevel ?? 'info';
  if (levels === false) return 'silent';
  return NEST_LEVELS.filter(([nest]) => levels.includes(nest)).at(-1)?.[1] ?? 'silent';
}

/**
 * Builds the control plane (not yet listening): Fastify with AWS's 10 MB body limit, raw bodies kept for SigV4,
 * one error filter, a request id on every response (`x-amzn-RequestId`, as AWS sends), a JSON log line per admin
 * request and `/metrics`.
 */
export async function createControlPlane(config: ControlPlaneConfig, options: CreateControlPlaneOptions = {}): Promise<NestFastifyApplication> {
  const log = options.log ?? createControlPlaneLogger(threshold(config, options.logger));
  // Bound once the app exists: Fastify's router errors (bad percent-encoding, over-long parameter) are raised
  // before any hook or Nest layer runs, and must still be AWS-shaped.
  const late: { filter?: AdminErrorFilter } = {};
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    // Parameters are bounded by Node's 16 KB header limit, not here: an over-long id reaches the route and is
    // answered by PathParameterGuard with the "Invalid … identifier" AWS gives an unknown id.
    routerOptions: { caseSensitive: true, maxParamLength: MAX_PARAM_LENGTH },
    clientErrorHandler: answerClientError,
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => (late.filter ?? new AdminErrorFilter()).send(error, request, reply),
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    bodyParser: false,
    // Start-up failures (database unreachable, migrations failing) reject here instead of aborting the process,
    // so that the caller decides how to report them.
    abortOnError: false,
    logger: new PinoNestLogger(log),
  });
  const fastify = app.getHttpAdapter().getInstance();
  registerRequestBodyParser(fastify, config.bodyLimitBytes);
  fastify.addHook('onRequest', (_request, reply, done) => {
    reply.header('x-amzn-RequestId', randomUUID());
    done();
  });
  late.filter = new AdminErrorFilter(app.get(DatabaseAvailability));
  const metrics = app.get(ControlPlaneMetrics);
  registerAdminRequestLog(fastify, log, metrics);
  // Prometheus scraping: a plain route, outside the SigV4 guard like /health (no secrets in it).
  fastify.get('/metrics', async (_request, reply) => {
    await reply.header('content-type', metrics.contentType).send(await metrics.render());
  });
  // The web console's static files, under /console/ (outside the admin guard: they carry no data).
  registerConsole(fastify, config.consoleDir ?? defaultConsoleDir());
  app.useGlobalFilters(late.filter);
  await app.init();
  return app;
}
