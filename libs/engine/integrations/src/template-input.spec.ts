import { compileTemplate } from '@portico/engine-mapping';
import { methodRequestParams, templateInput } from './template-input.js';
import { testMethodRequest } from './test-method-request.js';

function render(source: string, request = testMethodRequest(), body = ''): string {
  const compiled = compileTemplate(source);
  if (!compiled.ok) throw new Error(compiled.reason);
  const result = compiled.template.render(templateInput(request, body, { fn: 'f' }));
  if (!result.ok) throw new Error(result.message);
  return result.output;
}

describe('templateInput', () => {
  it('$input.params() of a method request: path raw, query decoded (last value), headers as sent (last value)', () => {
    const request = testMethodRequest({
      pathParameters: { id: 'a%2Fb' },
      rawQuery: 'q=x+y&q=z%21&flag',
      rawHeaders: ['X-Trace', 'one', 'x-trace', 'two', 'Accept', '*/*'],
    });
    expect(methodRequestParams(request)).toEqual({
      path: { id: 'a%2Fb' },
      querystring: { q: 'z!', flag: '' },
      header: { 'X-Trace': 'two', Accept: '*/*' },
    });
  });

  it('$context: known variables unset on the request render empty, not as reference text', () => {
    const request = testMethodRequest({ context: { stage: 'prod', 'identity.sourceIp': '198.51.100.7' } });
    expect(render('[$context.stage][$context.identity.sourceIp][$context.identity.apiKey][$context.authorizer.principalId][$stageVariables.fn]', request)).toBe(
      '[prod][198.51.100.7][][][f]',
    );
  });

  it("$context.authorizer: an authorizer's principal, context keys and Cognito claims", () => {
    const lambda = testMethodRequest({ authorizerEventContext: () => ({ principalId: 'user-1', tenant: 'acme', integrationLatency: 3 }) });
    expect(render('$context.authorizer.principalId/$context.authorizer.tenant', lambda)).toBe('user-1/acme');
    const cognito = testMethodRequest({ authorizerEventContext: () => ({ claims: { sub: 'abc', email: 'a@example.com' }, scopes: null }) });
    expect(render('$context.authorizer.claims.sub $context.authorizer.claims.email', cognito)).toBe('abc a@example.com');
  });
});
