import type { HttpApiWire } from '@portico/admin-wire';
import type { CorsConfiguration } from '@portico/contracts';
import type { V2Api } from '@portico/db';
import { jsonRecord } from '../../common/lookups.js';
import { compact, isoTimestamp } from '../v2-wire.js';
import { corsWire } from '../v2-validation.js';

/** AWS's `Api` on the wire (spec §1.3). */
export function toApiWire(api: V2Api, region: string): HttpApiWire {
  return compact({
    apiId: api.id,
    name: api.name,
    protocolType: api.protocolType,
    routeSelectionExpression: api.routeSelectionExpression,
    apiKeySelectionExpression: api.apiKeySelectionExpression ?? undefined,
    apiEndpoint: `${api.protocolType === 'WEBSOCKET' ? 'wss' : 'https'}://${api.id}.execute-api.${region}.amazonaws.com`,
    apiGatewayManaged: false,
    corsConfiguration: corsWire(api.corsConfiguration as CorsConfiguration | null),
    createdDate: isoTimestamp(api.createdDate),
    description: api.description ?? undefined,
    disableExecuteApiEndpoint: api.disableExecuteApiEndpoint,
    disableSchemaValidation: api.disableSchemaValidation || undefined,
    ipAddressType: api.ipAddressType,
    version: api.version ?? undefined,
    tags: jsonRecord<string>(api.tags),
    importInfo: api.importInfo.length > 0 ? api.importInfo : undefined,
    warnings: api.warnings.length > 0 ? api.warnings : undefined,
  });
}
