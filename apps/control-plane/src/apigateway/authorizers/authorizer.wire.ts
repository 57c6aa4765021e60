import type { Authorizer } from '@portico/db';
import type { AuthorizerWire } from '@portico/admin-wire';

// The wire shapes live in @portico/admin-wire, shared with the console so that the two cannot drift.
export type { AuthorizerWire };

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
