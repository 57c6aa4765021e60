import { randomUUID } from 'node:crypto';
import type { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';
import { AdminErrorFilter } from './common/admin-error.filter.js';
import { registerRequestBodyParser } from './common/request-body.js';
import type { ControlPlaneConfig } from './config.js';

export interface CreateControlPlaneOptions {
  /** Nest's logger levels; tests pass `['error']` or `false`. */
  logger?: false | LogLevel[];
}

/**
 * Builds the control plane (not yet listening): Fastify with AWS's 10 MB body limit, raw bodies kept for SigV4,
 * one error filter, and a request id on every response (`x-amzn-RequestId`, as AWS sends).
 */
export async function createControlPlane(config: ControlPlaneConfig, options: CreateControlPlaneOptions = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: config.bodyLimitBytes, routerOptions: { caseSensitive: true, maxParamLength: 2048 } });
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
  app.useGlobalFilters(new AdminErrorFilter());
  await app.init();
  return app;
}
