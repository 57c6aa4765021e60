import type { Authorizer } from '@portico/db';

/** Authorizer as AWS's wire JSON (spec §1.3): optional members only when set. */
export interface AuthorizerWire {
  id: string;
  name: string;
  type: string;
  providerARNs?: string[];
  authType?: string;
  authorizerUri?: string;
  authorizerCredentials?: string;
  identitySource?: string;
  identityValidationExpression?: string;
  authorizerResultTtlInSeconds: number;
}

export function toAuthorizerWire(row: Authorizer): AuthorizerWire {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    ...(row.providerARNs.length > 0 && { providerARNs: row.providerARNs }),
    ...(row.authType !== null && { authType: row.authType }),
    ...(row.authorizerUri !== null && { authorizerUri: row.authorizerUri }),
    ...(row.authorizerCredentials !== null && { authorizerCredentials: row.authorizerCredentials }),
    ...(row.identitySource !== null && { identitySource: row.identitySource }),
    ...(row.identityValidationExpression !== null && { identityValidationExpression: row.identityValidationExpression }),
    authorizerResultTtlInSeconds: row.authorizerResultTtlInSeconds,
  };
}
