import { badRequest } from '@portico/contracts';

export const httpMethods = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'ANY'] as const;
export const authorizationTypes = ['NONE', 'AWS_IAM', 'CUSTOM', 'COGNITO_USER_POOLS'] as const;

const REQUEST_PARAMETER = /^method\.request\.(path|querystring|header|multivaluequerystring|multivalueheader)\.([^.\s][^\s]*)$/;
const RESPONSE_PARAMETER = /^method\.response\.header\.[^\s]+$/;

export function checkHttpMethod(httpMethod: string): void {
  if (!(httpMethods as readonly string[]).includes(httpMethod)) {
    throw badRequest(`Invalid HttpMethod specified. Valid options are ${httpMethods.join(',')}`);
  }
}

/**
 * AWS accepts the authorization type in any case (`"none"` works, and Terraform modules send it so) and answers
 * with it as sent; Portico compares and deploys it upper-cased.
 */
export function normalAuthorizationType(type: string): string {
  return type.toUpperCase();
}

export function checkAuthorizationType(type: string): void {
  if (!(authorizationTypes as readonly string[]).includes(normalAuthorizationType(type))) {
    throw badRequest(`Invalid authorization type specified. Valid options are ${authorizationTypes.join(',')}`);
  }
}

/** `method.request.{location}.{name}` keys; a name may appear in only one of querystring, header and path. */
export function checkRequestParameters(parameters: Record<string, boolean>): void {
  const seen = new Set<string>();
  for (const key of Object.keys(parameters)) {
    const m = REQUEST_PARAMETER.exec(key);
    if (!m) throw badRequest(`Invalid method request parameter specified: ${key}`);
    const name = m[2].toLowerCase();
    if (seen.has(name)) throw badRequest('Parameter names must be unique across querystring, header and path');
    seen.add(name);
  }
}

export function checkResponseParameters(parameters: Record<string, unknown>): void {
  for (const key of Object.keys(parameters)) {
    if (!RESPONSE_PARAMETER.test(key)) throw badRequest(`Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid response parameter name specified: ${key}]`);
  }
}

const STATUS_CODE = /^[1-5]\d\d$/;

/** Status-code path labels must match `[1-5]\d\d` (a ValidationException, like AWS's front end). */
export function statusCodeViolation(statusCode: string, inputName: string): string | undefined {
  return STATUS_CODE.test(statusCode)
    ? undefined
    : `1 validation error detected: Value '${statusCode}' at '${inputName}.statusCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [1-5]\\d\\d`;
}
