import { randomUUID } from 'node:crypto';
import type { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppModule } from './app.module.js';
import { AdminErrorFilter } from './common/admin-error.filter.js';
import { answerClientError } from './common/client-error.js';
import { DatabaseAvailability } from './common/database-availability.js';
import { registerRequestBodyParser } from './common/request-body.js';
import type { ControlPlaneConfig } from './config.js';

const MAX_PARAM_LENGTH = 16 * 1024;

export interface CreateControlPlaneOptions {
  /** Nest's logger levels; tests pass `['error']` or `false`. */
  logger?: false | LogLevel[];
}

/**
 * Builds the control plane (not yet listening): Fastify with AWS's 10 MB body limit, raw bodies kept for SigV4,
 * one error filter, and a request id on every response (`x-amzn-RequestId`, as AWS sends).
 */
export async function createControlPlane(config: ControlPlaneConfig, options: CreateControlPlaneOptions = {}): Promise<NestFastifyApplication> {
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
    logger: options.logger ?? ['log', 'warn', 'error'],
  });
  const fastify = app.getHttpAdapter().getInstance();
  registerRequestBodyParser(fastify, config.bodyLimitBytes);
  fastify.addHook('onRequest', (_request, reply, done) => {
    reply.header('x-amzn-RequestId', randomUUID());
    done();
  });
  late.filter = new AdminErrorFilter(app.get(DatabaseAvailability));
  app.useGlobalFilters(late.filter);
  await app.init();
  return app;
}
