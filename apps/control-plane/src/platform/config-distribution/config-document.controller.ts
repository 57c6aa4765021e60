import { Controller, Get, Headers, Inject, Req, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ControlPlaneMetrics } from '../observability/control-plane-metrics.js';
import { ConfigDocumentService } from './config-document.service.js';
import { DataPlaneRegistry } from './data-plane-registry.js';
import { DataPlaneTokenGuard } from './data-plane-token.guard.js';
import { ifNoneMatchHits } from './if-none-match.js';

/** The data plane's one read: the whole config document, with its revision as a strong ETag. */
@Controller('internal')
@UseGuards(DataPlaneTokenGuard)
export class ConfigDocumentController {
  constructor(
    private readonly documents: ConfigDocumentService,
    @Inject(ControlPlaneMetrics) private readonly metrics: ControlPlaneMetrics,
    private readonly registry: DataPlaneRegistry,
  ) {}

  @Get('config')
  async config(
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Headers('x-portico-status') status: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    this.registry.record(status, request.socket.remoteAddress);
    const document = await this.documents.current();
    const etag = `"${document.revision}"`;
    reply.header('etag', etag).header('cache-control', 'no-cache');
    if (ifNoneMatch !== undefined && ifNoneMatchHits(ifNoneMatch, etag)) {
      this.metrics.documentServed(304);
      await reply.status(304).send();
      return;
    }
    const body = JSON.stringify(document);
    this.metrics.documentServed(200, Buffer.byteLength(body));
    await reply.status(200).header('content-type', 'application/json').send(body);
  }
}
