import { compileRouter, RouteDefinitionError, splitRequestPath } from './compile-router.js';

type Routes = Record<string, string[]>;

/** Each method's value is `"<VERB> <path>"`, so a match says which resource and which key answered. */
function router(routes: Routes) {
  return compileRouter(
    Object.entries(routes).map(([path, verbs]) => ({
      path,
      methods: Object.fromEntries(verbs.map((v) => [v, `${v} ${path}`])),
    })),
  );
}

describe('compileRouter', () => {
  type Row = [string, Routes, string, string, string | undefined, Record<string, string>?];
  const table: Row[] = [
    // [case, resources, verb, path, expected "<key> <resource>", expected path parameters]
    ['root', { '/': ['GET'] }, 'GET', '/', 'GET /', {}],
    ['root as empty path', { '/': ['GET'] }, 'GET', '', 'GET /', {}],
    ['literal', { '/pets': ['GET'] }, 'GET', '/pets', 'GET /pets', {}],
    ['trailing slash ignored', { '/pets': ['GET'] }, 'GET', '/pets/', 'GET /pets', {}],
    ['case-sensitive', { '/pets': ['GET'] }, 'GET', '/Pets', undefined],
    ['unknown path', { '/pets': ['GET'] }, 'GET', '/dogs', undefined],
    ['unknown verb', { '/pets': ['GET'] }, 'POST', '/pets', undefined],
    ['HEAD is not implied by GET', { '/pets': ['GET'] }, 'HEAD', '/pets', undefined],
    ['param', { '/pets/{id}': ['GET'] }, 'GET', '/pets/7', 'GET /pets/{id}', { id: '7' }],
    ['param not decoded', { '/pets/{id}': ['GET'] }, 'GET', '/pets/a%2Bb+c', 'GET /pets/{id}', { id: 'a%2Bb+c' }],
    ['param is one segment', { '/pets/{id}': ['GET'] }, 'GET', '/pets/7/x', undefined],
    ['param needs a segment', { '/pets/{id}': ['GET'] }, 'GET', '/pets/', undefined],
    ['literal beats param', { '/pets/{id}': ['GET'], '/pets/mine': ['GET'] }, 'GET', '/pets/mine', 'GET /pets/mine', {}],
    ['param when literal differs', { '/pets/{id}': ['GET'], '/pets/mine': ['GET'] }, 'GET', '/pets/x', 'GET /pets/{id}', { id: 'x' }],
    ['param beats greedy', { '/{id}': ['GET'], '/{proxy+}': ['GET'] }, 'GET', '/a', 'GET /{id}', { id: 'a' }],
    ['greedy takes the rest', { '/{proxy+}': ['GET'] }, 'GET', '/a/b/c', 'GET /{proxy+}', { proxy: 'a/b/c' }],
    ['greedy keeps double slashes', { '/{proxy+}': ['GET'] }, 'GET', '/a//b', 'GET /{proxy+}', { proxy: 'a//b' }],
    ['greedy keeps trailing slash', { '/{proxy+}': ['GET'] }, 'GET', '/a/b/', 'GET /{proxy+}', { proxy: 'a/b/' }],
    ['greedy never matches root', { '/{proxy+}': ['ANY'] }, 'GET', '/', undefined],
    ['nested greedy', { '/api/{proxy+}': ['ANY'] }, 'GET', '/api/v1/x', 'ANY /api/{proxy+}', { proxy: 'v1/x' }],
    ['nested greedy needs a segment', { '/api/{proxy+}': ['ANY'] }, 'GET', '/api', undefined],
    ['params and greedy together', { '/u/{user}/{rest+}': ['GET'] }, 'GET', '/u/bo/a/b', 'GET /u/{user}/{rest+}', { user: 'bo', rest: 'a/b' }],
    ['ANY', { '/pets': ['ANY'] }, 'DELETE', '/pets', 'ANY /pets', {}],
    ['exact verb beats ANY', { '/pets': ['ANY', 'GET'] }, 'GET', '/pets', 'GET /pets', {}],
    ['ANY when verb differs', { '/pets': ['ANY', 'GET'] }, 'POST', '/pets', 'ANY /pets', {}],
    ['ANY covers the seven verbs only', { '/pets': ['ANY'] }, 'PROPFIND', '/pets', undefined],
    ['ANY on root greedy', { '/{proxy+}': ['ANY'] }, 'PATCH', '/x', 'ANY /{proxy+}', { proxy: 'x' }],
    // LocalStack-validated backtracking (spec §2.2):
    [
      'backtracks from a literal prefix to the greedy sibling',
      { '/part1': ['GET'], '/part1/hardcoded': ['GET'], '/{param+}': ['GET'] },
      'GET',
      '/part1/random',
      'GET /{param+}',
      { param: 'part1/random' },
    ],
    [
      'backtracks when the verb is missing on the literal',
      { '/test': ['POST'], '/{proxy+}': ['OPTIONS'] },
      'OPTIONS',
      '/test',
      'OPTIONS /{proxy+}',
      { proxy: 'test' },
    ],
    [
      'backtracks from a param branch to the greedy sibling',
      { '/a/{id}/b': ['GET'], '/a/{rest+}': ['GET'] },
      'GET',
      '/a/1/c',
      'GET /a/{rest+}',
      { rest: '1/c' },
    ],
    [
      'backtracks from a literal to a param sibling',
      { '/a/b/c': ['GET'], '/a/{x}/d': ['GET'] },
      'GET',
      '/a/b/d',
      'GET /a/{x}/d',
      { x: 'b' },
    ],
    [
      'exact verb on a less specific resource beats nothing on the more specific',
      { '/pets/{id}': ['GET'], '/pets/mine': ['POST'] },
      'GET',
      '/pets/mine',
      'GET /pets/{id}',
      { id: 'mine' },
    ],
    [
      'ANY on the more specific resource wins over the exact verb on a less specific one',
      { '/pets/mine': ['ANY'], '/pets/{id}': ['GET'] },
      'GET',
      '/pets/mine',
      'ANY /pets/mine',
      {},
    ],
    [
      'sibling params with different names keep their own names',
      { '/x/{a}/one': ['GET'], '/x/{b}/two': ['GET'] },
      'GET',
      '/x/9/two',
      'GET /x/{b}/two',
      { b: '9' },
    ],
    ['leading double slash collapses', { '/pets': ['GET'] }, 'GET', '//pets', 'GET /pets', {}],
  ];

  // A rest parameter keeps Jest from taking a sixth declared parameter for `done`.
  it.each(table)('%s', (...row: Row) => {
    const [, routes, verb, path, expected, params] = row;
    const hit = router(routes).match(verb, path);
    if (expected === undefined) {
      expect(hit).toBeUndefined();
      return;
    }
    expect(hit && `${hit.methodKey} ${hit.resourcePath}`).toBe(expected);
    expect(hit?.value).toBe(expected);
    expect(hit?.pathParameters).toEqual(params);
  });

  it('rejects a greedy parameter that is not last', () => {
    expect(() => router({ '/{proxy+}/x': ['GET'] })).toThrow(RouteDefinitionError);
  });

  it('rejects duplicate resource paths', () => {
    expect(() => compileRouter([
      { path: '/a', methods: { GET: 1 } },
      { path: '/a', methods: { POST: 2 } },
    ])).toThrow(RouteDefinitionError);
  });
});

describe('splitRequestPath', () => {
  it.each([
    ['', []],
    ['/', []],
    ['/a', ['a']],
    ['/a/', ['a']],
    ['//a/b', ['a', 'b']],
    ['/a//b', ['a', '', 'b']],
  ])('%s', (path, segments) => {
    expect(splitRequestPath(path)).toEqual(segments);
  });
});
