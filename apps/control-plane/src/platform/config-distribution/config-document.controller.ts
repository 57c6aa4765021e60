import { Controller, Get, Headers, Inject, Req, Res, UseGuards } from '@nestjs/common';
import {
  CONFIG_SCHEMA_VERSION,
  CONFIG_SCHEMA_VERSIONS,
  acceptedConfigVersions,
  configContentType,
  negotiateConfigVersion,
} from '@portico/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ControlPlaneMetrics } from '../observability/control-plane-metrics.js';
import { ConfigDocumentService } from './config-document.service.js';
import { DataPlaneRegistry } from './data-plane-registry.js';
import { DataPlaneTokenGuard } from './data-plane-token.guard.js';
import { ifNoneMatchHits } from './if-none-match.js';

/**
 * The data plane's one read: the config document in the newest schema version both sides know (`Accept`, see
 * libs/contracts config-document-versions.ts), with its revision as a strong ETag. v2: the ETag is the stored
 * revision, so a poll with a matching If-None-Match is answered from one read, without building the document.
 */
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
    @Headers('accept') accept: string | undefined,
    @Headers('x-portico-status') status: string | undefined,
    @Headers('x-portico-replica') replica: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    this.registry.record(status, request.socket.remoteAddress, Date.now(), replica);
    reply.header('vary', 'accept').header('cache-control', 'no-cache');
    const version = negotiateConfigVersion(accept);
    if (version === undefined) {
      const asked = acceptedConfigVersions(accept);
      await reply
        .status(406)
        .header('content-type', 'application/json')
        .send({
          message: `No config document schema version in common: this control plane serves versions ${CONFIG_SCHEMA_VERSIONS.join(', ')}, the request accepts ${asked.join(', ')}. Upgrade the older of the two.`,
          supportedSchemaVersions: CONFIG_SCHEMA_VERSIONS,
        });
      return;
    }
    let revision: string;
    let load: () => Promise<unknown>;
    if (version === CONFIG_SCHEMA_VERSION) {
      const document = await this.documents.v1();
      revision = document.revision;
      load = async () => document;
    } else {
      revision = await this.documents.revision();
      load = () => this.documents.v2(revision);
    }
    const etag = `"${revision}"`;
    reply.header('etag', etag);
    if (ifNoneMatch !== undefined && ifNoneMatchHits(ifNoneMatch, etag)) {
      this.metrics.documentServed(304);
      await reply.status(304).send();
      return;
    }
    const body = JSON.stringify(await load());
    this.metrics.documentServed(200, Buffer.byteLength(body));
    await reply.status(200).header('content-type', configContentType(version)).send(body);
  }
}
