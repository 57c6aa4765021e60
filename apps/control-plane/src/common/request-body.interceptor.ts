import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { AdminError } from '@portico/contracts';
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
    return next.handle();
  }
}
