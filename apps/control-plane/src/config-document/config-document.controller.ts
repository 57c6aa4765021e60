import { Controller, Get, Headers, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ConfigDocumentService } from './config-document.service.js';
import { DataPlaneTokenGuard } from './data-plane-token.guard.js';
import { ifNoneMatchHits } from './if-none-match.js';

/** The data plane's one read: the whole config document, with its revision as a strong ETag. */
@Controller('internal')
@UseGuards(DataPlaneTokenGuard)
export class ConfigDocumentController {
  constructor(private readonly documents: ConfigDocumentService) {}

  @Get('config')
  async config(@Headers('if-none-match') ifNoneMatch: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    const document = await this.documents.current();
    const etag = `"${document.revision}"`;
    reply.header('etag', etag).header('cache-control', 'no-cache');
    if (ifNoneMatch !== undefined && ifNoneMatchHits(ifNoneMatch, etag)) {
      await reply.status(304).send();
      return;
    }
    await reply.status(200).header('content-type', 'application/json').send(JSON.stringify(document));
  }
}
