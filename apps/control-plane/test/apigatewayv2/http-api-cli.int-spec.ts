// The AWS CLI (`aws apigatewayv2 … --endpoint-url`) against the /v2 control plane. Skipped, with a message, where
// no `aws` executable is on the PATH.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awsCli, describeWithAwsCli } from '@portico/testing-aws-cli';
import { startTestControlPlane, TEST_ACCESS_KEY_ID, TEST_REGION, TEST_SECRET_ACCESS_KEY, type TestControlPlane } from '../support/test-control-plane.js';

let cp: TestControlPlane;
const aws = awsCli({ endpoint: () => cp.url, credentials: { accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY }, region: TEST_REGION });

describeWithAwsCli('aws apigatewayv2', () => {
  beforeAll(async () => {
    cp = await startTestControlPlane();
  });

  afterAll(async () => {
    await cp?.close();
  });

  it('quick-creates an API and reads its managed route, integration and stage', async () => {
    const api = await aws.json('apigatewayv2', 'create-api', '--name', 'cli-quick', '--protocol-type', 'HTTP', '--target', 'https://backend.example.com', '--route-key', 'GET /pets');
    expect(api).toMatchObject({ Name: 'cli-quick', ProtocolType: 'HTTP', RouteSelectionExpression: '$request.method $request.path' });
    const apiId = api.ApiId as string;
    expect(await aws.json('apigatewayv2', 'get-routes', '--api-id', apiId)).toMatchObject({ Items: [{ RouteKey: 'GET /pets', ApiGatewayManaged: true }] });
    expect(await aws.json('apigatewayv2', 'get-integrations', '--api-id', apiId)).toMatchObject({ Items: [{ IntegrationType: 'HTTP_PROXY', PayloadFormatVersion: '1.0' }] });
    expect(await aws.json('apigatewayv2', 'get-stage', '--api-id', apiId, '--stage-name', '$default')).toMatchObject({ StageName: '$default', AutoDeploy: true });
    // The CLI's paginator follows nextToken by itself.
    await aws.json('apigatewayv2', 'create-api', '--name', 'cli-second', '--protocol-type', 'HTTP');
    const all = await aws.json('apigatewayv2', 'get-apis', '--page-size', '1');
    expect((all.Items as unknown[]).length).toBe(2);
  });

  it('builds an API route by route, deploys it to a named stage and exports it', async () => {
    const apiId = (await aws.json('apigatewayv2', 'create-api', '--name', 'cli-built', '--protocol-type', 'HTTP')).ApiId as string;
    const integration = await aws.json('apigatewayv2', 'create-integration', '--api-id', apiId, '--integration-type', 'HTTP_PROXY', '--integration-method', 'ANY', '--integration-uri', 'https://backend.example.com/{proxy}', '--payload-format-version', '1.0');
    const authorizer = await aws.json(
      'apigatewayv2', 'create-authorizer', '--api-id', apiId, '--name', 'jwt', '--authorizer-type', 'JWT', '--identity-source', '$request.header.Authorization',
      '--jwt-configuration', 'Audience=pets,Issuer=https://idp.example.com',
    );
    expect(authorizer).toMatchObject({ AuthorizerType: 'JWT', JwtConfiguration: { Audience: ['pets'], Issuer: 'https://idp.example.com' } });
    const route = await aws.json(
      'apigatewayv2', 'create-route', '--api-id', apiId, '--route-key', 'ANY /pets/{proxy+}', '--target', `integrations/${integration.IntegrationId as string}`,
      '--authorization-type', 'JWT', '--authorizer-id', authorizer.AuthorizerId as string, '--authorization-scopes', 'pets.read',
    );
    expect(route).toMatchObject({ RouteKey: 'ANY /pets/{proxy+}', AuthorizationScopes: ['pets.read'] });
    await aws.json('apigatewayv2', 'create-stage', '--api-id', apiId, '--stage-name', 'prod', '--stage-variables', 'backend=b.example.com');
    const deployment = await aws.json('apigatewayv2', 'create-deployment', '--api-id', apiId, '--stage-name', 'prod');
    expect(deployment).toMatchObject({ DeploymentStatus: 'DEPLOYED' });
    const stage = await aws.json('apigatewayv2', 'update-stage', '--api-id', apiId, '--stage-name', 'prod', '--route-settings', '{"ANY /pets/{proxy+}":{"ThrottlingBurstLimit":5,"ThrottlingRateLimit":10}}');
    expect(stage).toMatchObject({ DeploymentId: deployment.DeploymentId, StageVariables: { backend: 'b.example.com' }, RouteSettings: { 'ANY /pets/{proxy+}': { ThrottlingBurstLimit: 5, ThrottlingRateLimit: 10 } } });
    await aws.json('apigatewayv2', 'delete-route-settings', '--api-id', apiId, '--stage-name', 'prod', '--route-key', 'ANY /pets/{proxy+}');

    const dir = await mkdtemp(join(tmpdir(), 'portico-cli-export-'));
    try {
      const file = join(dir, 'api.yaml');
      await aws.json('apigatewayv2', 'export-api', '--api-id', apiId, '--specification', 'OAS30', '--output-type', 'YAML', '--stage-name', 'prod', file);
      const text = await readFile(file, 'utf8');
      expect(text).toContain('/pets/{proxy+}:');
      expect(text).toContain('x-amazon-apigateway-integration');
      const imported = await aws.json('apigatewayv2', 'import-api', '--body', text);
      expect(imported).toMatchObject({ Name: 'cli-built' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reports AWS errors as the CLI prints them', async () => {
    expect(await aws.result('apigatewayv2', 'get-api', '--api-id', 'nosuchapi1')).toEqual({
      ok: false,
      stderr: expect.stringContaining('An error occurred (NotFoundException) when calling the GetApi operation: Invalid API identifier specified 000000000000:nosuchapi1'),
    });
    const apiId = (await aws.json('apigatewayv2', 'create-api', '--name', 'cli-errors', '--protocol-type', 'HTTP')).ApiId as string;
    expect(await aws.result('apigatewayv2', 'create-route', '--api-id', apiId, '--route-key', 'GET pets')).toEqual({
      ok: false,
      stderr: expect.stringContaining('An error occurred (BadRequestException) when calling the CreateRoute operation: Invalid route key specified: GET pets'),
    });
    expect(await aws.result('apigatewayv2', 'create-api', '--name', 'ws', '--protocol-type', 'WEBSOCKET')).toEqual({
      ok: false,
      stderr: expect.stringContaining('(BadRequestException) when calling the CreateApi operation'),
    });
    expect((await aws.json('apigatewayv2', 'delete-api', '--api-id', apiId))).toEqual({});
  });
});
