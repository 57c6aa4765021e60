import type { HttpAuthorizerWire } from '@portico/admin-wire';
import type { V2Authorizer } from '@portico/db';
import { compact } from '../v2-wire.js';
import type { AuthorizerState } from './authorizer.input.js';

/** AWS's `Authorizer` on the wire (spec §1.3). */
export function toAuthorizerWire(row: V2Authorizer): HttpAuthorizerWire {
  const jwt = row.jwtConfiguration as AuthorizerState['jwtConfiguration'];
  return compact({
    authorizerId: row.id,
    authorizerCredentialsArn: row.authorizerCredentialsArn ?? undefined,
    authorizerPayloadFormatVersion: row.authorizerPayloadFormatVersion ?? undefined,
    authorizerResultTtlInSeconds: row.authorizerResultTtlInSeconds ?? undefined,
    authorizerType: row.authorizerType,
    authorizerUri: row.authorizerUri ?? undefined,
    // HTTP APIs' REQUEST authorizers have a payload format version; WebSocket ones have none and no simple responses.
    enableSimpleResponses: row.authorizerType === 'REQUEST' && row.authorizerPayloadFormatVersion !== null ? row.enableSimpleResponses : undefined,
    identitySource: row.identitySource,
    identityValidationExpression: row.identityValidationExpression ?? undefined,
    jwtConfiguration: jwt ? compact({ audience: jwt.audience, issuer: jwt.issuer }) : undefined,
    name: row.name,
  });
}

export function authorizerStateOf(row: V2Authorizer): AuthorizerState {
  return {
    name: row.name,
    authorizerType: row.authorizerType as AuthorizerState['authorizerType'],
    authorizerUri: row.authorizerUri,
    authorizerCredentialsArn: row.authorizerCredentialsArn,
    authorizerPayloadFormatVersion: row.authorizerPayloadFormatVersion as AuthorizerState['authorizerPayloadFormatVersion'],
    authorizerResultTtlInSeconds: row.authorizerResultTtlInSeconds,
    enableSimpleResponses: row.enableSimpleResponses,
    identitySource: [...row.identitySource],
    identityValidationExpression: row.identityValidationExpression,
    jwtConfiguration: row.jwtConfiguration as AuthorizerState['jwtConfiguration'],
  };
}
