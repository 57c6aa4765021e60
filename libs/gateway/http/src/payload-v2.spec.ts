import { readFileSync } from 'node:fs';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { HttpRequest } from './http-request.js';
import { parseResponseV2 } from './lambda-response.js';
import { buildEventV2 } from './payload-v2.js';

const vector = (name: string): APIGatewayProxyEventV2 => JSON.parse(readFileSync(new URL(`../test/vectors/${name}`, import.meta.url), 'utf8')) as APIGatewayProxyEventV2;

function requestOf(sample: APIGatewayProxyEventV2, body?: string): HttpRequest {
  const headers: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(sample.headers)) headers[name.toLowerCase()] = String(value).split(',');
  if (sample.cookies) headers.cookie = [sample.cookies.join('; ')];
  return {
    method: sample.requestContext.http.method,
    rawPath: sample.rawPath,
    path: sample.rawPath,
    rawQueryString: sample.rawQueryString,
    headers,
    rawHeaders: [],
    body: body === undefined ? undefined : Buffer.from(body),
    sourceIp: sample.requestContext.http.sourceIp,
    domainName: sample.requestContext.domainName,
    requestId: sample.requestContext.requestId,
    timeEpoch: sample.requestContext.timeEpoch,
  };
}

describe('buildEventV2 against AWS sample events', () => {
  it('reproduces apigw-v2-request-no-authorizer.json (all but the mTLS block and the time of day)', () => {
    const sample = vector('apigw-v2-request-no-authorizer.json');
    const event = buildEventV2(requestOf(sample), {
      accountId: sample.requestContext.accountId,
      apiId: sample.requestContext.apiId,
      stage: '$default',
      routeKey: '$default',
      pathParameters: {},
      stageVariables: {},
    });
    const { authentication: _mtls, time: _time, ...expectedContext } = sample.requestContext;
    const { time, ...context } = event.requestContext;
    expect({ ...event, requestContext: context }).toEqual({ ...sample, requestContext: expectedContext });
    expect(time).toMatch(/^\d{2}\/Apr\/2020:\d{2}:\d{2}:\d{2} \+0000$/);
  });

  it('reproduces apigw-v2-request-jwt-authorizer.json (lower-cased header names, as the integration docs say)', () => {
    const sample = vector('apigw-v2-request-jwt-authorizer.json');
    const event = buildEventV2(requestOf(sample, sample.body), {
      accountId: sample.requestContext.accountId,
      apiId: sample.requestContext.apiId,
      stage: '$default',
      routeKey: '$default',
      pathParameters: (sample.pathParameters ?? {}) as Record<string, string>,
      stageVariables: (sample.stageVariables ?? {}) as Record<string, string>,
      authorizer: { jwt: { claims: { claim1: 'value1', claim2: 'value2' }, scopes: ['scope1', 'scope2'] } },
    });
    const lowerHeaders = Object.fromEntries(Object.entries(sample.headers).map(([k, v]) => [k.toLowerCase(), v]));
    const { authentication: _mtls, time: _time, ...expectedContext } = sample.requestContext;
    const { time: _t, ...context } = event.requestContext;
    // The sample's userAgent ("agent") is not among its headers: ours comes from the User-Agent header.
    const http = { ...expectedContext.http, userAgent: '' };
    expect({ ...event, requestContext: context }).toEqual({ ...sample, headers: lowerHeaders, requestContext: { ...expectedContext, http } });
  });
});

describe('parseResponseV2', () => {
  it('infers bare values and reads the explicit form', () => {
    expect(parseResponseV2('"Hello from Lambda!"')).toEqual({ ok: true, answer: { statusCode: 200, headers: [['content-type', 'application/json']], body: Buffer.from('Hello from Lambda!') } });
    expect(parseResponseV2('{"message":"hi"}')).toMatchObject({ ok: true, answer: { statusCode: 200, body: Buffer.from('{"message":"hi"}') } });
    expect(parseResponseV2('{"statusCode":201,"cookies":["a=1"],"body":"aGk=","isBase64Encoded":true}')).toEqual({
      ok: true,
      answer: { statusCode: 201, headers: [['set-cookie', 'a=1']], body: Buffer.from('hi') },
    });
    expect(parseResponseV2('not json').ok).toBe(false);
    expect(parseResponseV2('{"statusCode":99}').ok).toBe(false);
    expect(parseResponseV2('{"statusCode":200,"body":{}}').ok).toBe(false);
  });
});
