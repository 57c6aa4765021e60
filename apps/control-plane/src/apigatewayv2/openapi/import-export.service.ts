import type { HttpApiWire } from '@portico/admin-wire';
import { Inject, Injectable } from '@nestjs/common';
import { badRequest, HTTP_ROUTE_SELECTION_EXPRESSION } from '@portico/contracts';
import { Prisma } from '@portico/db';
import { stringify as toYaml } from 'yaml';
import type { ControlPlaneConfig } from '../../config.js';
import { jsonRecord } from '../../common/lookups.js';
import { CONTROL_PLANE_CONFIG } from '../../common/tokens.js';
import { bodyObject, read } from '../../common/validation.js';
import { DEFAULT_API_KEY_SELECTION_EXPRESSION } from '../apis/api.input.js';
import { newV2ApiId } from '../apis/api.service.js';
import { toApiWire } from '../apis/api.wire.js';
import { insertAuthorizer } from '../authorizers/authorizer.service.js';
import { frozenHttpApiSchema, freezeHttpApi, type FrozenHttpApi } from '../http-api-snapshot.rows.js';
import { insertIntegration } from '../integrations/integration.service.js';
import { insertRoute } from '../routes/route.service.js';
import { requireV2Api, requireV2Stage } from '../v2-lookups.js';
import { oneOf, onlyFor } from '../v2-validation.js';
import { V2Writes } from '../v2-writes.js';
import { exportOpenApi } from './export-openapi.js';
import { planImport, type BasePathMode, type ImportPlan } from './import-plan.js';
import { parseOpenApiDocument, substitutePseudoParameters } from './parse-openapi-document.js';

/** ImportApi, ReimportApi (OpenAPI 3.0, JSON or YAML, in the `body` member) and ExportApi (spec §1.5). */
@Injectable()
export class ImportExportService {
  constructor(
    private readonly writes: V2Writes,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
  ) {}

  private async plan(rawBody: unknown, query: Record<string, unknown>): Promise<ImportPlan> {
    const text = read.string(bodyObject(rawBody), 'body');
    if (text === undefined || text.trim() === '') throw badRequest('body is required: the OpenAPI definition to import');
    const mode = oneOf(query.basepath === undefined ? undefined : String(query.basepath), ['ignore', 'prepend', 'split'] as const, 'basepath') ?? 'ignore';
    const failOnWarnings = oneOf(query.failOnWarnings === undefined ? undefined : String(query.failOnWarnings), ['true', 'false'] as const, 'failOnWarnings') === 'true';
    const document = substitutePseudoParameters(parseOpenApiDocument(text), this.config);
    const vpcLinkIds = new Set((await this.writes.prisma.v2VpcLink.findMany({ select: { id: true } })).map((link) => link.id));
    const plan = planImport(document, mode as BasePathMode, vpcLinkIds);
    if (failOnWarnings && plan.warnings.length > 0) throw badRequest(`Warnings found during import (failOnWarnings is true): ${plan.warnings.join('; ')}`);
    return plan;
  }

  /** Creates the plan's authorizers, integrations and routes in the API, wiring routes to the new ids. */
  private async apply(tx: Prisma.TransactionClient, apiId: string, plan: ImportPlan): Promise<void> {
    const authorizerIds = new Map<string, string>();
    for (const { key, state } of plan.authorizers) authorizerIds.set(key, (await insertAuthorizer(tx, apiId, state)).id);
    const integrationIds: string[] = [];
    for (const state of plan.integrations) integrationIds.push((await insertIntegration(tx, apiId, state)).id);
    for (const route of plan.routes) {
      await insertRoute(tx, apiId, {
        ...route.state,
        authorizerId: route.authorizer !== undefined ? authorizerIds.get(route.authorizer)! : null,
        target: route.integration !== undefined ? `integrations/${integrationIds[route.integration]}` : null,
      });
    }
  }

  async import(rawBody: unknown, query: Record<string, unknown>): Promise<HttpApiWire> {
    const plan = await this.plan(rawBody, query);
    const apiId = newV2ApiId();
    return this.writes.write(async ({ tx }) => {
      await tx.v2Api.create({
        data: {
          id: apiId,
          name: plan.name,
          protocolType: 'HTTP',
          description: plan.description ?? null,
          version: plan.version ?? null,
          routeSelectionExpression: HTTP_ROUTE_SELECTION_EXPRESSION,
          apiKeySelectionExpression: DEFAULT_API_KEY_SELECTION_EXPRESSION,
          corsConfiguration: plan.corsConfiguration ?? Prisma.DbNull,
          importInfo: plan.importInfo,
          warnings: plan.warnings,
          tags: plan.tags,
        },
      });
      await this.apply(tx, apiId, plan);
      return toApiWire(await tx.v2Api.findUniqueOrThrow({ where: { id: apiId } }), this.config.region);
    });
  }

  /** Overwrites the API's definition (routes, integrations, authorizers, CORS); stages stay and auto-deploy. */
  async reimport(apiId: string, rawBody: unknown, query: Record<string, unknown>): Promise<HttpApiWire> {
    const plan = await this.plan(rawBody, query);
    return this.writes.write(async ({ tx, changed }) => {
      const api = await requireV2Api(tx, this.config.accountId, apiId);
      if (api.protocolType !== 'HTTP') onlyFor('HTTP', 'ReimportApi');
      await tx.v2Route.deleteMany({ where: { apiId } });
      await tx.v2Integration.deleteMany({ where: { apiId } });
      await tx.v2Authorizer.deleteMany({ where: { apiId } });
      await tx.v2Api.update({
        where: { id: apiId },
        data: {
          name: plan.name,
          description: plan.description ?? null,
          version: plan.version ?? null,
          corsConfiguration: plan.corsConfiguration ?? Prisma.DbNull,
          importInfo: plan.importInfo,
          warnings: plan.warnings,
          tags: { ...jsonRecord<string>(api.tags), ...plan.tags },
        },
      });
      await this.apply(tx, apiId, plan);
      await changed(apiId);
      return toApiWire(await tx.v2Api.findUniqueOrThrow({ where: { id: apiId } }), this.config.region);
    });
  }

  async export(apiId: string, specification: string, query: Record<string, unknown>): Promise<{ contentType: string; body: string }> {
    if (specification !== 'OAS30') throw badRequest(`Invalid specification specified: ${specification}. Only OAS30 is supported`);
    const outputType = oneOf(query.outputType === undefined ? undefined : String(query.outputType), ['JSON', 'YAML'] as const, 'outputType');
    if (outputType === undefined) throw badRequest('outputType is required (JSON or YAML)');
    const includeExtensions = oneOf(query.includeExtensions === undefined ? undefined : String(query.includeExtensions), ['true', 'false'] as const, 'includeExtensions') !== 'false';
    const exportVersion = query.exportVersion === undefined ? undefined : String(query.exportVersion);
    if (exportVersion !== undefined && exportVersion !== '1.0') throw badRequest(`Invalid exportVersion specified: ${exportVersion}. Only 1.0 is supported`);
    const stageName = query.stageName === undefined || query.stageName === '' ? undefined : String(query.stageName);
    const prisma = this.writes.prisma;
    const api = await requireV2Api(prisma, this.config.accountId, apiId);
    if (api.protocolType !== 'HTTP') onlyFor('HTTP', 'ExportApi');
    let frozen: FrozenHttpApi;
    if (stageName !== undefined) {
      // A stage exports what it serves: its deployment's frozen definition.
      const stage = await requireV2Stage(prisma, this.config.accountId, apiId, stageName);
      if (stage.deploymentId === null) throw badRequest(`Stage ${stageName} has no deployment to export`);
      const deployment = await prisma.v2Deployment.findUniqueOrThrow({ where: { id: stage.deploymentId } });
      frozen = frozenHttpApiSchema.parse(deployment.snapshot);
    } else {
      const [routes, integrations, authorizers] = await Promise.all([
        prisma.v2Route.findMany({ where: { apiId } }),
        prisma.v2Integration.findMany({ where: { apiId } }),
        prisma.v2Authorizer.findMany({ where: { apiId } }),
      ]);
      frozen = freezeHttpApi(api, routes, integrations, authorizers);
    }
    const document = exportOpenApi(frozen, {
      name: api.name,
      version: api.version ?? undefined,
      description: api.description ?? undefined,
      region: this.config.region,
      stageName,
      includeExtensions,
      tags: jsonRecord<string>(api.tags),
    });
    return outputType === 'JSON' ? { contentType: 'application/json', body: JSON.stringify(document, null, 2) } : { contentType: 'application/yaml', body: toYaml(document) };
  }
}
