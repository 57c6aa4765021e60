import { randomUUID } from 'node:crypto';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { Prisma } from '@portico/db';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isAwsError } from './aws-error.js';
import { awsOperationOf } from './aws-operations.js';
import { DATABASE_RETRY_AFTER_SECONDS, type DatabaseAvailability } from './database-availability.js';
import { databaseUnavailableReason, isContentRejectedByDatabase } from './database-errors.js';
import { isWriteConflict } from './write-transaction.js';
import { ADMIN_ERRORS } from './admin-errors.js';

interface Rendered {
  status: number;
  type: string;
  message: string;
  /** Seconds, for 429/503: AWS sends `Retry-After` with both. */
  retryAfter?: number;
}

/** Status → AWS error code for framework errors that carry only a status (404 route, 413 body, …). */
const typeForStatus: Record<number, string> = {
  400: 'BadRequestException',
  401: 'UnauthorizedException',
  403: 'AccessDeniedException',
  404: 'NotFoundException',
  405: 'NotFoundException',
  409: 'ConflictException',
  413: 'RequestEntityTooLargeException',
  414: 'BadRequestException',
  415: 'UnsupportedMediaTypeException',
  429: 'TooManyRequestsException',
  503: 'ServiceUnavailableException',
};

/** Prisma error codes that mean "another request changed the same rows first". */
const CONCURRENT_MODIFICATION_CODES = new Set(['P2002', 'P2025', 'P2034']);

/** Fastify's router errors (raised before any route or hook runs) and the AWS texts they become. */
const FRAMEWORK_MESSAGES: Record<string, string> = {
  FST_ERR_BAD_URL: 'Invalid request path: it is not a valid percent-encoded URL',
  FST_ERR_MAX_PARAM_LENGTH: 'Request-URI Too Long',
};

/**
 * The one place where errors become HTTP (STYLE.md §6): every admin error is rendered as AWS's rest-json
 * protocol renders it — status, `x-amzn-ErrorType`, `x-amzn-RequestId` and `{"message": …}` — so that the AWS
 * SDK and CLI map it to the same exception class they would get from AWS. Anything unexpected is a 500 that is
 * logged with its stack; the process keeps serving. A database outage is a 503 with `Retry-After`, and a value
 * the database refuses a 400: neither is a 500.
 */
@Catch()
export class AdminErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('AdminErrorFilter');

  /** `availability` turns database outages into one log line each way (optional for unit tests). */
  constructor(private readonly availability?: DatabaseAvailability) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    this.send(error, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
  }

  /**
   * Renders `error` on `reply`. Also called for what never reaches Nest: Fastify's router errors (bad
   * percent-encoding, over-long parameters), which arrive before the hook that sets the request id.
   */
  send(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
    const rendered = this.render(error, request);
    if (reply.sent) return;
    if (!reply.hasHeader('x-amzn-RequestId')) reply.header('x-amzn-RequestId', randomUUID());
    if (rendered.retryAfter !== undefined) reply.header('Retry-After', String(rendered.retryAfter));
    reply
      .status(rendered.status)
      .header('x-amzn-ErrorType', rendered.type)
      .header('content-type', 'application/json')
      .send(JSON.stringify({ message: rendered.message }));
  }

  private render(error: unknown, request: FastifyRequest): Rendered {
    if (isAwsError(error)) {
      const retryAfter = error.status === 503 ? DATABASE_RETRY_AFTER_SECONDS : undefined;
      return { status: error.status, type: error.type, message: error.message, retryAfter };
    }
    const unavailable = databaseUnavailableReason(error);
    if (unavailable !== undefined) {
      // The request may be fine; the database is not. AWS answers its own outages this way, and SDKs retry it.
      // Logged once per outage (not per request) by DatabaseAvailability.
      this.availability?.reportUnavailable(unavailable);
      return { status: 503, type: 'ServiceUnavailableException', message: 'Service Unavailable. Please try again later.', retryAfter: DATABASE_RETRY_AFTER_SECONDS };
    }
    const frameworkCode = (error as { code?: unknown } | null)?.code;
    if (typeof frameworkCode === 'string' && frameworkCode in FRAMEWORK_MESSAGES) {
      const status = (error as { statusCode?: number }).statusCode ?? 400;
      return { status, type: typeForStatus[status] ?? 'BadRequestException', message: FRAMEWORK_MESSAGES[frameworkCode] };
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      if (status === 404) {
        // No route matched. An operation AWS has but Portico does not serve is named, so that the caller knows
        // what is missing (a 400 the SDKs model for every operation, never retried); anything else is unknown to
        // AWS too, which answers it with a 404 and this code.
        const operation = awsOperationOf(request.method, request.url);
        if (operation !== undefined) return { status: 400, type: 'BadRequestException', message: `${operation} is not supported by Portico` };
        return { status, type: 'UnknownOperationException', message: `No operation found for ${request.method} ${request.url.split('?')[0]}` };
      }
      if (status === 413) return { status, type: typeForStatus[413], message: 'Request Too Long' };
      if (status < 500) return { status, type: typeForStatus[status] ?? 'BadRequestException', message: error.message };
    }
    if ((error instanceof Prisma.PrismaClientKnownRequestError && CONCURRENT_MODIFICATION_CODES.has(error.code)) || isWriteConflict(error)) {
      // Two writers raced past the same check (unique key, row gone, serialization failure): AWS answers a lost
      // race with this conflict, and a retry sees the winner's result.
      return { status: 409, type: 'ConflictException', message: ADMIN_ERRORS.concurrentModification };
    }
    if (isContentRejectedByDatabase(error)) {
      // Validation should have refused this before the database did; the request is still bad input, never a
      // 500. Logged (without a stack) so that the missing check can be added.
      this.logger.warn(`Database refused the content of ${request.method} ${request.url.split('?')[0]}: ${(error as Error).message.split('\n').pop()}`);
      return { status: 400, type: 'BadRequestException', message: 'Invalid request: a value is not valid for this field' };
    }
    const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
    if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
      // Fastify's own errors (body limit, bad content-length) arrive here when Nest did not map them.
      const message = statusCode === 413 ? 'Request Too Long' : (error as Error).message;
      return { status: statusCode, type: typeForStatus[statusCode] ?? 'BadRequestException', message };
    }
    this.logger.error(`Unexpected error on ${request.method} ${request.url}`, error instanceof Error ? error.stack : String(error));
    return { status: 500, type: 'InternalServerErrorException', message: 'Internal server error' };
  }
}
