import { timingSafeEqual } from 'node:crypto';
import { Controller, Get, Headers, Inject, Param, Res } from '@nestjs/common';
import type { DecisionTrail } from '@portico/gateway-core';
import type { FastifyReply } from 'fastify';
import { DATA_PLANE_STATUS, type DataPlaneStatus } from './data-plane-status.js';

/**
 * "Why was this request refused?" for the requests this replica answered: the decision trail recorded against the
 * request id (`x-amzn-RequestId`). The control plane's `GET /portico/requests/{id}` finds the replica and asks here.
 */
@Controller('portico/requests')
export class RequestsController {
  constructor(@Inject(DATA_PLANE_STATUS) private readonly status: DataPlaneStatus) {}

  @Get(':requestId')
  get(@Param('requestId') requestId: string, @Headers('authorization') authorization: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): DecisionTrail | { message: string } {
    // Security: behind a control plane the trail is for it (and operators holding the data-plane token) only.
    const token = this.status.statusToken;
    if (token !== undefined && !sameToken(authorization, `Bearer ${token}`)) {
      reply.status(403).header('x-amzn-ErrorType', 'AccessDeniedException');
      return { message: 'Missing or invalid data-plane token' };
    }
    const trail = requestId.length <= 64 ? this.status.decisionTrail(requestId) : undefined;
    if (!trail) {
      reply.status(404).header('x-amzn-ErrorType', 'NotFoundException');
      return { message: `No decision trail for request ${requestId.length <= 64 ? requestId : '(too long)'} on this data plane` };
    }
    return trail;
  }
}

function sameToken(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
