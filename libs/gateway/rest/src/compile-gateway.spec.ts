import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { configDocumentSchema, type ConfigDocument } from '@portico/contracts';
import { OriginPools } from '@portico/engine-integrations';
import { compileGateway } from './compile-gateway.js';
import type { RequestRecord } from './types.js';

function document(
  resources: Array<{ path: string; resourceMethods?: Record<string, unknown> }>,
  deploymentId = 'dep1',
  gatewayResponses: Record<string, unknown> = {},
): ConfigDocument {
  return configDocumentSchema.parse({
    schemaVersion: 1,
    revision: 'rev-1',
    region: 'us-east-1',
    accountId: '000000000000',
    stages: [{ restApiId: 'api1', stageName: 'dev', deploymentId, lastUpdatedDate: 0 }],
    deployments: {
      dep1: {
        schemaVersion: 1,
        restApiId: 'api1',
        deploymentId: 'dep1',
        createdDate: 0,
        api: { name: 'a', endpointConfiguration: { types: ['REGIONAL'] } },
        resources: resources.map((r, i) => ({ id: `r${i}`, ...r })),
        gatewayResponses,
      },
    },
  });
}

const options = { region: 'us-east-1', accountId: '000000000000' };

describe('compileGateway', () => {
  it('compiles, reports the revision and refused methods once', async () => {
    const warnings: string[] = [];
    const gateway = compileGateway(
      document([
        {
          path: '/',
          resourceMethods: {
            GET: { httpMethod: 'GET', authorizationType: 'CUSTOM', methodIntegration: { type: 'MOCK' } },
            POST: { httpMethod: 'POST', authorizationType: 'NONE', methodIntegration: { type: 'MOCK' } },
          },
        },
      ]),
      { ...options, onWarning: (w) => warnings.push(w) },
    );
    expect(gateway.revision).toBe('rev-1');
    expect(warnings).toEqual([expect.stringContaining('api1/dev GET /: authorizer (none) is not in the deployment')]);
    expect(gateway.warnings).toEqual(warnings);
    await gateway.close();
  });

  it('throws on a stage pointing at a missing deployment, and releases its pools', () => {
    const pools = new OriginPools();
    expect(() => compileGateway(document([{ path: '/' }], 'nope'), { ...options, originPools: pools })).toThrow('missing deployment');
    expect(pools.size).toBe(0);
  });

  it('throws on a malformed resource tree', () => {
    expect(() => compileGateway(document([{ path: '/{proxy+}/x' }]), options)).toThrow('greedy');
  });

  it('answers a bare 500 when even the error response cannot be written (never a hung request)', async () => {
    // A header value node refuses (a control character) breaks every customised 4XX and 5XX answer.
    const bad = { 'gatewayresponse.header.x-bad': "'bad\u0001value'" };
    const errors: unknown[] = [];
    const records: RequestRecord[] = [];
    const gateway = compileGateway(
      document([{ path: '/' }], 'dep1', {
        DEFAULT_4XX: { responseType: 'DEFAULT_4XX', responseParameters: bad },
        DEFAULT_5XX: { responseType: 'DEFAULT_5XX', responseParameters: bad },
      }),
      { ...options, onWarning: () => undefined, onError: (error) => errors.push(error), observe: (record) => records.push(record) },
    );
    const server = createServer(gateway.handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request({ port, host: '127.0.0.1', path: '/restapis/api1/dev/_user_request_/nothing' }, (res) => {
          let body = '';
          res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject).end();
      });
      expect(answer).toEqual({ status: 500, body: '{"message":"Internal server error"}' });
      expect(errors.length).toBeGreaterThan(0);
      // Recorded against the stage it reached (metrics, access log), with the status the client got.
      expect(records).toEqual([expect.objectContaining({ apiId: 'api1', stage: 'dev', status: 500 })]);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await gateway.close();
    }
  });

  it('with observeOnlyAccessLogged, records only the requests of stages with an access-log format', async () => {
    const mock = { GET: { httpMethod: 'GET', authorizationType: 'NONE', methodIntegration: { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' }, integrationResponses: { '200': { statusCode: '200' } } } } };
    const doc = document([{ path: '/', resourceMethods: mock }]);
    const logged = configDocumentSchema.parse({
      ...doc,
      stages: [...doc.stages, { restApiId: 'api1', stageName: 'logged', deploymentId: 'dep1', lastUpdatedDate: 0, accessLogSettings: { format: '$context.requestId' } }],
    });
    const records: RequestRecord[] = [];
    const gateway = compileGateway(logged, { ...options, onWarning: () => undefined, observe: (record) => records.push(record), observeOnlyAccessLogged: true });
    const server = createServer(gateway.handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const get = (path: string) =>
        new Promise<number>((resolve, reject) => {
          request({ port, host: '127.0.0.1', path }, (res) => res.resume().on('end', () => resolve(res.statusCode ?? 0)))
            .on('error', reject)
            .end();
        });
      expect(await get('/restapis/api1/dev/_user_request_/')).toBe(200);
      expect(await get('/restapis/api1/logged/_user_request_/')).toBe(200);
      for (let i = 0; i < 100 && records.length < 1; i++) await new Promise((r) => setTimeout(r, 10));
      expect(records.map((r) => r.stage)).toEqual(['logged']);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await gateway.close();
    }
  });
});
