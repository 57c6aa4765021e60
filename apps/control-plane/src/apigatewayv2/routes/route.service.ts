import type { HttpRouteWire } from '@portico/admin-wire';
import { Inject, Injectable } from '@nestjs/common';
import { badRequest, conflict, notFound } from '@portico/contracts';
import type { Prisma, V2Route } from '@portico/db';
import type { ControlPlaneConfig } from '../../config.js';
import { newShortId } from '../../common/ids.js';
import { CONTROL_PLANE_CONFIG } from '../../common/tokens.js';
import { requireV2Api, requireV2Route } from '../v2-lookups.js';
import { parseV2Paging, toV2Page, type V2Page } from '../v2-wire.js';
import type { V2ProtocolType } from '../v2-validation.js';
import { V2Writes } from '../v2-writes.js';
import { applyRouteMembers, checkRoute, type RouteState } from './route.input.js';
import { routeStateOf, toRouteWire } from './route.wire.js';

/** AWS's quota: 300 routes per API (spec §0). */
const MAX_ROUTES = 300;

/**
 * The rules that need the API's other rows: the target integration exists, the authorizer exists and is of the
 * kind the authorization type needs (JWT → a JWT authorizer, CUSTOM → a REQUEST one), the route key is unique.
 */
export async function checkRouteReferences(tx: Prisma.TransactionClient, apiId: string, state: RouteState, routeId?: string): Promise<void> {
  if (state.target !== null) {
    const integrationId = state.target.slice('integrations/'.length);
    const integration = await tx.v2Integration.findFirst({ where: { id: integrationId, apiId }, select: { id: true } });
    if (!integration) throw notFound(`Invalid target specified: integration ${integrationId} does not exist in API ${apiId}`);
  }
  if (state.authorizerId !== null) {
    const authorizer = await tx.v2Authorizer.findFirst({ where: { id: state.authorizerId, apiId }, select: { authorizerType: true } });
    if (!authorizer) throw notFound(`Invalid authorizerId specified: authorizer ${state.authorizerId} does not exist in API ${apiId}`);
    const wanted = state.authorizationType === 'JWT' ? 'JWT' : 'REQUEST';
    if (authorizer.authorizerType !== wanted) {
      throw badRequest(`Authorizer ${state.authorizerId} is of type ${authorizer.authorizerType}: authorizationType ${state.authorizationType} needs a ${wanted} authorizer`);
    }
  }
  const modelNames = [...new Set(Object.values(state.requestModels))];
  if (modelNames.length > 0) {
    const models = await tx.v2Model.findMany({ where: { apiId, name: { in: modelNames } }, select: { name: true } });
    const missing = modelNames.find((name) => !models.some((model) => model.name === name));
    if (missing !== undefined) throw notFound(`Invalid model specified: model ${missing} does not exist in API ${apiId}`);
  }
  const same = await tx.v2Route.findUnique({ where: { apiId_routeKey: { apiId, routeKey: state.routeKey } }, select: { id: true } });
  if (same && same.id !== routeId) throw conflict(`Unable to create route ${state.routeKey}: a route with this key already exists in API ${apiId}`);
}

/** Writes a route row (CreateRoute, quick create, ImportApi), after its references are checked. */
export async function insertRoute(tx: Prisma.TransactionClient, apiId: string, state: RouteState, managed = false): Promise<V2Route> {
  await checkRouteReferences(tx, apiId, state);
  if ((await tx.v2Route.count({ where: { apiId } })) >= MAX_ROUTES) throw badRequest(`Too many routes: an API may have at most ${MAX_ROUTES}`);
  return tx.v2Route.create({ data: { id: newShortId(), apiId, ...state, apiGatewayManaged: managed } });
}

/** CreateRoute, GetRoutes, GetRoute, UpdateRoute, DeleteRoute, DeleteRouteRequestParameter. */
@Injectable()
export class RouteService {
  constructor(
    private readonly writes: V2Writes,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
  ) {}

  create(apiId: string, body: unknown): Promise<HttpRouteWire> {
    return this.writes.write(async ({ tx, changed }) => {
      const api = await requireV2Api(tx, this.config.accountId, apiId);
      const partial: Partial<RouteState> = {};
      applyRouteMembers(partial, body, api.protocolType as V2ProtocolType);
      const state = checkRoute(partial, api.protocolType as V2ProtocolType);
      const row = await insertRoute(tx, apiId, state);
      await changed(apiId);
      return toRouteWire(row);
    });
  }

  async list(apiId: string, query: Record<string, unknown>): Promise<V2Page<HttpRouteWire>> {
    const paging = parseV2Paging(query);
    await requireV2Api(this.writes.prisma, this.config.accountId, apiId);
    const rows = await this.writes.prisma.v2Route.findMany({ where: { apiId }, orderBy: [{ routeKey: 'asc' }] });
    return toV2Page(rows, paging, toRouteWire);
  }

  async get(apiId: string, routeId: string): Promise<HttpRouteWire> {
    await requireV2Api(this.writes.prisma, this.config.accountId, apiId);
    return toRouteWire(await requireV2Route(this.writes.prisma, this.config.accountId, apiId, routeId));
  }

  update(apiId: string, routeId: string, body: unknown): Promise<HttpRouteWire> {
    return this.writes.write(async ({ tx, changed }) => {
      const api = await requireV2Api(tx, this.config.accountId, apiId);
      const row = await requireV2Route(tx, this.config.accountId, apiId, routeId);
      const partial = routeStateOf(row);
      applyRouteMembers(partial, body, api.protocolType as V2ProtocolType);
      const state = checkRoute(partial, api.protocolType as V2ProtocolType);
      if (row.apiGatewayManaged && state.routeKey !== row.routeKey) throw badRequest('The route key of a route managed by API Gateway (quick create) cannot be changed');
      await checkRouteReferences(tx, apiId, state, routeId);
      const updated = await tx.v2Route.update({ where: { id: routeId }, data: state });
      await changed(apiId);
      return toRouteWire(updated);
    });
  }

  delete(apiId: string, routeId: string): Promise<void> {
    return this.writes.write(async ({ tx, changed }) => {
      await requireV2Api(tx, this.config.accountId, apiId);
      await requireV2Route(tx, this.config.accountId, apiId, routeId);
      await tx.v2Route.delete({ where: { id: routeId } });
      await changed(apiId);
    });
  }

  deleteRequestParameter(apiId: string, routeId: string, key: string): Promise<void> {
    return this.writes.write(async ({ tx, changed }) => {
      await requireV2Api(tx, this.config.accountId, apiId);
      const row = await requireV2Route(tx, this.config.accountId, apiId, routeId);
      const parameters = routeStateOf(row).requestParameters;
      if (!(key in parameters)) throw notFound(`Invalid request parameter key specified: ${key}`);
      delete parameters[key];
      await tx.v2Route.update({ where: { id: routeId }, data: { requestParameters: parameters } });
      await changed(apiId);
    });
  }
}
