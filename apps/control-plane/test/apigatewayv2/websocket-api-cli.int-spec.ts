// The AWS CLI (`aws apigatewayv2 … --protocol-type WEBSOCKET`) against the /v2 control plane: a WebSocket API built
// route by route and deployed, as AWS's WebSocket guide does it with the CLI. Skipped, with a message, where no
// `aws` executable is on the PATH.
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { startTestControlPlane, TEST_ACCESS_KEY_ID, TEST_REGION, TEST_SECRET_ACCESS_KEY, type TestControlPlane } from '../support/test-control-plane.js';

const run = promisify(execFile);

const available = spawnSync('aws', ['--version']).status === 0;
if (!available) console.warn('websocket-api-cli.int-spec: no `aws` executable on the PATH; AWS CLI cases skipped');
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

describeCli('aws apigatewayv2 (WebSocket)', () => {
  beforeAll(async () => {
    cp = await startTestControlPlane();
  });

  afterAll(async () => {
    await cp?.close();
  });

  it('creates a WebSocket API, its routes, integrations, responses, model, authorizer, stage and deployment', async () => {
    const api = await ok('create-api', '--name', 'cli-chat', '--protocol-type', 'WEBSOCKET', '--route-selection-expression', '$request.body.action');
    expect(api).toMatchObject({ Name: 'cli-chat', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action', ApiKeySelectionExpression: '$request.header.x-api-key' });
    const apiId = api.ApiId as string;
    const proxy = await ok('create-integration', '--api-id', apiId, '--integration-type', 'AWS_PROXY', '--integration-uri', 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:chat/invocations');
    expect(proxy).toMatchObject({ IntegrationType: 'AWS_PROXY', PassthroughBehavior: 'WHEN_NO_MATCH', TimeoutInMillis: 29000, ConnectionType: 'INTERNET' });
    const mock = await ok('create-integration', '--api-id', apiId, '--integration-type', 'MOCK', '--request-templates', '{"$default":"{\\"statusCode\\":200}"}', '--template-selection-expression', '\\$default');
    expect(mock).toMatchObject({ IntegrationType: 'MOCK', RequestTemplates: { $default: '{"statusCode":200}' }, IntegrationResponseSelectionExpression: '${integration.response.statuscode}' });
    const integrationResponse = await ok('create-integration-response', '--api-id', apiId, '--integration-id', mock.IntegrationId as string, '--integration-response-key', '$default', '--response-templates', '{"$default":"{\\"pong\\":true}"}');
    expect(integrationResponse).toMatchObject({ IntegrationResponseKey: '$default' });
    expect(await ok('get-integration-responses', '--api-id', apiId, '--integration-id', mock.IntegrationId as string)).toMatchObject({ Items: [{ IntegrationResponseKey: '$default' }] });

    const authorizer = await ok(
      'create-authorizer', '--api-id', apiId, '--name', 'tokens', '--authorizer-type', 'REQUEST', '--identity-source', 'route.request.querystring.token',
      '--authorizer-uri', 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:authorize/invocations',
    );
    expect(authorizer).toMatchObject({ AuthorizerType: 'REQUEST', IdentitySource: ['route.request.querystring.token'] });
    const connect = await ok('create-route', '--api-id', apiId, '--route-key', '$connect', '--authorization-type', 'CUSTOM', '--authorizer-id', authorizer.AuthorizerId as string, '--target', `integrations/${proxy.IntegrationId as string}`);
    expect(connect).toMatchObject({ RouteKey: '$connect', AuthorizationType: 'CUSTOM', ApiKeyRequired: false });
    await ok('create-model', '--api-id', apiId, '--name', 'Ping', '--content-type', 'application/json', '--schema', '{"$schema":"http://json-schema.org/draft-04/schema#","type":"object"}');
    const ping = await ok(
      'create-route', '--api-id', apiId, '--route-key', 'ping', '--target', `integrations/${mock.IntegrationId as string}`, '--route-response-selection-expression', '$default',
      '--request-models', '{"$default":"Ping"}', '--model-selection-expression', '$request.body.kind',
    );
    expect(ping).toMatchObject({ RouteKey: 'ping', RouteResponseSelectionExpression: '$default', RequestModels: { $default: 'Ping' } });
    const routeResponse = await ok('create-route-response', '--api-id', apiId, '--route-id', ping.RouteId as string, '--route-response-key', '$default');
    expect(routeResponse).toMatchObject({ RouteResponseKey: '$default' });
    expect(await ok('get-models', '--api-id', apiId)).toMatchObject({ Items: [{ Name: 'Ping', ContentType: 'application/json' }] });

    await ok('create-stage', '--api-id', apiId, '--stage-name', 'prod', '--route-settings', '{"ping":{"LoggingLevel":"INFO","DataTraceEnabled":true}}');
    const deployment = await ok('create-deployment', '--api-id', apiId, '--stage-name', 'prod');
    expect(deployment).toMatchObject({ DeploymentStatus: 'DEPLOYED' });
    expect(await ok('get-stage', '--api-id', apiId, '--stage-name', 'prod')).toMatchObject({ DeploymentId: deployment.DeploymentId, RouteSettings: { ping: { LoggingLevel: 'INFO', DataTraceEnabled: true } } });

    expect(await aws('create-route-response', '--api-id', apiId, '--route-id', ping.RouteId as string, '--route-response-key', 'other')).toEqual({
      ok: false,
      stderr: expect.stringContaining('An error occurred (BadRequestException) when calling the CreateRouteResponse operation: Invalid routeResponseKey specified: other. Only $default is supported'),
    });
    expect(await aws('create-authorizer', '--api-id', apiId, '--name', 'jwt', '--authorizer-type', 'JWT', '--identity-source', '$request.header.Authorization', '--jwt-configuration', 'Issuer=https://idp.example')).toEqual({
      ok: false,
      stderr: expect.stringContaining('(BadRequestException) when calling the CreateAuthorizer operation: JWT authorizers are supported only for HTTP APIs'),
    });
    expect(await ok('delete-api', '--api-id', apiId)).toEqual({});
  });
});
