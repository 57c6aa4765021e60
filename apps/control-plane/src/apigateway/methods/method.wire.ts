import type { MethodResponseWire, MethodWire } from '@portico/admin-wire';
import type { Integration, IntegrationResponse, Method, MethodResponse } from '@portico/db';
import { jsonRecord, nonEmpty } from '../../common/lookups.js';
import { toIntegrationWire } from '../integrations/integration.wire.js';

// The wire shapes live in @portico/admin-wire, shared with the console so that the two cannot drift.
export type { MethodResponseWire, MethodWire };

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
