import { httpRequestHeaders, proxyRequestHeaders, proxyResponseHeaders } from './forwarded-headers.js';
import { compileRequestParameters } from './request-parameters.js';
import { testMethodRequest } from './test-method-request.js';

function pairs(flat: string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i < flat.length; i += 2) out.push([flat[i], flat[i + 1]]);
  return out;
}

describe('proxyRequestHeaders', () => {
  const mapped = compileRequestParameters({ 'integration.request.header.X-Replaced': "'mapped'" }, {});
  if (!mapped.ok) throw new Error(mapped.reason);

  it('drops the listed headers, keeps case and repeats, replaces mapped ones, adds forwarding headers', () => {
    const request = testMethodRequest({
      rawHeaders: ['Host', 'gw', 'Connection', 'keep-alive', 'X-Keep', 'a', 'x-keep', 'b', 'TE', 'trailers', 'Expect', '100-continue', 'x-replaced', 'client', 'X-Forwarded-For', '10.0.0.1', 'Content-Length', '5'],
    });
    const out = pairs(proxyRequestHeaders(request, mapped.value, 'api1', 5));
    expect(out).toEqual([
      ['X-Keep', 'a'],
      ['x-keep', 'b'],
      ['X-Replaced', 'mapped'],
      ['X-Forwarded-For', '10.0.0.1, 198.51.100.7'],
      ['X-Forwarded-Port', '8080'],
      ['X-Forwarded-Proto', 'http'],
      ['x-amzn-apigateway-api-id', 'api1'],
      ['X-Amzn-Trace-Id', 'Root=1-00000000-000000000000000000000000'],
      ['content-length', '5'],
    ]);
  });
});

describe('trace context headers', () => {
  const none = compileRequestParameters({}, {});
  if (!none.ok) throw new Error(none.reason);
  const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

  it('forwards a client traceparent unchanged when the gateway does not trace', () => {
    const request = testMethodRequest({ rawHeaders: ['traceparent', '00-11111111111111111111111111111111-2222222222222222-01'] });
    const out = pairs(proxyRequestHeaders(request, none.value, 'api1', undefined));
    expect(out.filter(([name]) => name === 'traceparent')).toEqual([['traceparent', '00-11111111111111111111111111111111-2222222222222222-01']]);
    expect(pairs(httpRequestHeaders(testMethodRequest(), none.value, 'api1', undefined)).some(([name]) => name.toLowerCase() === 'traceparent')).toBe(false);
  });

  it("replaces the client's traceparent and tracestate with the gateway's, beside X-Amzn-Trace-Id", () => {
    const request = testMethodRequest({
      rawHeaders: ['TraceParent', '00-11111111111111111111111111111111-2222222222222222-01', 'tracestate', 'a=1', 'X-Keep', 'k'],
      traceHeaders: ['traceparent', traceparent, 'tracestate', 'a=1'],
    });
    const out = pairs(proxyRequestHeaders(request, none.value, 'api1', 3));
    expect(out.filter(([name]) => /^trace(parent|state)$/i.test(name))).toEqual([
      ['traceparent', traceparent],
      ['tracestate', 'a=1'],
    ]);
    expect(out.map(([name]) => name)).toEqual(expect.arrayContaining(['X-Keep', 'X-Amzn-Trace-Id']));
    expect(out.at(-1)).toEqual(['content-length', '3']);
    const http = pairs(httpRequestHeaders(testMethodRequest({ traceHeaders: ['traceparent', traceparent] }), none.value, 'api1', undefined));
    expect(http.filter(([name]) => name === 'traceparent')).toEqual([['traceparent', traceparent]]);
  });
});

describe('proxyResponseHeaders', () => {
  const raw = (...flat: string[]): Buffer[] => flat.map((text) => Buffer.from(text, 'latin1'));

  it('remaps colliding headers, drops framing headers, adds the request ids', () => {
    const head = { responseLength: undefined as number | undefined };
    const out = proxyResponseHeaders(
      raw('Content-Length', '10', 'Date', 'd', 'Server', 's', 'Connection', 'keep-alive', 'Via', 'v', 'Transfer-Encoding', 'chunked', 'x-amzn-RequestId', 'up', 'Set-Cookie', 'a', 'set-cookie', 'b', 'Content-Encoding', 'gzip'),
      testMethodRequest(),
      head,
    );
    expect(pairs(out)).toEqual([
      ['x-amzn-Remapped-Content-Length', '10'],
      ['content-length', '10'],
      ['x-amzn-Remapped-Date', 'd'],
      ['x-amzn-Remapped-Server', 's'],
      ['x-amzn-Remapped-Connection', 'keep-alive'],
      ['x-amzn-Remapped-x-amzn-RequestId', 'up'],
      ['set-cookie', 'a'],
      ['set-cookie', 'b'],
      ['content-encoding', 'gzip'],
      ['x-amzn-RequestId', '11111111-2222-4333-8444-555555555555'],
      ['x-amz-apigw-id', 'AAAAAAAAAAAAAAA='],
    ]);
    expect(head.responseLength).toBe(10);
  });

  it('passes header bytes through unchanged and lets the gateway’s x-amz-apigw-id win', () => {
    const out = proxyResponseHeaders(raw('X-Name', 'caf\xe9', 'x-amz-apigw-id', 'backend'), testMethodRequest(), { responseLength: undefined });
    expect(pairs(out)).toEqual([
      ['x-name', 'caf\xe9'],
      ['x-amzn-RequestId', '11111111-2222-4333-8444-555555555555'],
      ['x-amz-apigw-id', 'AAAAAAAAAAAAAAA='],
    ]);
  });

  it('adds no REST request ids for a request that carries its own (HTTP APIs: apigw-requestid)', () => {
    const out = proxyResponseHeaders(raw('X-Name', 'v'), testMethodRequest({ restRequestIds: false }), { responseLength: undefined });
    expect(pairs(out)).toEqual([['x-name', 'v']]);
  });
});
