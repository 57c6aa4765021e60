import { DEFAULT_GATEWAY_RESPONSE_TEMPLATE, gatewayResponseDefaults, type GatewayResponseType } from '@portico/contracts';
import type { GatewayResponseWire } from '@portico/admin-wire';
import type { GatewayResponse } from '@portico/db';
import { jsonRecord } from '../../common/lookups.js';

// The wire shapes live in @portico/admin-wire, shared with the console so that the two cannot drift.
export type { GatewayResponseWire };

/** What GetGatewayResponse returns for a type the API has not customised (spec §1.5). */
export function defaultGatewayResponse(type: GatewayResponseType): GatewayResponseWire {
  const defaults = gatewayResponseDefaults[type];
  return {
    responseType: type,
    ...(defaults.statusCode !== undefined && { statusCode: defaults.statusCode }),
    responseParameters: {},
    responseTemplates: { 'application/json': DEFAULT_GATEWAY_RESPONSE_TEMPLATE },
    defaultResponse: true,
  };
}

/** A customised response; a status left unset keeps the type's default status. */
export function toGatewayResponseWire(row: GatewayResponse): GatewayResponseWire {
  const statusCode = row.statusCode ?? gatewayResponseDefaults[row.responseType as GatewayResponseType]?.statusCode;
  return {
    responseType: row.responseType,
    ...(statusCode !== undefined && { statusCode }),
    responseParameters: jsonRecord<string>(row.responseParameters),
    responseTemplates: jsonRecord<string>(row.responseTemplates),
    defaultResponse: false,
  };
}
