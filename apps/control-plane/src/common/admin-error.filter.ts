import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { Prisma } from '@portico/db';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isAwsError } from './aws-error.js';
import { isWriteConflict } from './write-transaction.js';

interface Rendered {
  status: number;
  type: string;
  message: string;
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
  415: 'UnsupportedMediaTypeException',
  429: 'TooManyRequestsException',
  503: 'ServiceUnavailableException',
};

/** Prisma error codes that mean "another request changed the same rows first". */
const CONCURRENT_MODIFICATION_CODES = new Set(['P2002', 'P2025', 'P2034']);

/**
 * The one place where errors become HTTP (STYLE.md §6): every admin error is rendered as AWS's rest-json
 * protocol renders it — status, `x-amzn-ErrorType`, `x-amzn-RequestId` and `{"message": …}` — so that the AWS
 * SDK and CLI map it to the same exception class they would get from AWS. Anything unexpected is a 500 that is
 * logged with its stack; the process keeps serving.
 */
@Catch()
export class AdminErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('AdminErrorFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const rendered = this.render(error, request);
    if (reply.sent) return;
    reply
      .status(rendered.status)
      .header('x-amzn-ErrorType', rendered.type)
      .header('content-type', 'application/json')
      .send(JSON.stringify({ message: rendered.message }));
  }

  private render(error: unknown, request: FastifyRequest): Rendered {
    if (isAwsError(error)) return { status: error.status, type: error.type, message: error.message };
    if (error instanceof HttpException) {
      const status = error.getStatus();
      if (status === 404) {
        // No route matched: AWS answers an unknown operation with a 404 and this code.
        return { status, type: 'UnknownOperationException', message: `No operation found for ${request.method} ${request.url.split('?')[0]}` };
      }
      if (status === 413) return { status, type: typeForStatus[413], message: 'Request Too Long' };
      if (status < 500) return { status, type: typeForStatus[status] ?? 'BadRequestException', message: error.message };
    }
    if ((error instanceof Prisma.PrismaClientKnownRequestError && CONCURRENT_MODIFICATION_CODES.has(error.code)) || isWriteConflict(error)) {
      // Two writers raced past the same check (unique key, row gone, serialization failure): AWS answers a lost
      // race with this conflict, and a retry sees the winner's result.
      return { status: 409, type: 'ConflictException', message: 'Unable to complete operation due to concurrent modification. Please try again later.' };
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
