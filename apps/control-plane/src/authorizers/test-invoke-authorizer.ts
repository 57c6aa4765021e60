import type { AuthorizerSnapshot } from '@portico/contracts';
import { compileAuthorizer, parsePluginUri, type AuthorizationInput, type PluginRegistry } from '@portico/engine-authorizers';
import type { Authorizer } from '@portico/db';
import { read, bodyObject } from '../common/validation.js';

/** TestInvokeAuthorizer's response (AWS's shape). */
export interface TestInvokeAuthorizerWire {
  clientStatus: number;
  log: string;
  latency: number;
  principalId?: string;
  policy?: string;
  authorization?: Record<string, string[]>;
  claims?: Record<string, string>;
}

const TEST_STAGE = 'test-invoke-stage';

/**
 * Runs an authorizer once against a request described in the body (`headers`, `multiValueHeaders`,
 * `pathWithQueryString`, `stageVariables`), as API Gateway's console test does: the answer says what a client
 * would get (`clientStatus`) and, on success, the principal, policy and claims. Lambda authorizers need the
 * data plane's function runner, which the control plane does not have: they answer clientStatus 500 with a log.
 */
export async function testInvokeAuthorizer(
  row: Authorizer,
  body: unknown,
  options: { region: string; accountId: string; registry: PluginRegistry; cognitoEndpoint?: string },
): Promise<TestInvokeAuthorizerWire> {
  const obj = bodyObject(body);
  const headers = read.stringMap(obj, 'headers') ?? {};
  const multiValueHeaders = (read.object(obj, 'multiValueHeaders') ?? {}) as Record<string, unknown>;
  const stageVariables = read.stringMap(obj, 'stageVariables') ?? {};
  const target = read.string(obj, 'pathWithQueryString') ?? '/';
  const [rawPath, rawQuery = ''] = target.split('?', 2);
  const path = rawPath.startsWith('/') ? rawPath : `/${rawPath}`;

  const rawHeaders: string[] = [];
  const lower: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    rawHeaders.push(name, value);
    lower[name.toLowerCase()] = value;
  }
  for (const [name, values] of Object.entries(multiValueHeaders)) {
    if (!Array.isArray(values)) continue;
    for (const value of values) if (typeof value === 'string') rawHeaders.push(name, value);
    lower[name.toLowerCase()] ??= values.filter((v): v is string => typeof v === 'string').join(', ');
  }
  const query = new URLSearchParams(rawQuery);
  const multiQuery: Record<string, string[]> = {};
  for (const name of new Set(query.keys())) multiQuery[name] = query.getAll(name);

  const snapshot: AuthorizerSnapshot = {
    id: row.id,
    name: row.name,
    type: row.type as AuthorizerSnapshot['type'],
    providerARNs: row.providerARNs,
    ...(row.authType !== null && { authType: row.authType }),
    ...(row.authorizerUri !== null && { authorizerUri: row.authorizerUri }),
    ...(row.identitySource !== null && { identitySource: row.identitySource }),
    ...(row.identityValidationExpression !== null && { identityValidationExpression: row.identityValidationExpression }),
    // A test always runs the authorizer: nothing is served from a cache.
    authorizerResultTtlInSeconds: 0,
  };
  const started = performance.now();
  const compiled = compileAuthorizer(snapshot, { apiId: row.restApiId, stageName: TEST_STAGE, variables: stageVariables }, {
    registry: options.registry,
    cognitoEndpoint: options.cognitoEndpoint,
  });
  const log: string[] = [`Execution log for request test-request`, `${new Date().toUTCString()} : Starting authorizer: ${row.id} for request: test-request`];
  const latency = (): number => Math.round(performance.now() - started);
  if (!compiled.ok) {
    const lambda = row.type !== 'COGNITO_USER_POOLS' && !parsePluginUri(row.authorizerUri ?? undefined);
    const reason = lambda ? 'Lambda authorizers run in the data plane (its function runner); test them by calling a method that uses them' : compiled.reason;
    log.push(`${new Date().toUTCString()} : Execution failed due to configuration error: ${reason}`);
    return { clientStatus: 500, log: log.join('\n'), latency: latency() };
  }
  const methodArn = `arn:aws:execute-api:${options.region}:${options.accountId}:${row.restApiId}/${TEST_STAGE}/GET${path}`;
  const input: AuthorizationInput = {
    methodArn,
    httpMethod: 'GET',
    resource: path,
    path,
    headers: lower,
    rawHeaders,
    query: (name) => multiQuery[name],
    multiValueQuery: () => multiQuery,
    pathParameters: {},
    contextValue: () => undefined,
    requestContext: {
      accountId: options.accountId,
      apiId: row.restApiId,
      stage: TEST_STAGE,
      requestId: 'test-request',
      resourceId: 'test-invoke',
      resourcePath: path,
      httpMethod: 'GET',
      path: `/${TEST_STAGE}${path}`,
      requestTimeEpoch: Date.now(),
      identity: { sourceIp: 'test-invoke-source-ip' },
    },
    authorizationScopes: [],
  };
  try {
    const outcome = await compiled.authorizer.authorize(input, 'test-request');
    log.push(`${new Date().toUTCString()} : Authorizer result: ${outcome.kind}${outcome.kind === 'allow' ? '' : ` (${outcome.reason})`}`);
    switch (outcome.kind) {
      case 'allow':
        return {
          clientStatus: 200,
          log: log.join('\n'),
          latency: latency(),
          principalId: outcome.principalId,
          ...(outcome.policy && { policy: JSON.stringify(outcome.policy) }),
          authorization: Object.fromEntries(Object.entries(outcome.context).map(([k, v]) => [k, [String(v)]])),
          ...(outcome.claims && { claims: { ...outcome.claims } }),
        };
      case 'unauthorized':
        return { clientStatus: 401, log: log.join('\n'), latency: latency() };
      case 'denied':
        return { clientStatus: 403, log: log.join('\n'), latency: latency(), ...(outcome.policy && { policy: JSON.stringify(outcome.policy) }) };
      case 'error':
        return { clientStatus: 500, log: log.join('\n'), latency: latency() };
    }
  } finally {
    await compiled.authorizer.close();
  }
}
