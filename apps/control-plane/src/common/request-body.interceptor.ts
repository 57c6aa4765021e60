import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { AdminError, badRequest } from '@portico/contracts';
import type { AdminRequest } from './admin-request.js';

/**
 * Reports a body that claimed to be JSON but did not parse. Interceptors run after guards, so an unsigned
 * request with a broken body still gets the authentication error first, as AWS answers.
 */
@Injectable()
export class RequestBodyInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AdminRequest>();
    if (request.bodyError !== undefined) throw new AdminError('SerializationException', request.bodyError);
    if (containsNul(request.body)) throw badRequest('Invalid request body: strings must not contain the NUL character (U+0000)');
    return next.handle();
  }
}

/**
 * PostgreSQL text cannot hold U+0000, so a NUL anywhere in a JSON body (a value or a key) is refused here,
 * once for every operation, instead of surfacing as a database error. Iterative: bodies may nest deeply.
 */
function containsNul(body: unknown): boolean {
  const pending: unknown[] = [body];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return true;
    } else if (Array.isArray(value)) {
      pending.push(...value);
    } else if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
      for (const [key, item] of Object.entries(value)) {
        if (key.includes('\u0000')) return true;
        pending.push(item);
      }
    }
  }
  return false;
}
