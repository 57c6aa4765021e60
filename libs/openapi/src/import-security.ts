import type { AuthorizationType } from '@portico/contracts';
import type { ImportProblems } from './import-integration.js';
import { isObject } from './parse-document.js';
import type { AuthorizerDefinition } from './rest-api-definition.js';

/** What one security scheme of the document stands for in API Gateway. */
export type SecurityScheme =
  | { kind: 'authorizer'; authorizer: AuthorizerDefinition }
  | { kind: 'apiKey' }
  | { kind: 'iam' };

/**
 * Swagger `securityDefinitions` / OpenAPI 3 `components.securitySchemes` (spec §2, §4):
 * - with `x-amazon-apigateway-authorizer`: an Authorizer (created even when no operation uses it);
 * - `x-amazon-apigateway-authtype: awsSigv4` (any `aws…` term is reserved for IAM): AWS_IAM;
 * - an `apiKey` scheme named `x-api-key` in the header: the method requires an API key;
 * - anything else API Gateway cannot use (OAuth2, basic): a warning, and the scheme is ignored.
 */
export function importSecuritySchemes(raw: unknown, problems: ImportProblems): Map<string, SecurityScheme> {
  const schemes = new Map<string, SecurityScheme>();
  if (!isObject(raw)) return schemes;
  for (const [name, scheme] of Object.entries(raw)) {
    if (!isObject(scheme)) continue;
    const authType = typeof scheme['x-amazon-apigateway-authtype'] === 'string' ? scheme['x-amazon-apigateway-authtype'] : undefined;
    const extension = scheme['x-amazon-apigateway-authorizer'];
    if (isObject(extension)) {
      const authorizer = importAuthorizer(name, scheme, extension, authType, problems);
      if (authorizer) schemes.set(name, { kind: 'authorizer', authorizer });
    } else if (authType !== undefined && /^aws/i.test(authType)) {
      schemes.set(name, { kind: 'iam' });
    } else if (scheme.type === 'apiKey' && typeof scheme.name === 'string' && scheme.name.toLowerCase() === 'x-api-key' && scheme.in === 'header') {
      schemes.set(name, { kind: 'apiKey' });
    } else {
      problems.warn(`Unsupported security definition type '${String(scheme.type)}' for '${name}'. Ignoring.`);
    }
  }
  return schemes;
}

function importAuthorizer(
  name: string,
  scheme: Record<string, unknown>,
  ext: Record<string, unknown>,
  authType: string | undefined,
  problems: ImportProblems,
): AuthorizerDefinition | undefined {
  const type = typeof ext.type === 'string' ? ext.type.toUpperCase() : '';
  if (type !== 'TOKEN' && type !== 'REQUEST' && type !== 'COGNITO_USER_POOLS') {
    problems.error(`Unable to create authorizer '${name}': Invalid authorizer type specified: ${String(ext.type)}`);
    return undefined;
  }
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  // The scheme's own header stands for the identity source unless the extension names one (recorded on AWS).
  const fromScheme = scheme.in === 'header' && typeof scheme.name === 'string' ? `method.request.header.${scheme.name}` : undefined;
  const identitySource = str(ext.identitySource) ?? (type === 'REQUEST' ? undefined : fromScheme);
  const ttl = ext.authorizerResultTtlInSeconds;
  if (ttl !== undefined && (!Number.isInteger(ttl) || (ttl as number) < 0 || (ttl as number) > 3600)) {
    problems.error(`Unable to create authorizer '${name}': Invalid authorizer TTL specified: ${String(ttl)}`);
    return undefined;
  }
  const providerARNs = Array.isArray(ext.providerARNs) ? ext.providerARNs.filter((a): a is string => typeof a === 'string') : [];
  if (type === 'COGNITO_USER_POOLS' && providerARNs.length === 0) {
    problems.error(`Unable to create authorizer '${name}': ProviderARNs need to be specified for COGNITO_USER_POOLS authorizer`);
    return undefined;
  }
  if (type !== 'COGNITO_USER_POOLS' && str(ext.authorizerUri) === undefined) {
    problems.error(`Unable to create authorizer '${name}': Invalid Authorizer URI specified`);
    return undefined;
  }
  return {
    name,
    type,
    providerARNs,
    ...(authType !== undefined && { authType }),
    ...(str(ext.authorizerUri) !== undefined && { authorizerUri: str(ext.authorizerUri) }),
    ...(str(ext.authorizerCredentials) !== undefined && { authorizerCredentials: str(ext.authorizerCredentials) }),
    ...(identitySource !== undefined && { identitySource }),
    ...(str(ext.identityValidationExpression) !== undefined && { identityValidationExpression: str(ext.identityValidationExpression) }),
    ...(ttl !== undefined && { authorizerResultTtlInSeconds: ttl as number }),
  };
}

export interface MethodSecurity {
  authorizationType: AuthorizationType;
  authorizerName?: string;
  authorizationScopes: string[];
  apiKeyRequired: boolean;
}

/**
 * An operation's `security` (or the root's when the operation has none: AWS applies it, as recorded in 2025,
 * although the known-issues page says otherwise) and `x-amazon-apigateway-auth`, which wins for NONE/AWS_IAM.
 * The first requirement object that names a scheme API Gateway understands is used.
 */
export function methodSecurity(
  operation: Record<string, unknown>,
  rootSecurity: unknown,
  schemes: ReadonlyMap<string, SecurityScheme>,
): MethodSecurity {
  const result: MethodSecurity = { authorizationType: 'NONE', authorizationScopes: [], apiKeyRequired: false };
  const security = Array.isArray(operation.security) ? operation.security : Array.isArray(rootSecurity) ? rootSecurity : [];
  for (const requirement of security) {
    if (!isObject(requirement)) continue;
    let used = false;
    for (const [name, scopes] of Object.entries(requirement)) {
      const scheme = schemes.get(name);
      if (!scheme) continue;
      used = true;
      if (scheme.kind === 'apiKey') result.apiKeyRequired = true;
      else if (scheme.kind === 'iam') result.authorizationType = 'AWS_IAM';
      else {
        result.authorizationType = scheme.authorizer.type === 'COGNITO_USER_POOLS' ? 'COGNITO_USER_POOLS' : 'CUSTOM';
        result.authorizerName = name;
        if (scheme.authorizer.type === 'COGNITO_USER_POOLS' && Array.isArray(scopes)) {
          result.authorizationScopes = scopes.filter((s): s is string => typeof s === 'string');
        }
      }
    }
    if (used) break;
  }
  const auth = operation['x-amazon-apigateway-auth'];
  if (isObject(auth) && typeof auth.type === 'string') {
    const type = auth.type.toUpperCase();
    if (type === 'AWS_IAM' || type === 'NONE') {
      result.authorizationType = type;
      delete result.authorizerName;
      result.authorizationScopes = [];
    }
  }
  return result;
}
