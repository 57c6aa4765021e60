import { Body, Controller, Get, HttpCode, Param, Put, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ImportExportService } from './import-export.service.js';

/** ImportApi (`PUT /v2/apis`), ReimportApi (`PUT /v2/apis/{apiId}`), ExportApi (spec §1.2, §1.5). */
@Controller('v2/apis')
export class ImportExportController {
  constructor(private readonly service: ImportExportService) {}

  @Put()
  @HttpCode(201)
  import(@Body() body: unknown, @Query() query: Record<string, unknown>) {
    return this.service.import(body, query);
  }

  @Put(':apiId')
  @HttpCode(201)
  reimport(@Param('apiId') apiId: string, @Body() body: unknown, @Query() query: Record<string, unknown>) {
    return this.service.reimport(apiId, body, query);
  }

  /** The payload is the document itself (a blob in the model), not a JSON structure around it. */
  @Get(':apiId/exports/:specification')
  async export(@Param('apiId') apiId: string, @Param('specification') specification: string, @Query() query: Record<string, unknown>, @Res() reply: FastifyReply): Promise<void> {
    const exported = await this.service.export(apiId, specification, query);
    await reply.status(200).header('content-type', exported.contentType).send(exported.body);
  }
}
