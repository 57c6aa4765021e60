import type { RouteResponseWire } from '@portico/admin-wire';
import type { V2RouteResponse } from '@portico/db';
import { jsonRecord, nonEmpty } from '../../common/lookups.js';
import { compact } from '../v2-wire.js';
import type { RouteResponseState } from './route-response.input.js';

/** AWS's `RouteResponse` on the wire. */
export function toRouteResponseWire(row: V2RouteResponse): RouteResponseWire {
  return compact({
    modelSelectionExpression: row.modelSelectionExpression ?? undefined,
    responseModels: nonEmpty(jsonRecord<string>(row.responseModels)),
    responseParameters: nonEmpty(jsonRecord<{ required: boolean }>(row.responseParameters)),
    routeResponseId: row.id,
    routeResponseKey: row.routeResponseKey,
  });
}

export function routeResponseStateOf(row: V2RouteResponse): RouteResponseState {
  return {
    routeResponseKey: row.routeResponseKey,
    responseModels: jsonRecord<string>(row.responseModels),
    modelSelectionExpression: row.modelSelectionExpression,
    responseParameters: jsonRecord<{ required: boolean }>(row.responseParameters),
  };
}
