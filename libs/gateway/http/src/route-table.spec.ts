import { parseRouteKey, RouteTable } from './route-table.js';

const table = (keys: string[]) => RouteTable.compile(keys.map((routeKey) => ({ routeKey, route: routeKey })));

describe('RouteTable', () => {
  // AWS's own precedence table (spec §4).
  const aws = table(['GET /pets/dog/1', 'GET /pets/dog/{id}', 'GET /pets/{proxy+}', 'ANY /{proxy+}', '$default']);
  it.each([
    ['GET', '/pets/dog/1', 'GET /pets/dog/1', {}],
    ['GET', '/pets/dog/2', 'GET /pets/dog/{id}', { id: '2' }],
    ['GET', '/pets/cat/1', 'GET /pets/{proxy+}', { proxy: 'cat/1' }],
    ['POST', '/test/5', 'ANY /{proxy+}', { proxy: 'test/5' }],
    ['GET', '/', '$default', {}],
  ])('%s %s → %s', (method, path, routeKey, params) => {
    const match = aws.select(method, path);
    expect(match?.routeKey).toBe(routeKey);
    expect(match?.pathParameters).toEqual(params);
  });

  it('prefers the exact method over ANY at the same path', () => {
    const t = table(['GET /x', 'ANY /x']);
    expect(t.select('GET', '/x')?.routeKey).toBe('GET /x');
    expect(t.select('DELETE', '/x')?.routeKey).toBe('ANY /x');
  });

  it('prefers a full match with parameters over a greedy route matching a longer literal prefix', () => {
    const t = table(['GET /pets/{proxy+}', 'GET /{kind}/dog/1']);
    expect(t.select('GET', '/pets/dog/1')?.routeKey).toBe('GET /{kind}/dog/1');
  });

  it('backtracks from a literal branch that does not end in a match', () => {
    const t = table(['GET /a/b/c', 'GET /{x}/b/d']);
    expect(t.select('GET', '/a/b/d')).toEqual({ route: 'GET /{x}/b/d', routeKey: 'GET /{x}/b/d', pathParameters: { x: 'a' } });
  });

  it('takes the longest greedy prefix', () => {
    const t = table(['ANY /{proxy+}', 'ANY /api/{rest+}']);
    expect(t.select('GET', '/api/v1/x')?.pathParameters).toEqual({ rest: 'v1/x' });
    expect(t.select('GET', '/other')?.pathParameters).toEqual({ proxy: 'other' });
  });

  it('answers undefined without $default, and greedy routes need a segment', () => {
    const t = table(['GET /pets/{proxy+}']);
    expect(t.select('GET', '/pets')).toBeUndefined();
    expect(t.select('POST', '/pets/1')).toBeUndefined();
  });

  it('decodes path parameters and ignores a trailing slash', () => {
    const t = table(['GET /files/{name}', 'GET /']);
    expect(t.select('GET', '/files/a%20b/')?.pathParameters).toEqual({ name: 'a b' });
    expect(t.select('GET', '/')?.routeKey).toBe('GET /');
  });

  it('rejects malformed route keys', () => {
    expect(parseRouteKey('FETCH /x').ok).toBe(false);
    expect(parseRouteKey('GET x').ok).toBe(false);
    expect(parseRouteKey('GET /{proxy+}/x').ok).toBe(false);
    expect(() => table(['GET //x'])).toThrow('empty segment');
  });
});
