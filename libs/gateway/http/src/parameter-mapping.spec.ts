import { applyOperations, compileRequestMapping, compileResponseMapping, compileValue, isReservedHeader, type MappingScope } from './parameter-mapping.js';

const scope: MappingScope = {
  header: (n) => ({ 'x-id': 'h1', host: 'api' })[n],
  querystring: (n) => ({ q: 'search', Q: 'upper' })[n],
  body: () => ({ user: { name: 'ann', tags: ['a', 'b'] } }),
  path: () => '/pets/1',
  pathParameter: (n) => ({ id: '1' })[n],
  context: (n) => ({ requestId: 'req-1', stage: 'prod' })[n],
  stageVariable: (n) => ({ env: 'test' })[n],
  responseHeader: (n) => ({ 'x-backend': 'b1' })[n],
  responseBody: () => ({ code: 7 }),
};

describe('parameter mapping', () => {
  it.each([
    ['$request.header.X-Id', 'h1'],
    ['$request.querystring.q', 'search'],
    ['$request.querystring.Q', 'upper'],
    ['$request.body.user.name', 'ann'],
    ['$request.body.user.tags', '["a","b"]'],
    ['$request.path', '/pets/1'],
    ['$request.path.id', '1'],
    ['$context.requestId', 'req-1'],
    ['$stageVariables.env', 'test'],
    ['static text', 'static text'],
    ['${request.path.id}-${context.stage}', '1-prod'],
  ])('%s → %s', (text, expected) => {
    const compiled = compileValue(text);
    if (!compiled.ok) throw new Error(compiled.reason);
    expect(compiled.value.value(scope)).toBe(expected);
  });

  it('reads response sources only in response mappings', () => {
    expect(compileValue('$response.header.x-backend').ok).toBe(false);
    const compiled = compileValue('$response.body.code', true);
    expect(compiled.ok && compiled.value.value(scope)).toBe('7');
  });

  it('refuses reserved headers, recursive descent and unknown keys', () => {
    for (const name of ['Authorization', 'x-amz-date', 'X-Amzn-Trace-Id', 'access-control-allow-origin', 'Host'.replace('Host', 'via')]) {
      expect(isReservedHeader(name)).toBe(true);
      expect(compileRequestMapping({ [`overwrite:header.${name}`]: 'x' }).ok).toBe(false);
    }
    expect(isReservedHeader('x-custom')).toBe(false);
    expect(compileRequestMapping({ 'overwrite:header.x': '$request.body..name' }).ok).toBe(false);
    expect(compileRequestMapping({ 'append:path': '/x' }).ok).toBe(false);
    expect(compileRequestMapping({ 'replace:header.x': 'y' }).ok).toBe(false);
    expect(compileResponseMapping({ '100': { 'overwrite:statuscode': '200' } }).ok).toBe(false);
  });

  it('appends, overwrites and removes', () => {
    const compiled = compileRequestMapping({
      'append:header.x-list': 'second',
      'overwrite:header.x-one': '$request.header.x-id',
      'remove:header.x-gone': "''",
      'overwrite:querystring.page': '2',
      'overwrite:path': '/v2$request.path',
    });
    if (!compiled.ok) throw new Error(compiled.reason);
    const headers = new Map([
      ['x-list', ['first']],
      ['x-one', ['old']],
      ['x-gone', ['bye']],
    ]);
    applyOperations(headers, compiled.value.headers, scope);
    expect(Object.fromEntries(headers)).toEqual({ 'x-list': ['first', 'second'], 'x-one': ['h1'] });
    const query = new Map<string, string[]>();
    applyOperations(query, compiled.value.querystring, scope);
    expect(Object.fromEntries(query)).toEqual({ page: ['2'] });
    expect(compiled.value.readsBody).toBe(false);
  });
});
