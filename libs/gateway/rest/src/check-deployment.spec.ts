import { deploymentSnapshotSchema, type DeploymentSnapshot } from '@portico/contracts';
import { checkDeployment } from './check-deployment.js';

const proxy = (uri: string) => ({ authorizationType: 'NONE', methodIntegration: { type: 'HTTP_PROXY', httpMethod: 'ANY', uri } });

function snapshot(resources: Array<{ path: string; resourceMethods?: Record<string, unknown> }>, extra: Record<string, unknown> = {}): DeploymentSnapshot {
  return deploymentSnapshotSchema.parse({
    schemaVersion: 1,
    restApiId: 'api1',
    deploymentId: 'dep1',
    createdDate: 0,
    api: { name: 'a', endpointConfiguration: { types: ['REGIONAL'] }, ...(extra.api as object) },
    resources: resources.map((r, i) => ({
      id: `r${i}`,
      path: r.path,
      resourceMethods: Object.fromEntries(Object.entries(r.resourceMethods ?? {}).map(([verb, m]) => [verb, { httpMethod: verb, ...(m as object) }])),
    })),
    ...(extra.authorizers ? { authorizers: extra.authorizers } : {}),
  });
}

describe('checkDeployment (the serving compiler at deploy time)', () => {
  it('finds nothing in a deployment every method of which is served', () => {
    expect(checkDeployment(snapshot([{ path: '/', resourceMethods: { GET: proxy('http://backend.internal/') } }]))).toEqual([]);
  });

  it('names the methods a data plane would refuse', () => {
    const problems = checkDeployment(
      snapshot([
        {
          path: '/',
          resourceMethods: {
            GET: proxy('http://backend.internal/'),
            PUT: { authorizationType: 'NONE', methodIntegration: { type: 'AWS', httpMethod: 'PUT', uri: 'arn:aws:apigateway:us-east-1:s3:path/b/k' } },
            POST: { authorizationType: 'NONE', methodIntegration: { type: 'HTTP_PROXY', httpMethod: 'ANY', uri: 'http://nlb.internal/', connectionType: 'VPC_LINK', connectionId: 'vl1' } },
            DELETE: { authorizationType: 'CUSTOM', authorizerId: 'gone', methodIntegration: { type: 'MOCK' } },
          },
        },
      ]),
    );
    // POST, through a VPC link, compiles: the control plane checks the link when the integration is written.
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^PUT \/: AWS integrations are supported for Lambda functions only/);
    expect(problems[1]).toBe('DELETE /: authorizer gone is not in the deployment');
  });

  it('refuses a resource tree the router cannot serve', () => {
    expect(checkDeployment(snapshot([{ path: '/{proxy+}/x', resourceMethods: { GET: proxy('http://b/') } }]))[0]).toMatch(/greedy/);
  });

  it('leaves what depends on stage variables to the stage when there is none, and checks it against a stage', () => {
    const api = snapshot([{ path: '/', resourceMethods: { GET: proxy('http://${stageVariables.host}/') } }]);
    expect(checkDeployment(api)).toEqual([]);
    expect(checkDeployment(api, { stageVariables: { host: 'backend.internal' } })).toEqual([]);
    expect(checkDeployment(api, { stageVariables: {} })).toEqual(['GET /: integration uri "http:///" is not an absolute http(s) URL']);
  });

  it('refuses a resource policy that does not parse (a data plane denies everyone)', () => {
    const problems = checkDeployment(snapshot([{ path: '/', resourceMethods: { GET: proxy('http://b/') } }], { api: { policy: '{"Statement": 7}' } }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^the resource policy does not parse/);
  });
});
