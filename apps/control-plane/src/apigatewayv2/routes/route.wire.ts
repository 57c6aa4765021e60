import type { HttpRouteWire } from '@portico/admin-wire';
import type { V2Route } from '@portico/db';
import { jsonRecord, nonEmpty } from '../../common/lookups.js';
import { compact } from '../v2-wire.js';
import type { RouteState } from './route.input.js';

/** AWS's `Route` on the wire (spec §1.3). */
export function toRouteWire(row: V2Route): HttpRouteWire {
  return compact({
    apiGatewayManaged: row.apiGatewayManaged,
    apiKeyRequired: row.apiKeyRequired,
    authorizationScopes: row.authorizationScopes.length > 0 ? row.authorizationScopes : undefined,
    authorizationType: row.authorizationType,
    authorizerId: row.authorizerId ?? undefined,
    modelSelectionExpression: row.modelSelectionExpression ?? undefined,
    operationName: row.operationName ?? undefined,
    requestModels: nonEmpty(jsonRecord<string>(row.requestModels)),
    requestParameters: nonEmpty(jsonRecord<{ required: boolean }>(row.requestParameters)),
    routeId: row.id,
    routeKey: row.routeKey,
    routeResponseSelectionExpression: row.routeResponseSelectionExpression ?? undefined,
    target: row.target ?? undefined,
  });
}

export function routeStateOf(row: V2Route): RouteState {
  return {
    routeKey: row.routeKey,
    authorizationType: row.authorizationType as RouteState['authorizationType'],
    authorizerId: row.authorizerId,
    authorizationScopes: [...row.authorizationScopes],
    target: row.target,
    operationName: row.operationName,
    requestParameters: jsonRecord<{ required: boolean }>(row.requestParameters),
    apiKeyRequired: row.apiKeyRequired,
    requestModels: jsonRecord<string>(row.requestModels),
    modelSelectionExpression: row.modelSelectionExpression,
    routeResponseSelectionExpression: row.routeResponseSelectionExpression,
  };
}
