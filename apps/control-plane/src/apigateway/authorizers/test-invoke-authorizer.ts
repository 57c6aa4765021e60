import type { TestInvokeAuthorizerWire } from '@portico/admin-wire';
import type { AuthorizerSnapshot } from '@portico/contracts';
import { compileAuthorizer, type AuthorizationInput, type FunctionInvoker, type PluginRegistry } from '@portico/engine-authorizers';
import type { Authorizer } from '@portico/db';
import { read, bodyObject } from '../../common/validation.js';

// The wire shapes live in @portico/admin-wire, shared with the console so that the two cannot drift.
export type { TestInvokeAuthorizerWire };

const TEST_STAGE = 'test-invoke-stage';

/**
 * Runs an authorizer once against a request described in the body (`headers`, `multiValueHeaders`,
 * `pathWithQueryString`, `stageVariables`, `additionalContext` for `context.*` identity sources; `body` is
 * accepted and unused, as no authorizer event carries it), as API Gateway's console test does: the answer says
 * what a client would get (`clientStatus`) and, on success, the principal, policy and claims. Lambda authorizers
 * run through `invokeFunction` (the data plane's function runner) with the same event and output rules as a
 * request; the log shows the event sent and the function's answer.
 */
export async function testInvokeAuthorizer(
  row: Authorizer,
  body: unknown,
  options: { region: string; accountId: string; registry: PluginRegistry; cognitoEndpoint?: string; invokeFunction?: FunctionInvoker },
): Promise<TestInvokeAuthorizerWire> {
  const obj = bodyObject(body);
  const headers = read.stringMap(obj, 'headers') ?? {};
  const multiValueHeaders = (read.object(obj, 'multiValueHeaders') ?? {}) as Record<string, unknown>;
  const stageVariables = read.stringMap(obj, 'stageVariables') ?? {};
  const additionalContext = read.stringMap(obj, 'additionalContext') ?? {};
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
    // The authorizer's own TTL decides which identity sources must be present (REQUEST: only when cached), as on a
    // request; nothing is served from a cache, since every test compiles a fresh authorizer with an empty one.
    authorizerResultTtlInSeconds: row.authorizerResultTtlInSeconds,
  };
  const started = performance.now();
  const log: string[] = [`Execution log for request test-request`, `${new Date().toUTCString()} : Starting authorizer: ${row.id} for request: test-request`];
  const note = (line: string): void => {
    log.push(`${new Date().toUTCString()} : ${line}`);
  };
  const invoke = options.invokeFunction;
  // The same invoker a request uses, recording what went to the function and what came back (AWS's log lines).
  const invokeFunction: FunctionInvoker | undefined =
    invoke &&
    (async (uri, payload, invokeOptions) => {
      note(`Endpoint request URI: ${uri}`);
      note(`Endpoint request body after transformations: ${payload}`);
      const outcome = await invoke(uri, payload, invokeOptions);
      if (outcome.kind === 'success') note(`Endpoint response body before transformations: ${outcome.payload}`);
      else if (outcome.kind === 'function-error') note(`Lambda function error: ${JSON.stringify(outcome.error)}`);
      else note(`Lambda invocation failed: ${outcome.message}`);
      return outcome;
    });
  const compiled = compileAuthorizer(snapshot, { apiId: row.restApiId, stageName: TEST_STAGE, variables: stageVariables }, {
    registry: options.registry,
    cognitoEndpoint: options.cognitoEndpoint,
    invokeFunction,
  });
  const latency = (): number => Math.round(performance.now() - started);
  if (!compiled.ok) {
    note(`Execution failed due to configuration error: ${compiled.reason}`);
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
    contextValue: (name) => additionalContext[name],
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
    note(`Authorizer result: ${outcome.kind}${outcome.kind === 'allow' ? '' : ` (${outcome.reason})`}`);
    switch (outcome.kind) {
      case 'allow':
        return {
          // AWS: "Value is 0 if the authorizer succeeded."
          clientStatus: 0,
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
