import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { tap, type Observable } from 'rxjs';
import { ConfigChangePublisher } from './config-change.publisher.js';

const REST_API_ROUTE = /^\/restapis\/[^/?]+\/?(\?.*)?$/;

/**
 * Deleting a REST API deletes its stages (cascade), which changes what data planes serve. The rest-apis module
 * knows nothing of config documents, so the change event is raised here, after DeleteRestApi has succeeded
 * (its transaction has committed by the time the handler's result is emitted).
 */
@Injectable()
export class RestApiDeletedInterceptor implements NestInterceptor {
  constructor(private readonly publisher: ConfigChangePublisher) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (request.method !== 'DELETE' || !REST_API_ROUTE.test(request.url)) return next.handle();
    return next.handle().pipe(tap({ complete: () => void this.publisher.configChanged() }));
  }
}
