import type { V2Route } from '@portico/db';
import { jsonRecord, nonEmpty } from '../../common/lookups.js';
import { compact } from '../v2-wire.js';
import type { RouteState } from './route.input.js';

/** AWS's `Route` on the wire (spec §1.3). */
export function toRouteWire(row: V2Route): Record<string, unknown> {
  return compact({
    apiGatewayManaged: row.apiGatewayManaged,
    apiKeyRequired: false,
    authorizationScopes: row.authorizationScopes.length > 0 ? row.authorizationScopes : undefined,
    authorizationType: row.authorizationType,
    authorizerId: row.authorizerId ?? undefined,
    operationName: row.operationName ?? undefined,
    requestParameters: nonEmpty(jsonRecord<{ required: boolean }>(row.requestParameters)),
    routeId: row.id,
    routeKey: row.routeKey,
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
  };
}
