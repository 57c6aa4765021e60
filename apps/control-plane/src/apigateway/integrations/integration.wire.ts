import type { Integration, IntegrationResponse } from '@portico/db';
import { jsonRecord, nonEmpty } from '../../common/lookups.js';

export interface IntegrationResponseWire {
  statusCode: string;
  selectionPattern?: string;
  responseParameters?: Record<string, string>;
  responseTemplates?: Record<string, string>;
  contentHandling?: string;
}

export interface IntegrationWire {
  type: string;
  /** The integration's HTTP method: the SDK's `integrationHttpMethod`, sent as `httpMethod` on the wire. */
  httpMethod?: string;
  uri?: string;
  connectionType?: string;
  connectionId?: string;
  credentials?: string;
  requestParameters?: Record<string, string>;
  requestTemplates?: Record<string, string>;
  passthroughBehavior: string;
  contentHandling?: string;
  timeoutInMillis: number;
  cacheNamespace: string;
  cacheKeyParameters: string[];
  integrationResponses?: Record<string, IntegrationResponseWire>;
  tlsConfig?: { insecureSkipVerification?: boolean };
}

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
