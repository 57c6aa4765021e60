import { compileIntegrationUri, type CompiledUri } from './integration-uri.js';
import { compileRequestParameters, type CompiledRequestParameters } from './request-parameters.js';
import { compileRequestTarget } from './request-target.js';
import { testMethodRequest } from './test-method-request.js';

function compile(uri: string, mappings: Record<string, string> = {}): [CompiledUri, CompiledRequestParameters] {
  const u = compileIntegrationUri(uri, {});
  const m = compileRequestParameters(mappings, {});
  if (!u.ok || !m.ok) throw new Error('compile failed');
  return [u.value, m.value];
}

describe('buildRequestTarget', () => {
  it('HTTP_PROXY forwards the raw client query after the URI’s own', () => {
    const [uri, mapped] = compile('http://h/p?fixed=1');
    expect(compileRequestTarget(uri, mapped, true)(testMethodRequest({ rawQuery: 'a=1&a=2&b=%20' }))).toBe('/p?fixed=1&a=1&a=2&b=%20');
  });

  it('mapped query values replace the client’s of the same name and are encoded', () => {
    const [uri, mapped] = compile('http://h/p', { 'integration.request.querystring.a': "'x y'" });
    expect(compileRequestTarget(uri, mapped, true)(testMethodRequest({ rawQuery: 'a=1&b=2' }))).toBe('/p?b=2&a=x%20y');
  });

  it('HTTP sends mapped values only', () => {
    const [uri, mapped] = compile('http://h/p', { 'integration.request.querystring.q': 'method.request.querystring.a' });
    expect(compileRequestTarget(uri, mapped, false)(testMethodRequest({ rawQuery: 'a=1&b=2' }))).toBe('/p?q=1');
  });

  it('fills placeholders from mappings, else from the same-named path parameter', () => {
    const [uri, mapped] = compile('http://h/{x}/{proxy}', { 'integration.request.path.x': 'method.request.path.id' });
    const request = testMethodRequest({ pathParameters: { id: '7', proxy: 'a/b' } });
    expect(compileRequestTarget(uri, mapped, true)(request)).toBe('/7/a/b');
  });

  it('refuses a mapping to an unknown target', () => {
    expect(compileRequestParameters({ 'integration.request.body': "'x'" }, {}).ok).toBe(false);
  });
});
