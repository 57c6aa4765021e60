import type { RouteResponseWire } from '@portico/admin-wire';
import { Inject, Injectable } from '@nestjs/common';
import { conflict, notFound } from '@portico/contracts';
import type { Prisma, V2Api, V2RouteResponse } from '@portico/db';
import type { ControlPlaneConfig } from '../../config.js';
import { newShortId } from '../../common/ids.js';
import { CONTROL_PLANE_CONFIG } from '../../common/tokens.js';
import { v2NotFound } from '../v2-errors.js';
import { requireV2Api, requireV2Route } from '../v2-lookups.js';
import { onlyFor } from '../v2-validation.js';
import { parseV2Paging, toV2Page, type V2Page } from '../v2-wire.js';
import { V2Writes } from '../v2-writes.js';
import { applyRouteResponseMembers, checkRouteResponse, type RouteResponseState } from './route-response.input.js';
import { routeResponseStateOf, toRouteResponseWire } from './route-response.wire.js';

/** Route responses exist on WebSocket APIs only (spec websocket §4.4). */
export function requireWebSocketApi(api: V2Api, what: string): void {
  if (api.protocolType !== 'WEBSOCKET') onlyFor('WEBSOCKET', what);
}

async function checkModels(tx: Prisma.TransactionClient, apiId: string, state: RouteResponseState): Promise<void> {
  for (const name of new Set(Object.values(state.responseModels))) {
    if (!(await tx.v2Model.findUnique({ where: { apiId_name: { apiId, name } }, select: { id: true } }))) {
      throw notFound(`Invalid model specified: model ${name} does not exist in API ${apiId}`);
    }
  }
}

/** CreateRouteResponse, GetRouteResponses, GetRouteResponse, UpdateRouteResponse, DeleteRouteResponse. */
@Injectable()
export class RouteResponseService {
  constructor(
    private readonly writes: V2Writes,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
  ) {}

  private async require(db: Prisma.TransactionClient | V2Writes['prisma'], apiId: string, routeId: string, routeResponseId: string): Promise<V2RouteResponse> {
    const row = await db.v2RouteResponse.findUnique({ where: { id: routeResponseId } });
    if (!row || row.routeId !== routeId) throw v2NotFound.routeResponse(this.config.accountId, routeResponseId);
    return row;
  }

  create(apiId: string, routeId: string, body: unknown): Promise<RouteResponseWire> {
    return this.writes.write(async ({ tx, changed }) => {
      requireWebSocketApi(await requireV2Api(tx, this.config.accountId, apiId), 'Route responses');
      await requireV2Route(tx, this.config.accountId, apiId, routeId);
      const partial: Partial<RouteResponseState> = {};
      applyRouteResponseMembers(partial, body);
      const state = checkRouteResponse(partial);
      await checkModels(tx, apiId, state);
      if (await tx.v2RouteResponse.findUnique({ where: { routeId_routeResponseKey: { routeId, routeResponseKey: state.routeResponseKey } } })) {
        throw conflict(`Unable to create route response ${state.routeResponseKey}: it already exists for route ${routeId}`);
      }
      const row = await tx.v2RouteResponse.create({ data: { id: newShortId(), routeId, ...state } });
      await changed(apiId);
      return toRouteResponseWire(row);
    });
  }

  async list(apiId: string, routeId: string, query: Record<string, unknown>): Promise<V2Page<RouteResponseWire>> {
    const paging = parseV2Paging(query);
    await requireV2Api(this.writes.prisma, this.config.accountId, apiId);
    await requireV2Route(this.writes.prisma, this.config.accountId, apiId, routeId);
    const rows = await this.writes.prisma.v2RouteResponse.findMany({ where: { routeId }, orderBy: [{ routeResponseKey: 'asc' }] });
    return toV2Page(rows, paging, toRouteResponseWire);
  }

  async get(apiId: string, routeId: string, routeResponseId: string): Promise<RouteResponseWire> {
    await requireV2Api(this.writes.prisma, this.config.accountId, apiId);
    await requireV2Route(this.writes.prisma, this.config.accountId, apiId, routeId);
    return toRouteResponseWire(await this.require(this.writes.prisma, apiId, routeId, routeResponseId));
  }

  update(apiId: string, routeId: string, routeResponseId: string, body: unknown): Promise<RouteResponseWire> {
    return this.writes.write(async ({ tx, changed }) => {
      await requireV2Api(tx, this.config.accountId, apiId);
      await requireV2Route(tx, this.config.accountId, apiId, routeId);
      const partial = routeResponseStateOf(await this.require(tx, apiId, routeId, routeResponseId));
      applyRouteResponseMembers(partial, body);
      const state = checkRouteResponse(partial);
      await checkModels(tx, apiId, state);
      const row = await tx.v2RouteResponse.update({ where: { id: routeResponseId }, data: state });
      await changed(apiId);
      return toRouteResponseWire(row);
    });
  }

  delete(apiId: string, routeId: string, routeResponseId: string): Promise<void> {
    return this.writes.write(async ({ tx, changed }) => {
      await requireV2Api(tx, this.config.accountId, apiId);
      await requireV2Route(tx, this.config.accountId, apiId, routeId);
      await this.require(tx, apiId, routeId, routeResponseId);
      await tx.v2RouteResponse.delete({ where: { id: routeResponseId } });
      await changed(apiId);
    });
  }
}
