import type { FastifyInstance } from 'fastify';
import type { pino } from 'pino';
import type { AdminRequest } from '../../common/admin-request.js';
import { adminOperationName, signingAccessKeyId, UNLOGGED_ROUTES } from './admin-operations.js';
import type { ControlPlaneMetrics } from './control-plane-metrics.js';

const started = Symbol('portico.started');

/**
 * One log line and one metrics observation per admin request, when its response is sent: request id, AWS operation
 * name, the access key id it was signed with, status and duration. Never bodies, query values or headers beyond
 * those: secrets travel in all three.
 */
export function registerAdminRequestLog(fastify: FastifyInstance, log: pino.Logger, metrics: ControlPlaneMetrics): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    (request as unknown as Record<symbol, bigint>)[started] = process.hrtime.bigint();
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url;
    if (route !== undefined && UNLOGGED_ROUTES.has(route)) {
      done();
      return;
    }
    const begin = (request as unknown as Record<symbol, bigint | undefined>)[started];
    const seconds = begin === undefined ? 0 : Number(process.hrtime.bigint() - begin) / 1e9;
    const query = request.query as Record<string, unknown> | undefined;
    const operation = adminOperationName(request.method, route, query, (request as AdminRequest).rawBody);
    const status = reply.statusCode;
    metrics.adminRequest(operation, status, seconds);
    // Data planes poll the config document every few seconds: their successful fetches go to debug.
    const level = status >= 500 ? 'error' : operation === 'PorticoGetConfigDocument' && status < 400 ? 'debug' : 'info';
    log[level](
      {
        requestId: reply.getHeader('x-amzn-RequestId'),
        operation,
        principal: signingAccessKeyId(request.headers.authorization, query) ?? null,
        status,
        durationMs: Math.round(seconds * 1e6) / 1e3,
      },
      'admin request',
    );
    done();
  });
}
