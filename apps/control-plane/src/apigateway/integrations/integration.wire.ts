import type { IntegrationResponseWire, IntegrationWire } from '@portico/admin-wire';
import type { Integration, IntegrationResponse } from '@portico/db';
import { jsonRecord, nonEmpty } from '../../common/lookups.js';

// The wire shapes live in @portico/admin-wire, shared with the console so that the two cannot drift.
export type { IntegrationResponseWire, IntegrationWire };

export function toIntegrationResponseWire(row: IntegrationResponse): IntegrationResponseWire {
  return {
    statusCode: row.statusCode,
    ...(row.selectionPattern !== null && { selectionPattern: row.selectionPattern }),
    ...(nonEmpty(jsonRecord<string>(row.responseParameters)) && { responseParameters: jsonRecord<string>(row.responseParameters) }),
    ...(nonEmpty(jsonRecord<string>(row.responseTemplates)) && { responseTemplates: jsonRecord<string>(row.responseTemplates) }),
    ...(row.contentHandling !== null && { contentHandling: row.contentHandling }),
  };
}

export function toIntegrationWire(row: Integration, responses?: readonly IntegrationResponse[]): IntegrationWire {
  const integrationResponses = Object.fromEntries((responses ?? []).map((r) => [r.statusCode, toIntegrationResponseWire(r)]));
  return {
    type: row.type,
    ...(row.integrationHttpMethod !== null && { httpMethod: row.integrationHttpMethod }),
    ...(row.uri !== null && { uri: row.uri }),
    // AWS leaves connectionType out of a MOCK integration that has no connection (recorded answers).
    ...(!(row.type === 'MOCK' && row.connectionType === 'INTERNET') && { connectionType: row.connectionType }),
    ...(row.connectionId !== null && { connectionId: row.connectionId }),
    ...(row.credentials !== null && { credentials: row.credentials }),
    ...(nonEmpty(jsonRecord<string>(row.requestParameters)) && { requestParameters: jsonRecord<string>(row.requestParameters) }),
    ...(nonEmpty(jsonRecord<string>(row.requestTemplates)) && { requestTemplates: jsonRecord<string>(row.requestTemplates) }),
    passthroughBehavior: row.passthroughBehavior,
    ...(row.contentHandling !== null && { contentHandling: row.contentHandling }),
    timeoutInMillis: row.timeoutInMillis,
    cacheNamespace: row.cacheNamespace,
    cacheKeyParameters: row.cacheKeyParameters,
    ...(nonEmpty(integrationResponses) && { integrationResponses }),
    ...(row.tlsConfig !== null && row.tlsConfig !== undefined && { tlsConfig: jsonRecord<boolean>(row.tlsConfig) }),
  };
}
