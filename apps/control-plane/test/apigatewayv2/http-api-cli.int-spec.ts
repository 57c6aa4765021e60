// The AWS CLI (`aws apigatewayv2 … --endpoint-url`) against the /v2 control plane. Skipped, with a message, where
// no `aws` executable is on the PATH.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startTestControlPlane, TEST_ACCESS_KEY_ID, TEST_REGION, TEST_SECRET_ACCESS_KEY, type TestControlPlane } from '../support/test-control-plane.js';

const run = promisify(execFile);

const available = spawnSync('aws', ['--version']).status === 0;
if (!available) console.warn('http-api-cli.int-spec: no `aws` executable on the PATH; AWS CLI cases skipped');
const describeCli = available ? describe : describe.skip;

let cp: TestControlPlane;

type CliResult = { ok: true; json: Record<string, unknown> } | { ok: false; stderr: string };

async function aws(...args: string[]): Promise<CliResult> {
  const env = { ...process.env, AWS_ACCESS_KEY_ID: TEST_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: TEST_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION: TEST_REGION, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_PAGER: '' };
  try {
    const { stdout } = await run('aws', ['apigatewayv2', ...args, '--endpoint-url', cp.url, '--output', 'json'], { env });
    return { ok: true, json: stdout.trim() === '' ? {} : (JSON.parse(stdout) as Record<string, unknown>) };
  } catch (error) {
    return { ok: false, stderr: String((error as { stderr?: string }).stderr ?? error) };
  }
}

async function ok(...args: string[]): Promise<Record<string, unknown>> {
  const result = await aws(...args);
  if (!result.ok) throw new Error(`aws apigatewayv2 ${args.join(' ')} failed: ${result.stderr}`);
  return result.json;
}

describeCli('aws apigatewayv2', () => {
  beforeAll(async () => {
    cp = await startTestControlPlane();
  });

  afterAll(async () => {
    await cp?.close();
  });

  it('quick-creates an API and reads its managed route, integration and stage', async () => {
    const api = await ok('create-api', '--name', 'cli-quick', '--protocol-type', 'HTTP', '--target', 'https://backend.example.com', '--route-key', 'GET /pets');
    expect(api).toMatchObject({ Name: 'cli-quick', ProtocolType: 'HTTP', RouteSelectionExpression: '$request.method $request.path' });
    const apiId = api.ApiId as string;
    expect(await ok('get-routes', '--api-id', apiId)).toMatchObject({ Items: [{ RouteKey: 'GET /pets', ApiGatewayManaged: true }] });
    expect(await ok('get-integrations', '--api-id', apiId)).toMatchObject({ Items: [{ IntegrationType: 'HTTP_PROXY', PayloadFormatVersion: '1.0' }] });
    expect(await ok('get-stage', '--api-id', apiId, '--stage-name', '$default')).toMatchObject({ StageName: '$default', AutoDeploy: true });
    // The CLI's paginator follows nextToken by itself.
    await ok('create-api', '--name', 'cli-second', '--protocol-type', 'HTTP');
    const all = await ok('get-apis', '--page-size', '1');
    expect((all.Items as unknown[]).length).toBe(2);
  });

  it('builds an API route by route, deploys it to a named stage and exports it', async () => {
    const apiId = (await ok('create-api', '--name', 'cli-built', '--protocol-type', 'HTTP')).ApiId as string;
    const integration = await ok('create-integration', '--api-id', apiId, '--integration-type', 'HTTP_PROXY', '--integration-method', 'ANY', '--integration-uri', 'https://backend.example.com/{proxy}', '--payload-format-version', '1.0');
    const authorizer = await ok(
      'create-authorizer', '--api-id', apiId, '--name', 'jwt', '--authorizer-type', 'JWT', '--identity-source', '$request.header.Authorization',
      '--jwt-configuration', 'Audience=pets,Issuer=https://idp.example.com',
    );
    expect(authorizer).toMatchObject({ AuthorizerType: 'JWT', JwtConfiguration: { Audience: ['pets'], Issuer: 'https://idp.example.com' } });
    const route = await ok(
      'create-route', '--api-id', apiId, '--route-key', 'ANY /pets/{proxy+}', '--target', `integrations/${integration.IntegrationId as string}`,
      '--authorization-type', 'JWT', '--authorizer-id', authorizer.AuthorizerId as string, '--authorization-scopes', 'pets.read',
    );
    expect(route).toMatchObject({ RouteKey: 'ANY /pets/{proxy+}', AuthorizationScopes: ['pets.read'] });
    await ok('create-stage', '--api-id', apiId, '--stage-name', 'prod', '--stage-variables', 'backend=b.example.com');
    const deployment = await ok('create-deployment', '--api-id', apiId, '--stage-name', 'prod');
    expect(deployment).toMatchObject({ DeploymentStatus: 'DEPLOYED' });
    const stage = await ok('update-stage', '--api-id', apiId, '--stage-name', 'prod', '--route-settings', '{"ANY /pets/{proxy+}":{"ThrottlingBurstLimit":5,"ThrottlingRateLimit":10}}');
    expect(stage).toMatchObject({ DeploymentId: deployment.DeploymentId, StageVariables: { backend: 'b.example.com' }, RouteSettings: { 'ANY /pets/{proxy+}': { ThrottlingBurstLimit: 5, ThrottlingRateLimit: 10 } } });
    await ok('delete-route-settings', '--api-id', apiId, '--stage-name', 'prod', '--route-key', 'ANY /pets/{proxy+}');

    const dir = await mkdtemp(join(tmpdir(), 'portico-cli-export-'));
    try {
      const file = join(dir, 'api.yaml');
      await ok('export-api', '--api-id', apiId, '--specification', 'OAS30', '--output-type', 'YAML', '--stage-name', 'prod', file);
      const text = await readFile(file, 'utf8');
      expect(text).toContain('/pets/{proxy+}:');
      expect(text).toContain('x-amazon-apigateway-integration');
      const imported = await ok('import-api', '--body', text);
      expect(imported).toMatchObject({ Name: 'cli-built' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reports AWS errors as the CLI prints them', async () => {
    expect(await aws('get-api', '--api-id', 'nosuchapi1')).toEqual({
      ok: false,
      stderr: expect.stringContaining('An error occurred (NotFoundException) when calling the GetApi operation: Invalid API identifier specified 000000000000:nosuchapi1'),
    });
    const apiId = (await ok('create-api', '--name', 'cli-errors', '--protocol-type', 'HTTP')).ApiId as string;
    expect(await aws('create-route', '--api-id', apiId, '--route-key', 'GET pets')).toEqual({
      ok: false,
      stderr: expect.stringContaining('An error occurred (BadRequestException) when calling the CreateRoute operation: Invalid route key specified: GET pets'),
    });
    expect(await aws('create-api', '--name', 'ws', '--protocol-type', 'WEBSOCKET')).toEqual({
      ok: false,
      stderr: expect.stringContaining('(BadRequestException) when calling the CreateApi operation'),
    });
    expect((await ok('delete-api', '--api-id', apiId))).toEqual({});
  });
});
