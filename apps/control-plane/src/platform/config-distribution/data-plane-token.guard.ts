import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { AdminError } from '@portico/contracts';
import type { FastifyRequest } from 'fastify';
import type { ControlPlaneConfig } from '../../config.js';
import { CONTROL_PLANE_CONFIG } from '../../common/tokens.js';

/**
 * Security: the internal routes hand out every stage's configuration, so they require the data-plane token
 * (`Authorization: Bearer <PORTICO_DATA_PLANE_TOKEN>`). The SigV4 admin guard skips /internal/*; this guard is
 * what protects them. The comparison is constant-time so that the token cannot be guessed byte by byte.
 */
@Injectable()
export class DataPlaneTokenGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(@Inject(CONTROL_PLANE_CONFIG) config: ControlPlaneConfig) {
    this.expected = Buffer.from(`Bearer ${config.dataPlaneToken}`);
  }

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<FastifyRequest>().headers.authorization;
    const given = Buffer.from(typeof header === 'string' ? header : '');
    if (given.length === this.expected.length && timingSafeEqual(given, this.expected)) return true;
    throw new AdminError('AccessDeniedException', 'Missing or invalid data-plane token');
  }
}
