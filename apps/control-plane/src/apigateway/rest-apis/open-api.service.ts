import { Inject, Injectable } from '@nestjs/common';
import type { ImportedRestApiWire } from '@portico/admin-wire';
import { AdminError, badRequest, deploymentSnapshotSchema, notFound } from '@portico/contracts';
import type { Database, Prisma } from '@portico/db';
import {
  basePathModes,
  exportFormatFor,
  exportOpenApi,
  exportTypes,
  importOpenApi,
  importWarningsMessage,
  OpenApiImportError,
  parseExportExtensions,
  serializeExport,
  type BasePathMode,
  type ExportType,
  type ImportResult,
} from '@portico/openapi';
import type { ControlPlaneConfig } from '../../config.js';
import { newRestApiId } from '../../common/ids.js';
import { requireRestApi } from '../../common/lookups.js';
import { CONTROL_PLANE_CONFIG, DATABASE } from '../../common/tokens.js';
import { writeTransaction } from '../../common/write-transaction.js';
import { endpointTypes } from './rest-api.rules.js';
import { applyDefinition, type ApplyMode } from './apply-definition.js';
import { toRestApiWire, type RestApiWire } from './rest-api.wire.js';

// The wire shapes live in @portico/admin-wire, shared with the console so that the two cannot drift.
export type { ImportedRestApiWire };

export interface ExportedDocument {
  body: string;
  contentType: string;
  contentDisposition: string;
}

/**
 * ImportRestApi, PutRestApi and GetExport (spec §1): the document is turned into the REST resource model by
 * `@portico/openapi` (the same code the standalone data plane compiles OpenAPI files with) and written in one
 * transaction, so an invalid document — or warnings with `failonwarnings=true` — changes nothing.
 */
@Injectable()
export class OpenApiService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
  ) {}

  async importApi(body: unknown, query: Record<string, unknown>): Promise<ImportedRestApiWire> {
    const options = this.importQuery(query);
    const types = queryString(query, 'endpointConfigurationTypes') ?? 'EDGE';
    if (!(endpointTypes as readonly string[]).includes(types)) throw badRequest(`Invalid endpoint configuration type specified: ${types}`);
    const id = newRestApiId();
    const rootResourceId = newRestApiId();
    const { definition, warnings } = this.parse(body, id, options, await this.vpcLinkIds());
    const row = await writeTransaction(this.database, async (tx) => {
      const endpointConfiguration = { types: [types], ipAddressType: 'ipv4', ...(types === 'PRIVATE' && definition.vpcEndpointIds && { vpcEndpointIds: definition.vpcEndpointIds }) };
      await tx.restApi.create({
        data: {
          id,
          name: definition.name,
          binaryMediaTypes: [],
          endpointConfiguration: endpointConfiguration as Prisma.InputJsonValue,
          rootResourceId,
        },
      });
      await tx.resource.create({ data: { id: rootResourceId, restApiId: id, parentId: null, pathPart: null, path: '/' } });
      await applyDefinition(tx, { id, rootResourceId, binaryMediaTypes: [] }, definition, 'create');
      return tx.restApi.findUniqueOrThrow({ where: { id } });
    });
    return withWarnings(toRestApiWire(row), warnings);
  }

  async putApi(restApiId: string, body: unknown, query: Record<string, unknown>): Promise<ImportedRestApiWire> {
    const options = this.importQuery(query);
    const mode = queryString(query, 'mode') ?? 'merge';
    if (mode !== 'merge' && mode !== 'overwrite') throw badRequest(`Invalid mode specified: ${mode}. Valid values are merge, overwrite`);
    // The API must exist before the document is even read: an unknown id is a 404 whatever the body.
    await requireRestApi(this.database.prisma, this.config.accountId, restApiId);
    const { definition, warnings } = this.parse(body, restApiId, options, await this.vpcLinkIds());
    const row = await writeTransaction(this.database, async (tx) => {
      const api = await requireRestApi(tx, this.config.accountId, restApiId);
      await applyDefinition(tx, api, definition, mode as ApplyMode);
      return tx.restApi.findUniqueOrThrow({ where: { id: restApiId } });
    });
    return withWarnings(toRestApiWire(row), warnings);
  }

  /** GetExport of a deployed stage: the stage's deployment snapshot, not the API's current rows. */
  async exportApi(restApiId: string, stageName: string, exportType: string, query: Record<string, unknown>, accept: string | undefined): Promise<ExportedDocument> {
    const db = this.database.prisma;
    await requireRestApi(db, this.config.accountId, restApiId);
    const stage = await db.stage.findUnique({ where: { restApiId_stageName: { restApiId, stageName } }, include: { deployment: { select: { snapshot: true } } } });
    if (!stage) throw notFound('Invalid stage identifier specified');
    if (!(exportTypes as readonly string[]).includes(exportType)) throw badRequest(`Invalid export type specified: ${exportType}. Valid values are oas30, swagger`);
    const extensions = parseExportExtensions(queryString(query, 'extensions'));
    if ('invalid' in extensions) throw badRequest(`Invalid extensions specified: ${extensions.invalid}. Valid values are integrations, apigateway, authorizers, postman`);
    const snapshot = deploymentSnapshotSchema.parse(stage.deployment.snapshot);
    const document = exportOpenApi(snapshot, { exportType: exportType as ExportType, extensions, stageName, region: this.config.region });
    const format = exportFormatFor(accept);
    const version = String((document.info as { version?: unknown }).version ?? '');
    return {
      body: serializeExport(document, format),
      // AWS answered application/octet-stream to an SDK asking for JSON (recorded); YAML is named as such.
      contentType: format === 'yaml' ? 'application/yaml' : 'application/octet-stream',
      contentDisposition: `attachment; filename="${exportType}_${version}.${format === 'yaml' ? 'yaml' : 'json'}"`,
    };
  }

  private importQuery(query: Record<string, unknown>): { basePath: BasePathMode; failOnWarnings: boolean } {
    const basePath = queryString(query, 'basepath') ?? 'ignore';
    if (!(basePathModes as readonly string[]).includes(basePath)) throw badRequest(`Invalid basepath specified: ${basePath}. Valid values are ignore, prepend, split`);
    const fail = queryString(query, 'failonwarnings') ?? 'false';
    if (fail !== 'true' && fail !== 'false') throw badRequest(`Invalid failonwarnings specified: ${fail}`);
    return { basePath: basePath as BasePathMode, failOnWarnings: fail === 'true' };
  }

  /** The REST VPC links a document's literal `connectionId`s must name (an account has a handful). */
  private async vpcLinkIds(): Promise<Set<string>> {
    return new Set((await this.database.prisma.vpcLink.findMany({ select: { id: true } })).map((link) => link.id));
  }

  private parse(body: unknown, restApiId: string, options: { basePath: BasePathMode; failOnWarnings: boolean }, vpcLinkIds: ReadonlySet<string>): ImportResult {
    const bytes = Buffer.isBuffer(body) ? body : body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(body));
    let result: ImportResult;
    try {
      result = importOpenApi(bytes, { restApiId, region: this.config.region, accountId: this.config.accountId, basePath: options.basePath, vpcLinkIds });
    } catch (error) {
      if (error instanceof OpenApiImportError) throw new AdminError('BadRequestException', error.message);
      throw error;
    }
    if (options.failOnWarnings && result.warnings.length > 0) throw badRequest(importWarningsMessage(result.warnings));
    return result;
  }
}

function withWarnings(api: RestApiWire, warnings: string[]): ImportedRestApiWire {
  return warnings.length > 0 ? { ...api, warnings } : api;
}

function queryString(query: Record<string, unknown>, key: string): string | undefined {
  const value = query[key];
  return typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : undefined;
}
