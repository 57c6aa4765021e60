import type { HttpApiWire } from '@portico/admin-wire';
import { Inject, Injectable } from '@nestjs/common';
import { HTTP_ROUTE_SELECTION_EXPRESSION } from '@portico/contracts';
import { Prisma } from '@portico/db';
import type { ControlPlaneConfig } from '../../config.js';
import { randomId } from '../../common/ids.js';
import { CONTROL_PLANE_CONFIG } from '../../common/tokens.js';
import { requireV2Api } from '../v2-lookups.js';
import { parseV2Paging, toV2Page, type V2Page } from '../v2-wire.js';
import type { V2ProtocolType } from '../v2-validation.js';
import { V2Writes } from '../v2-writes.js';
import { DEFAULT_API_KEY_SELECTION_EXPRESSION, parseCreateApi, parseUpdateApi } from './api.input.js';
import { toApiWire } from './api.wire.js';
import { quickCreate, quickUpdate } from './quick-create.js';

/** API ids (HTTP and WebSocket) are 10 lower-case alphanumerics, as AWS generates them (`a1b2c3d4e5`). */
export const newV2ApiId = (): string => randomId(10);

/** CreateApi (with quick create), GetApis, GetApi, UpdateApi, DeleteApi, DeleteCorsConfiguration. */
@Injectable()
export class ApiService {
  constructor(
    private readonly writes: V2Writes,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
  ) {}

  create(body: unknown): Promise<HttpApiWire> {
    const input = parseCreateApi(body);
    const apiId = newV2ApiId();
    return this.writes.write(async ({ tx }) => {
      const api = await tx.v2Api.create({
        data: {
          id: apiId,
          name: input.name,
          protocolType: input.protocolType,
          description: input.description ?? null,
          version: input.version ?? null,
          routeSelectionExpression: input.routeSelectionExpression ?? HTTP_ROUTE_SELECTION_EXPRESSION,
          apiKeySelectionExpression: input.apiKeySelectionExpression ?? DEFAULT_API_KEY_SELECTION_EXPRESSION,
          corsConfiguration: input.corsConfiguration ?? Prisma.DbNull,
          disableExecuteApiEndpoint: input.disableExecuteApiEndpoint ?? false,
          disableSchemaValidation: input.disableSchemaValidation ?? false,
          ipAddressType: input.ipAddressType ?? 'ipv4',
          tags: input.tags,
        },
      });
      if (input.target !== undefined) {
        await quickCreate(tx, apiId, { target: input.target, routeKey: input.routeKey, credentialsArn: input.credentialsArn });
      }
      return toApiWire(api, this.config.region);
    });
  }

  async list(query: Record<string, unknown>): Promise<V2Page<HttpApiWire>> {
    const paging = parseV2Paging(query);
    const rows = await this.writes.prisma.v2Api.findMany({ orderBy: [{ createdDate: 'asc' }, { id: 'asc' }] });
    return toV2Page(rows, paging, (row) => toApiWire(row, this.config.region));
  }

  async get(apiId: string): Promise<HttpApiWire> {
    return toApiWire(await requireV2Api(this.writes.prisma, this.config.accountId, apiId), this.config.region);
  }

  update(apiId: string, body: unknown): Promise<HttpApiWire> {
    return this.writes.write(async ({ tx, changed }) => {
      const current = await requireV2Api(tx, this.config.accountId, apiId);
      const input = parseUpdateApi(body, current.protocolType as V2ProtocolType);
      if (input.target !== undefined || input.routeKey !== undefined) await quickUpdate(tx, apiId, input);
      const api = await tx.v2Api.update({
        where: { id: apiId },
        data: {
          ...(input.name !== undefined && { name: input.name }),
          ...(input.description !== undefined && { description: input.description }),
          ...(input.version !== undefined && { version: input.version }),
          ...(input.routeSelectionExpression !== undefined && { routeSelectionExpression: input.routeSelectionExpression }),
          ...(input.apiKeySelectionExpression !== undefined && { apiKeySelectionExpression: input.apiKeySelectionExpression }),
          ...(input.corsConfiguration !== undefined && { corsConfiguration: input.corsConfiguration }),
          ...(input.disableExecuteApiEndpoint !== undefined && { disableExecuteApiEndpoint: input.disableExecuteApiEndpoint }),
          ...(input.disableSchemaValidation !== undefined && { disableSchemaValidation: input.disableSchemaValidation }),
          ...(input.ipAddressType !== undefined && { ipAddressType: input.ipAddressType }),
        },
      });
      // CORS and disableExecuteApiEndpoint are part of what a deployment freezes (spec §2, §9).
      await changed(apiId);
      return toApiWire(api, this.config.region);
    });
  }

  delete(apiId: string): Promise<void> {
    return this.writes.write(async ({ tx }) => {
      await requireV2Api(tx, this.config.accountId, apiId);
      // Stages reference deployments with RESTRICT: remove them first so the API's cascade can run.
      await tx.v2Stage.deleteMany({ where: { apiId } });
      await tx.v2Api.delete({ where: { id: apiId } });
    });
  }

  deleteCors(apiId: string): Promise<void> {
    return this.writes.write(async ({ tx, changed }) => {
      await requireV2Api(tx, this.config.accountId, apiId);
      await tx.v2Api.update({ where: { id: apiId }, data: { corsConfiguration: Prisma.DbNull } });
      await changed(apiId);
    });
  }
}
