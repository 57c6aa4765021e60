import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { AdminError, badRequest } from '@portico/contracts';
import type { AdminRequest } from './admin-request.js';
import { LIMITS } from './limits.js';

/**
 * Reports a body that claimed to be JSON but did not parse. Interceptors run after guards, so an unsigned
 * request with a broken body still gets the authentication error first, as AWS answers.
 */
@Injectable()
export class RequestBodyInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AdminRequest>();
    if (request.bodyError !== undefined) throw new AdminError('SerializationException', request.bodyError);
    const problem = stringProblem(request.body);
    if (problem) throw badRequest(problem);
    return next.handle();
  }
}

const NUL = 'Invalid request body: strings must not contain the NUL character (U+0000)';
const TOO_LONG = `Invalid request body: a string member exceeds the maximum size of ${LIMITS.jsonString} characters`;

/**
 * Two rules for every string of a JSON body (values and keys), checked once for every operation instead of
 * surfacing as database errors: PostgreSQL text cannot hold U+0000, and no member AWS accepts is longer than
 * a mapping template (each operation checks its own, tighter limits). Iterative: bodies may nest deeply.
 */
function stringProblem(body: unknown): string | undefined {
  const pending: unknown[] = [body];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return NUL;
      if (value.length > LIMITS.jsonString) return TOO_LONG;
    } else if (Array.isArray(value)) {
      pending.push(...value);
    } else if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
      for (const [key, item] of Object.entries(value)) {
        if (key.includes('\u0000')) return NUL;
        if (key.length > LIMITS.jsonString) return TOO_LONG;
        pending.push(item);
      }
    }
  }
  return undefined;
}
