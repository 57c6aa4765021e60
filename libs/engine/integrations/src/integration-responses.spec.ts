import { integrationResponseHeaders } from './integration-response-headers.js';
import { compileIntegrationResponses, isStaticTemplate } from './integration-responses.js';
import { testMethodRequest } from './test-method-request.js';

const base = { responseParameters: {}, responseTemplates: {} };

describe('compileIntegrationResponses', () => {
  const compiled = compileIntegrationResponses(
    {
      '200': { ...base, statusCode: '200' },
      '400': { ...base, statusCode: '400', selectionPattern: '4\\d\\d' },
      '500': { ...base, statusCode: '500', selectionPattern: '5.*' },
    },
    {},
  );
  if (!compiled.ok) throw new Error(compiled.reason);

  it.each([
    ['200', 200],
    ['404', 400],
    ['4040', 200],
    ['503', 500],
    ['301', 200],
  ])('%s selects %s (whole-string match, default otherwise)', (key, status) => {
    expect(compiled.value.select(key)?.statusCode).toBe(status);
  });

  it('has no answer without a default', () => {
    const only = compileIntegrationResponses({ '201': { ...base, statusCode: '201', selectionPattern: '2\\d\\d' } }, {});
    expect(only.ok && only.value.select('404')).toBeUndefined();
  });

  it('refuses an invalid pattern, a VTL template that does not parse and a bad target', () => {
    expect(compileIntegrationResponses({ '200': { ...base, statusCode: '200', selectionPattern: '(' } }, {}).ok).toBe(false);
    expect(compileIntegrationResponses({ '200': { ...base, statusCode: '200', responseTemplates: { 'application/json': '#set($a = )' } } }, {}).ok).toBe(false);
    expect(compileIntegrationResponses({ '200': { ...base, statusCode: '200', responseParameters: { 'method.response.body': "'x'" } } }, {}).ok).toBe(false);
  });

  it('keeps a static template as the body and notes body-reading mappings', () => {
    const c = compileIntegrationResponses(
      {
        '200': {
          statusCode: '200',
          responseParameters: { 'method.response.header.x': 'integration.response.body.$.a' },
          responseTemplates: { 'text/plain': 'hello', 'application/json': '{"ok":true}' },
        },
      },
      {},
    );
    expect(c.ok && c.value.select('200')).toMatchObject({ needsBody: true, body: { contentType: 'application/json', text: '{"ok":true}' } });
  });

  it('compiles VTL templates and buffers the body they read', () => {
    const c = compileIntegrationResponses({ '200': { ...base, statusCode: '200', responseTemplates: { 'application/json': '$input.body' } } }, { v: '1' });
    const chosen = c.ok ? c.value.select('200') : undefined;
    expect(chosen).toMatchObject({ needsBody: true, body: undefined, stageVariables: { v: '1' } });
    expect([...(chosen?.templates?.keys() ?? [])]).toEqual(['application/json']);
  });

  it('maps method response headers under lower-case names, as node sends them', () => {
    const c = compileIntegrationResponses({ '200': { ...base, statusCode: '200', responseParameters: { 'method.response.header.X-Custom': "'v'" } } }, {});
    const chosen = c.ok ? c.value.select('200') : undefined;
    if (!chosen) throw new Error('no default response');
    const request = testMethodRequest({});
    expect(integrationResponseHeaders(chosen, request, { headers: {} })).toMatchObject({ 'x-custom': 'v' });
  });

  it('isStaticTemplate', () => {
    expect(isStaticTemplate('{"a": 1}')).toBe(true);
    expect(isStaticTemplate('$input.json("$")')).toBe(false);
    expect(isStaticTemplate('#set($a = 1)')).toBe(false);
  });
});
