import type { Integration, IntegrationResponse, Method, MethodResponse } from '@portico/db';
import { jsonRecord, nonEmpty } from '../../common/lookups.js';
import { toIntegrationWire, type IntegrationWire } from '../integrations/integration.wire.js';

export interface MethodResponseWire {
  statusCode: string;
  responseParameters?: Record<string, boolean>;
  responseModels?: Record<string, string>;
}

export interface MethodWire {
  httpMethod: string;
  authorizationType: string;
  authorizerId?: string;
  apiKeyRequired: boolean;
  requestValidatorId?: string;
  operationName?: string;
  requestParameters?: Record<string, boolean>;
  requestModels?: Record<string, string>;
  authorizationScopes?: string[];
  methodResponses?: Record<string, MethodResponseWire>;
  methodIntegration?: IntegrationWire;
}

/** A method with what GetMethod embeds: its responses and its integration (with the integration's responses). */
export type FullMethod = Method & {
  methodResponses: MethodResponse[];
  integration: (Integration & { integrationResponses: IntegrationResponse[] }) | null;
};

/** Prisma `include` that loads a FullMethod. */
export const fullMethodInclude = { methodResponses: true, integration: { include: { integrationResponses: true } } } as const;

export function toMethodResponseWire(row: MethodResponse): MethodResponseWire {
  return {
    statusCode: row.statusCode,
    ...(nonEmpty(jsonRecord<boolean>(row.responseParameters)) && { responseParameters: jsonRecord<boolean>(row.responseParameters) }),
    ...(nonEmpty(jsonRecord<string>(row.responseModels)) && { responseModels: jsonRecord<string>(row.responseModels) }),
  };
}

export function toMethodWire(row: Method, full?: Omit<FullMethod, keyof Method>): MethodWire {
  const methodResponses = Object.fromEntries((full?.methodResponses ?? []).map((r) => [r.statusCode, toMethodResponseWire(r)]));
  return {
    httpMethod: row.httpMethod,
    authorizationType: row.authorizationType,
    ...(row.authorizerId !== null && { authorizerId: row.authorizerId }),
    apiKeyRequired: row.apiKeyRequired,
    ...(row.requestValidatorId !== null && { requestValidatorId: row.requestValidatorId }),
    ...(row.operationName !== null && { operationName: row.operationName }),
    ...(nonEmpty(jsonRecord<boolean>(row.requestParameters)) && { requestParameters: jsonRecord<boolean>(row.requestParameters) }),
    ...(nonEmpty(jsonRecord<string>(row.requestModels)) && { requestModels: jsonRecord<string>(row.requestModels) }),
    ...(row.authorizationScopes.length > 0 && { authorizationScopes: row.authorizationScopes }),
    ...(nonEmpty(methodResponses) && { methodResponses }),
    ...(full?.integration && { methodIntegration: toIntegrationWire(full.integration, full.integration.integrationResponses) }),
  };
}
