// Terraform without drift for WebSocket APIs: aws_apigatewayv2_api (WEBSOCKET), _integration (AWS_PROXY, MOCK),
// _integration_response, _authorizer (REQUEST), _route ($connect, $disconnect, $default, a two-way custom route),
// _route_response, _deployment and _stage applied by the real terraform binary and the real AWS provider (5.100,
// from the local mirror) against the real control plane; served in config document v2; planned clean;
// destroyed with nothing left, as the apigatewayv2 SDK sees it.
import { join } from 'node:path';
import { GetApisCommand, GetRouteResponsesCommand, GetRoutesCommand, GetStageCommand, type ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { configAcceptHeader, configDocumentV2Schema, websocketApiSnapshotSchema } from '@portico/contracts';
import { startTestControlPlane, TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY, type TestControlPlane } from '../support/test-control-plane.js';
import { v2Client } from '../apigatewayv2/support.js';
import { createTerraformWorkspace, describeWithTerraform, explain, type TerraformWorkspace } from '@portico/testing-terraform';

const TOKEN = 'portico-test-data-plane-token';
// Thirteen resources, applied one provider call at a time: under a load of 30 an apply can pass 5 minutes.
const TERRAFORM_TIMEOUT = 900_000;

describeWithTerraform('Terraform (AWS provider 5.100): a WebSocket API module', (tools) => {
  let cp: TestControlPlane;
  let client: ApiGatewayV2Client;
  let tf: TerraformWorkspace;
  let vars: Record<string, string>;
  let outputs: Record<string, string>;

  beforeAll(async () => {
    cp = await startTestControlPlane({ dataPlaneToken: TOKEN });
    client = v2Client(cp);
    tf = await createTerraformWorkspace(tools, join(import.meta.dirname, 'modules', 'websocket-api'));
    await tf.init();
    vars = { endpoint: cp.url, access_key: TEST_ACCESS_KEY_ID, secret_key: TEST_SECRET_ACCESS_KEY, name: 'tf-chat' };
  });

  afterAll(async () => {
    client?.destroy();
    await tf?.remove();
    await cp?.close();
  });

  it('applies', async () => {
    const applied = await tf.apply(vars);
    expect(applied.code === 0 ? '' : explain(applied)).toBe('');
    outputs = await tf.output();
    expect(outputs.api_id).toMatch(/^[a-z0-9]{10}$/);
    expect(outputs.api_endpoint).toBe(`wss://${outputs.api_id}.execute-api.us-east-1.amazonaws.com`);
    expect(outputs.invoke_url).toBe(`wss://${outputs.api_id}.execute-api.us-east-1.amazonaws.com/prod`);
  }, TERRAFORM_TIMEOUT);

  it('made what the module describes, and the config document serves it', async () => {
    const apiId = outputs.api_id;
    const routes = (await client.send(new GetRoutesCommand({ ApiId: apiId }))).Items!;
    expect(routes.map((r) => [r.RouteKey, r.AuthorizationType]).sort()).toEqual([
      ['$connect', 'CUSTOM'],
      ['$default', 'NONE'],
      ['$disconnect', 'NONE'],
      ['ping', 'NONE'],
    ]);
    const ping = routes.find((r) => r.RouteKey === 'ping')!;
    expect((await client.send(new GetRouteResponsesCommand({ ApiId: apiId, RouteId: ping.RouteId }))).Items!.map((r) => r.RouteResponseKey)).toEqual(['$default']);
    expect(await client.send(new GetStageCommand({ ApiId: apiId, StageName: 'prod' }))).toMatchObject({ DeploymentId: outputs.deployment_id, StageVariables: { room: 'lobby' } });

    const response = await fetch(`${cp.url}/internal/config`, { headers: { authorization: `Bearer ${TOKEN}`, accept: configAcceptHeader() } });
    const entry = configDocumentV2Schema.parse(await response.json()).apis[apiId];
    expect(entry?.protocolType).toBe('WEBSOCKET');
    const [snapshot] = entry!.stages.map((stage) => websocketApiSnapshotSchema.parse(stage));
    expect(snapshot!.stage).toMatchObject({ stageName: 'prod', deploymentId: outputs.deployment_id, routeSettings: { ping: { loggingLevel: 'INFO', dataTraceEnabled: true, throttlingBurstLimit: 10 } } });
    expect(snapshot!.routes.map((r) => r.routeKey)).toEqual(['$connect', '$default', '$disconnect', 'ping']);
    expect(snapshot!.routes.find((r) => r.routeKey === 'ping')).toMatchObject({ routeResponseSelectionExpression: '$default', routeResponses: [{ routeResponseKey: '$default' }] });
    expect(snapshot!.integrations.find((i) => i.integrationType === 'MOCK')).toMatchObject({ integrationResponses: [{ integrationResponseKey: '$default' }] });
    expect(snapshot!.authorizers).toMatchObject([{ name: 'tokens', identitySource: ['route.request.querystring.token'] }]);
  });

  it('plans no changes', async () => {
    const plan = await tf.plan(vars);
    expect(plan.code === 0 ? '' : explain(plan)).toBe('');
  }, TERRAFORM_TIMEOUT);

  it('destroys everything', async () => {
    const destroyed = await tf.destroy(vars);
    expect(destroyed.code === 0 ? '' : explain(destroyed)).toBe('');
    expect((await client.send(new GetApisCommand({}))).Items).toEqual([]);
  }, TERRAFORM_TIMEOUT);
});
