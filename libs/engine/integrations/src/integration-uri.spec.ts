import { compileIntegrationUri, substituteStageVariables } from './integration-uri.js';

describe('compileIntegrationUri', () => {
  it('substitutes stage variables at compile time and fills placeholders raw per request', () => {
    const compiled = compileIntegrationUri('https://${stageVariables.host}:8443/v1/${stageVariables.ver}/{proxy}/x?k=1', { host: 'API.example.com', ver: 'v2' });
    expect(compiled.ok).toBe(true);
    if (!compiled.ok) return;
    expect(compiled.value.origin).toBe('https://api.example.com:8443');
    expect(compiled.value.query).toBe('k=1');
    expect(compiled.value.placeholders).toEqual(['proxy']);
    expect(compiled.value.path((name) => (name === 'proxy' ? 'a/b%2Bc' : undefined), null)).toBe('/v1/v2/a/b%2Bc/x');
  });

  it('normalises default ports and an empty path', () => {
    const compiled = compileIntegrationUri('http://example.com:80', {});
    expect(compiled.ok && compiled.value.origin).toBe('http://example.com');
    expect(compiled.ok && compiled.value.path(() => undefined, null)).toBe('/');
  });

  it('renders missing placeholders and stage variables as empty strings', () => {
    const compiled = compileIntegrationUri('http://h/${stageVariables.none}/{a}', {});
    expect(compiled.ok && compiled.value.path(() => undefined, null)).toBe('//');
  });

  it.each(['arn:aws:apigateway:us-east-1:lambda:path/x', 'ftp://x/', 'http://{host}/x'])('refuses %s', (uri) => {
    expect(compileIntegrationUri(uri, {}).ok).toBe(false);
  });

  it('substituteStageVariables leaves other text alone', () => {
    expect(substituteStageVariables('a ${stageVariables.x} ${other.y} $stageVariables.x', { x: '1' })).toBe('a 1 ${other.y} $stageVariables.x');
  });
});
