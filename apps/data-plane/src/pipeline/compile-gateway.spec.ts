import { configDocumentSchema, type ConfigDocument } from '@portico/contracts';
import { OriginPools } from '@portico/engine-integrations';
import { compileGateway } from './compile-gateway.js';

function document(resources: Array<{ path: string; resourceMethods?: Record<string, unknown> }>, deploymentId = 'dep1'): ConfigDocument {
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
});
