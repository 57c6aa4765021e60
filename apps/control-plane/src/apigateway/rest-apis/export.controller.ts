import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { OpenApiService } from './open-api.service.js';

/** GetExport: `GET /restapis/{id}/stages/{stage}/exports/{oas30|swagger}` (spec §1). */
@Controller('restapis/:restApiId/stages/:stageName/exports')
export class ExportController {
  constructor(private readonly openApi: OpenApiService) {}

  @Get(':exportType')
  async export(
    @Param('restApiId') restApiId: string,
    @Param('stageName') stageName: string,
    @Param('exportType') exportType: string,
    @Query() query: Record<string, unknown>,
    @Headers('accept') accept: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const exported = await this.openApi.exportApi(restApiId, stageName, exportType, query, accept);
    await reply.status(200).header('content-type', exported.contentType).header('content-disposition', exported.contentDisposition).send(exported.body);
  }
}
