import { resolveInvokeTarget } from './resolve-invoke-target.js';

describe('resolveInvokeTarget', () => {
  it.each([
    ['abc.execute-api.localhost:8080', '/dev/pets/1?x=1', { apiId: 'abc', stage: 'dev', path: '/pets/1', rawQuery: 'x=1', contextPath: '/dev/pets/1' }],
    ['ABC.Execute-Api.us-east-1.amazonaws.com', '/dev', { apiId: 'abc', stage: 'dev', path: '', rawQuery: '', contextPath: '/dev' }],
    ['abc.execute-api.x', '/dev/', { apiId: 'abc', stage: 'dev', path: '/', contextPath: '/dev/' }],
    ['abc.execute-api.x', '//dev//pets', { apiId: 'abc', stage: 'dev', path: '//pets', contextPath: '/dev/pets' }],
    ['abc.execute-api.x', '/', { apiId: 'abc', stage: undefined }],
    ['abc.execute-api.x', '/?a=b', { apiId: 'abc', stage: undefined, rawQuery: 'a=b' }],
    ['localhost:8080', '/restapis/AbC/dev/_user_request_/pets?x', { apiId: 'abc', stage: 'dev', path: '/pets', rawQuery: 'x', contextPath: '/dev/pets' }],
    ['localhost:8080', '/restapis/abc/dev/_user_request_', { apiId: 'abc', stage: 'dev', path: '' }],
    ['localhost:8080', '/restapis/abc', { apiId: 'abc', stage: undefined }],
    [undefined, '/restapis/abc/dev/_user_request_/', { apiId: 'abc', stage: 'dev', path: '/' }],
    ['abc-vpce-0123456789abcdef0.execute-api.us-east-1.amazonaws.com', '/dev/x', { apiId: 'abc', stage: 'dev', path: '/x' }],
  ])('%s %s', (host, url, expected) => {
    expect(resolveInvokeTarget(host, url)).toMatchObject(expected);
  });

  it('takes the API from x-apigw-api-id when the host is no execute-api host', () => {
    expect(resolveInvokeTarget('vpce-1.vpce.amazonaws.com', '/dev/x', 'ABC')).toMatchObject({ apiId: 'abc', stage: 'dev', path: '/x' });
    expect(resolveInvokeTarget('def.execute-api.x', '/dev/x', 'abc')).toMatchObject({ apiId: 'def' });
  });

  it.each([
    ['localhost', '/dev/pets'],
    ['localhost', '/restapis/abc/dev/pets'],
    ['localhost', '/restapis//dev/_user_request_/'],
    ['execute-api.localhost', '/dev/pets'],
  ])('%s %s is no invoke URL', (host, url) => {
    expect(resolveInvokeTarget(host, url)).toBeUndefined();
  });
});
