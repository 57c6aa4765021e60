import { CustomDomains } from './custom-domains.js';

const routes = CustomDomains.compile([
  {
    domainName: 'api.example.com',
    mappings: [
      { basePath: '', apiId: 'rootapi000', stage: 'prod' },
      { basePath: 'orders', apiId: 'ordersapi0', stage: 'live' },
      { basePath: 'v2/orders', apiId: 'orders2api', stage: 'beta' },
      { basePath: 'nostage', apiId: 'pathstage0' },
    ],
  },
  { domainName: 'only.example.com', mappings: [{ basePath: 'v1', apiId: 'v1api00000', stage: 'prod' }] },
]);

describe('CustomDomains', () => {
  it('picks the longest base path, whole segments only, and removes it from the path', () => {
    expect(routes.resolve('api.example.com', '/orders/7?x=1')).toEqual({ apiId: 'ordersapi0', stage: 'live', basePathMatched: 'orders', path: '/7', rawPath: '/orders/7', rawQuery: 'x=1', domainName: 'api.example.com' });
    expect(routes.resolve('api.example.com', '/orders')).toMatchObject({ apiId: 'ordersapi0', path: '' });
    expect(routes.resolve('api.example.com', '/v2/orders/1')).toMatchObject({ apiId: 'orders2api', stage: 'beta', basePathMatched: 'v2/orders', path: '/1' });
    expect(routes.resolve('api.example.com', '/orders2/1')).toMatchObject({ apiId: 'rootapi000', stage: 'prod', path: '/orders2/1' });
    expect(routes.resolve('api.example.com', '/')).toMatchObject({ apiId: 'rootapi000', basePathMatched: '', path: '/' });
  });

  it('matches the host case-insensitively and without its port', () => {
    expect(routes.resolve('API.Example.COM:8443', '/orders/1')).toMatchObject({ apiId: 'ordersapi0', domainName: 'api.example.com' });
  });

  it('answers null on a custom domain without a matching base path, undefined for other hosts', () => {
    expect(routes.resolve('only.example.com', '/v2/x')).toBeNull();
    expect(routes.resolve('only.example.com', '/v1x')).toBeNull();
    expect(routes.resolve('abc.execute-api.localhost', '/prod/x')).toBeUndefined();
    expect(routes.resolve(undefined, '/prod/x')).toBeUndefined();
    expect(CustomDomains.empty.resolve('api.example.com', '/')).toBeUndefined();
  });

  it('does not serve a mapping without a stage (it takes the stage from the path on AWS v2)', () => {
    expect(routes.resolve('api.example.com', '/nostage/x')).toMatchObject({ apiId: 'rootapi000', path: '/nostage/x' });
  });
});
