import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildProxyEvent, type ProxyEventRequest } from './proxy-event.js';

const fixtures = fileURLToPath(new URL('../test/fixtures/', import.meta.url));
const vector = JSON.parse(readFileSync(`${fixtures}apigw-request.json`, 'utf8')) as Record<string, unknown>;
const openApiVector = JSON.parse(readFileSync(`${fixtures}apigw-restapi-openapi-request.json`, 'utf8')) as Record<string, unknown>;

/** The request of AWS's sample event (aws-lambda-go `apigw-request.json`), as the gateway sees it. */
export function sampleRequest(overrides: Partial<ProxyEventRequest> = {}): ProxyEventRequest {
  return {
    resource: '/{proxy+}',
    path: '/hello/world',
    httpMethod: 'POST',
    rawHeaders: ['Accept', '*/*', 'Content-Type', 'application/json', 'headerName', 'headerValue', 'Host', 'gy415nuibc.execute-api.us-east-1.amazonaws.com', 'User-Agent', 'PostmanRuntime/2.4.5', 'Content-Length', '12'],
    rawQuery: 'name=me',
    pathParameters: { proxy: 'hello/world' },
    stageVariables: { stageVariableName: 'stageVariableValue' },
    body: Buffer.from('{\r\n\t"a": 1\r\n}'),
    isBase64Encoded: false,
    forwarded: { sourceIp: '192.168.196.186', port: 443, proto: 'https', traceId: 'Root=1-5e66d96f-7491f09xmpl79d18acf3d050' },
    requestContext: {
      accountId: '123456789012',
      apiId: 'gy415nuibc',
      resourceId: 'roq9wj',
      resourcePath: '/{proxy+}',
      httpMethod: 'POST',
      path: '/testStage/hello/world',
      protocol: 'HTTP/1.1',
      stage: 'testStage',
      deploymentId: 'du4ot1',
      requestId: 'deef4878-7910-11e6-8f14-25afc3e9ae33',
      extendedRequestId: 'TWegAcC4EowCHnA=',
      requestTime: '15/May/2020:06:01:09 +0000',
      requestTimeEpoch: 1589522469693,
      domainName: 'gy415nuibc.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'gy415nuibc',
      identity: { sourceIp: '192.168.196.186', userAgent: 'PostmanRuntime/2.4.5' },
    },
    ...overrides,
  };
}

type Shape = string | { [key: string]: Shape } | Shape[];

// Identity fields are strings when the caller has them (IAM, Cognito) and null otherwise: one format.
const NULLABLE = new Set(['cognitoIdentityPoolId', 'accountId', 'cognitoIdentityId', 'caller', 'principalOrgId', 'accessKey',
  'cognitoAuthenticationType', 'cognitoAuthenticationProvider', 'userArn', 'user', 'userAgent', 'body']);

/** The value format: JSON type, plus the patterns AWS's formatted strings follow. */
function shapeOf(value: unknown, key = ''): Shape {
  if (NULLABLE.has(key) && (value === null || typeof value === 'string')) return 'string or null';
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? [] : [shapeOf(value[0])];
  if (typeof value === 'object') {
    // Header, query, path-parameter and stage-variable maps have data-dependent keys: compare their values only.
    if (['headers', 'multiValueHeaders', 'queryStringParameters', 'multiValueQueryStringParameters', 'pathParameters', 'stageVariables'].includes(key)) {
      return `map of ${[...new Set(Object.values(value as object).map((v) => JSON.stringify(shapeOf(v))))].join('|')}`;
    }
    return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, shapeOf(v, k)]).sort(([a], [b]) => (a < b ? -1 : 1)));
  }
  if (key === 'requestTime') return /^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/.test(String(value)) ? 'dd/MMM/yyyy:HH:mm:ss +0000' : `bad ${String(value)}`;
  if (key === 'extendedRequestId') return /^[A-Za-z0-9+/_-]{15}=$/.test(String(value)) ? 'base64 id' : `bad ${String(value)}`;
  if (key === 'requestTimeEpoch') return Number.isInteger(value) && Number(value) > 1e12 ? 'epoch ms' : `bad ${String(value)}`;
  return typeof value;
}

/**
 * Keys present in the samples only in situations other than the one compared: an mTLS client certificate, an
 * API key (the method requires one), a Lambda authorizer's context, the operation name (set on the method),
 * and `principalOrgId`/`deploymentId`, which real events carry (spec §2.4) but this 2016 sample predates.
 */
function withoutSituational(shape: Shape): Shape {
  const copy = JSON.parse(JSON.stringify(shape)) as { requestContext: Record<string, Shape> & { identity: Record<string, Shape> } };
  for (const key of ['authorizer', 'operationName', 'deploymentId']) delete copy.requestContext[key];
  for (const key of ['clientCert', 'apiKey', 'apiKeyId', 'principalOrgId']) delete copy.requestContext.identity[key];
  return copy as unknown as Shape;
}

describe('buildProxyEvent against AWS sample events', () => {
  it('has the same key sets and value formats as apigw-request.json', () => {
    const event = buildProxyEvent(sampleRequest());
    expect(withoutSituational(shapeOf(event))).toEqual(withoutSituational(shapeOf({ ...vector, isBase64Encoded: false })));
  });

  it('carries operationName, the API key and the authorizer context when the request has them, as apigw-restapi-openapi-request.json', () => {
    const base = sampleRequest();
    const event = buildProxyEvent({
      ...base,
      requestContext: {
        ...base.requestContext,
        operationName: 'HelloWorld',
        identity: { ...base.requestContext.identity, apiKey: 'theApiKey', apiKeyId: 'theApiKeyId' },
        authorizer: { principalId: 'admin', clientId: 1, clientName: 'Exata' },
      },
    });
    const expected = shapeOf({ ...openApiVector, isBase64Encoded: false }) as { requestContext: { identity: Record<string, Shape> } };
    const actual = shapeOf(event) as { requestContext: { identity: Record<string, Shape>; deploymentId?: Shape } };
    delete actual.requestContext.deploymentId;
    delete actual.requestContext.identity.principalOrgId;
    expect(Object.keys(actual.requestContext).sort()).toEqual(Object.keys(expected.requestContext).sort());
    expect(actual).toEqual(expected);
  });

  it('maps headers and query strings single- and multi-valued; empty maps are null; framing headers are not forwarded', () => {
    const event = buildProxyEvent(
      sampleRequest({
        rawHeaders: ['Accept', 'a', 'accept', 'b', 'X-Forwarded-For', '10.0.0.1', 'Connection', 'keep-alive'],
        rawQuery: 'a=1&a=2&b=x+y%2B&c',
        pathParameters: {},
        stageVariables: {},
        body: undefined,
      }),
    );
    expect(event.headers).toMatchObject({ Accept: 'b', 'X-Forwarded-For': '10.0.0.1, 192.168.196.186', 'X-Forwarded-Port': '443', 'X-Forwarded-Proto': 'https' });
    expect(event.multiValueHeaders).toMatchObject({ Accept: ['a', 'b'] });
    expect(event.headers).not.toHaveProperty('Connection');
    expect(event.queryStringParameters).toEqual({ a: '2', b: 'x y+', c: '' });
    expect(event.multiValueQueryStringParameters).toEqual({ a: ['1', '2'], b: ['x y+'], c: [''] });
    expect(event.pathParameters).toBeNull();
    expect(event.stageVariables).toBeNull();
    expect(event.body).toBeNull();
    expect(buildProxyEvent(sampleRequest({ rawQuery: '' })).queryStringParameters).toBeNull();
  });

  it('base64-encodes binary bodies', () => {
    const event = buildProxyEvent(sampleRequest({ body: Buffer.from([0, 1, 2, 255]), isBase64Encoded: true }));
    expect(event).toMatchObject({ body: 'AAEC/w==', isBase64Encoded: true });
  });
});
