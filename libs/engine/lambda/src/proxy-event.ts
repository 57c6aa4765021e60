import { unescape as unescapeQuery } from 'node:querystring';

/** `requestContext.identity` (payload 1.0). Keys AWS always sends are null when unknown. */
export interface ProxyIdentity {
  readonly sourceIp: string;
  readonly userAgent: string | null;
  readonly accountId?: string | null;
  readonly caller?: string | null;
  readonly user?: string | null;
  readonly userArn?: string | null;
  readonly accessKey?: string | null;
  readonly principalOrgId?: string | null;
  readonly cognitoIdentityPoolId?: string | null;
  readonly cognitoIdentityId?: string | null;
  readonly cognitoAuthenticationType?: string | null;
  readonly cognitoAuthenticationProvider?: string | null;
  /** Only when the method requires an API key. */
  readonly apiKey?: string;
  readonly apiKeyId?: string;
}

export interface ProxyRequestContext {
  readonly accountId: string;
  readonly apiId: string;
  readonly resourceId: string;
  readonly resourcePath: string;
  readonly httpMethod: string;
  readonly path: string;
  readonly protocol: string;
  readonly stage: string;
  readonly deploymentId: string;
  readonly requestId: string;
  readonly extendedRequestId: string;
  readonly requestTime: string;
  readonly requestTimeEpoch: number;
  readonly domainName: string;
  readonly domainPrefix: string;
  readonly operationName?: string;
  readonly identity: ProxyIdentity;
  /** Lambda authorizer context (`principalId`, `integrationLatency`, keys) or Cognito `{claims, scopes}`. */
  readonly authorizer?: Readonly<Record<string, unknown>>;
}

/** What the gateway knows about a request, for payload format 1.0. */
export interface ProxyEventRequest {
  /** Resource path template (`/{proxy+}`). */
  readonly resource: string;
  /** Request path below the stage, raw (not decoded); `/` for the stage root. */
  readonly path: string;
  readonly httpMethod: string;
  /** node's raw header list `[name, value, …]`, names as the client sent them. */
  readonly rawHeaders: readonly string[];
  readonly rawQuery: string;
  readonly pathParameters: Readonly<Record<string, string>>;
  readonly stageVariables: Readonly<Record<string, string>>;
  readonly body: Buffer | undefined;
  /** The request's Content-Type matches the API's binaryMediaTypes: the body goes base64-encoded. */
  readonly isBase64Encoded: boolean;
  /** Headers the gateway adds (X-Forwarded-*, X-Amzn-Trace-Id), as AWS adds them. */
  readonly forwarded: { readonly sourceIp: string; readonly port: number; readonly proto: string; readonly traceId: string };
  readonly requestContext: ProxyRequestContext;
}

/** `requestContext.identity` as sent: AWS's keys, null when unknown; API key fields only when required. */
export interface ProxyEventIdentity {
  cognitoIdentityPoolId: string | null;
  accountId: string | null;
  cognitoIdentityId: string | null;
  caller: string | null;
  sourceIp: string;
  principalOrgId: string | null;
  accessKey: string | null;
  cognitoAuthenticationType: string | null;
  cognitoAuthenticationProvider: string | null;
  userArn: string | null;
  userAgent: string | null;
  user: string | null;
  apiKey?: string;
  apiKeyId?: string;
}

export interface ProxyEventContext {
  resourceId: string;
  resourcePath: string;
  httpMethod: string;
  extendedRequestId: string;
  requestTime: string;
  path: string;
  accountId: string;
  protocol: string;
  stage: string;
  domainPrefix: string;
  requestTimeEpoch: number;
  requestId: string;
  identity: ProxyEventIdentity;
  domainName: string;
  deploymentId: string;
  apiId: string;
  operationName?: string;
  authorizer?: Record<string, unknown>;
}

/** Payload format 1.0 (REST). Key order follows AWS's events. */
export interface ProxyEvent {
  resource: string;
  path: string;
  httpMethod: string;
  /** Never null in practice: the gateway always adds X-Forwarded-For/-Port/-Proto. */
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
  queryStringParameters: Record<string, string> | null;
  multiValueQueryStringParameters: Record<string, string[]> | null;
  pathParameters: Record<string, string> | null;
  stageVariables: Record<string, string> | null;
  requestContext: ProxyEventContext;
  body: string | null;
  isBase64Encoded: boolean;
}

// Hop-by-hop framing headers are the gateway's, not the function's (spec §2.4).
const NOT_FORWARDED = new Set(['connection', 'content-length', 'keep-alive', 'transfer-encoding', 'te', 'upgrade', 'proxy-connection']);

function headerMaps(request: ProxyEventRequest): { single: Record<string, string>; multi: Record<string, string[]> } {
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  // A name keeps the casing it was first sent with; repeated names (any case) collect under it.
  const casing = new Map<string, string>();
  const add = (name: string, value: string) => {
    const lower = name.toLowerCase();
    let key = casing.get(lower);
    if (key === undefined) casing.set(lower, (key = name));
    single[key] = value;
    (multi[key] ??= []).push(value);
  };
  const raw = request.rawHeaders;
  let forwardedFor: string | undefined;
  let trace = false;
  for (let i = 0; i < raw.length; i += 2) {
    const lower = raw[i].toLowerCase();
    if (NOT_FORWARDED.has(lower)) continue;
    if (lower === 'x-forwarded-for') {
      forwardedFor = forwardedFor === undefined ? raw[i + 1] : `${forwardedFor}, ${raw[i + 1]}`;
      continue;
    }
    if (lower === 'x-forwarded-port' || lower === 'x-forwarded-proto') continue;
    if (lower === 'x-amzn-trace-id') trace = true;
    add(raw[i], raw[i + 1]);
  }
  const { forwarded } = request;
  add('X-Forwarded-For', forwardedFor === undefined ? forwarded.sourceIp : `${forwardedFor}, ${forwarded.sourceIp}`);
  add('X-Forwarded-Port', String(forwarded.port));
  add('X-Forwarded-Proto', forwarded.proto);
  if (!trace) add('X-Amzn-Trace-Id', forwarded.traceId);
  return { single, multi };
}

function decode(text: string): string {
  return unescapeQuery(text.replace(/\+/g, ' '));
}

function queryMaps(rawQuery: string): { single: Record<string, string>; multi: Record<string, string[]> } | undefined {
  if (rawQuery === '') return undefined;
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  let any = false;
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = decode(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : decode(pair.slice(eq + 1));
    // Duplicates: the last value wins in the single-value map, all values are kept in the multi-value one.
    single[name] = value;
    (multi[name] ??= []).push(value);
    any = true;
  }
  return any ? { single, multi } : undefined;
}

const IDENTITY_KEYS = [
  'cognitoIdentityPoolId',
  'accountId',
  'cognitoIdentityId',
  'caller',
  'sourceIp',
  'principalOrgId',
  'accessKey',
  'cognitoAuthenticationType',
  'cognitoAuthenticationProvider',
  'userArn',
  'userAgent',
  'user',
] as const;

function identityOf(identity: ProxyIdentity): ProxyEventIdentity {
  const out: Record<string, string | null> = {};
  for (const key of IDENTITY_KEYS) out[key] = identity[key] ?? null;
  if (identity.apiKey !== undefined) out.apiKey = identity.apiKey;
  if (identity.apiKeyId !== undefined) out.apiKeyId = identity.apiKeyId;
  return out as unknown as ProxyEventIdentity;
}

function nonEmpty<T>(map: Readonly<Record<string, T>>): Record<string, T> | null {
  for (const _key in map) return { ...map };
  return null;
}

/**
 * Builds the Lambda proxy event (payload format 1.0) field for field (spec §2.4): empty maps are null, headers
 * and query strings come single- and multi-valued, path parameters stay raw, the body is base64 when binary.
 */
export function buildProxyEvent(request: ProxyEventRequest): ProxyEvent {
  const headers = headerMaps(request);
  const query = queryMaps(request.rawQuery);
  const rc = request.requestContext;
  const requestContext: ProxyEventContext = {
    resourceId: rc.resourceId,
    resourcePath: rc.resourcePath,
    httpMethod: rc.httpMethod,
    extendedRequestId: rc.extendedRequestId,
    requestTime: rc.requestTime,
    path: rc.path,
    accountId: rc.accountId,
    protocol: rc.protocol,
    stage: rc.stage,
    domainPrefix: rc.domainPrefix,
    requestTimeEpoch: rc.requestTimeEpoch,
    requestId: rc.requestId,
    identity: identityOf(rc.identity),
    domainName: rc.domainName,
    deploymentId: rc.deploymentId,
    apiId: rc.apiId,
  };
  if (rc.operationName !== undefined) requestContext.operationName = rc.operationName;
  if (rc.authorizer !== undefined) requestContext.authorizer = { ...rc.authorizer };
  const body = request.body;
  return {
    resource: request.resource,
    path: request.path,
    httpMethod: request.httpMethod,
    headers: headers.single,
    multiValueHeaders: headers.multi,
    queryStringParameters: query ? query.single : null,
    multiValueQueryStringParameters: query ? query.multi : null,
    pathParameters: nonEmpty(request.pathParameters),
    stageVariables: nonEmpty(request.stageVariables),
    requestContext,
    body: body === undefined || body.length === 0 ? null : request.isBase64Encoded ? body.toString('base64') : body.toString('utf8'),
    isBase64Encoded: request.isBase64Encoded,
  };
}
