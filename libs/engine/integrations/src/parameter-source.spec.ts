import { compileParameterSource, type ParameterSource } from './parameter-source.js';
import { testMethodRequest } from './test-method-request.js';

const scope = { allowIntegrationResponse: true, allowMethodRequest: true, stageVariables: { color: 'blue' } };

function source(expression: string): ParameterSource {
  const compiled = compileParameterSource(expression, scope);
  if (!compiled.ok) throw new Error(compiled.reason);
  return compiled.source;
}

const request = testMethodRequest({
  rawQuery: 'a=1&a=2&b=x+y&c=%2B',
  rawHeaders: ['X-One', 'first', 'x-one', 'second', 'Accept', 'text/html'],
  headers: { 'x-one': 'first, second', accept: 'text/html' },
  pathParameters: { id: 'a%2Fb' },
  context: { requestId: 'req-1', 'identity.sourceIp': '1.2.3.4' },
});
const response = { headers: { 'x-up': 'u', 'set-cookie': ['a=1', 'b=2'] }, body: '{"a":{"b":[1,2]},"s":"text"}' };

describe('compileParameterSource', () => {
  it.each([
    ["'static value'", 'static value'],
    ['stageVariables.color', 'blue'],
    ['stageVariables.missing', ''],
    ['context.requestId', 'req-1'],
    ['context.identity.sourceIp', '1.2.3.4'],
    ['method.request.path.id', 'a%2Fb'],
    ['method.request.querystring.a', '2'],
    ['method.request.querystring.b', 'x y'],
    ['method.request.querystring.c', '+'],
    ['method.request.multivaluequerystring.a', ['1', '2']],
    ['method.request.header.X-ONE', 'first, second'],
    ['method.request.multivalueheader.x-one', ['first', 'second']],
    ['method.request.querystring.none', undefined],
    ['integration.response.header.X-Up', 'u'],
    ['integration.response.multivalueheader.set-cookie', ['a=1', 'b=2']],
    ['integration.response.body', '{"a":{"b":[1,2]},"s":"text"}'],
    ['integration.response.body.$.a.b', '[1,2]'],
    ['integration.response.body.$.s', 'text'],
    ['integration.response.body.$.nope', undefined],
    // AWS's own form has no `$` (x-amazon-apigateway-integration.responseParameters example).
    ['integration.response.body.a.b', '[1,2]'],
    ['integration.response.body.a.b[1]', '2'],
  ])('%s', (expression, expected) => {
    expect(source(expression)(request, response)).toEqual(expected);
  });

  it('parses a response body once for all of its body mappings', () => {
    let reads = 0;
    const view = {
      headers: {},
      get body() {
        reads++;
        return '{"a":{"b":[1,2]},"s":"text"}';
      },
    };
    expect(source('integration.response.body.a.b')(request, view)).toBe('[1,2]');
    expect(source('integration.response.body.s')(request, view)).toBe('text');
    expect(source('integration.response.body.$.nope')(request, view)).toBeUndefined();
    expect(reads).toBe(1);
    expect(source('integration.response.body.s')(request, { headers: {}, body: 'not json' })).toBeUndefined();
  });

  it.each([
    ['method.request.body', 'not supported yet'],
    ['method.request.cookie.x', 'invalid mapping expression'],
    ['integration.response.body.$.a[?(@.b)]', 'not a JSONPath'],
    ['nonsense', 'invalid mapping expression'],
  ])('refuses %s', (expression, reason) => {
    const compiled = compileParameterSource(expression, scope);
    expect(compiled.ok).toBe(false);
    expect(!compiled.ok && compiled.reason).toContain(reason);
  });

  it('refuses integration.response.* where only the method request exists', () => {
    expect(compileParameterSource('integration.response.body', { ...scope, allowIntegrationResponse: false }).ok).toBe(false);
  });
});
