// Terraform without drift for HTTP APIs: aws_apigatewayv2_api, _integration, _authorizer, _route, _deployment and
// _stage applied by the real terraform binary and the real AWS provider (5.100, from the local mirror) against the
// real control plane; planned clean; changed; destroyed with nothing left, as the apigatewayv2 SDK sees it.
import { join } from 'node:path';
import { GetApisCommand, GetDeploymentsCommand, GetIntegrationsCommand, GetRoutesCommand, GetStageCommand, type ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { startTestControlPlane, TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY, type TestControlPlane } from '../support/test-control-plane.js';
import { v2Client } from '../apigatewayv2/support.js';
import { createTerraformWorkspace, describeWithTerraform, explain, type TerraformWorkspace } from '@portico/testing-terraform';

describeWithTerraform('Terraform (AWS provider 5.100): an HTTP API module', (tools) => {
  let cp: TestControlPlane;
  let client: ApiGatewayV2Client;
  let tf: TerraformWorkspace;
  let vars: Record<string, string>;
  let outputs: Record<string, string>;

  beforeAll(async () => {
    cp = await startTestControlPlane();
    client = v2Client(cp);
    tf = await createTerraformWorkspace(tools, join(import.meta.dirname, 'modules', 'http-api'));
    await tf.init();
    vars = { endpoint: cp.url, access_key: TEST_ACCESS_KEY_ID, secret_key: TEST_SECRET_ACCESS_KEY, backend_url: 'https://backend.example.com', name: 'tf-http' };
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
    expect(outputs.api_endpoint).toBe(`https://${outputs.api_id}.execute-api.us-east-1.amazonaws.com`);
    expect(outputs.prod_invoke_url).toBe(`https://${outputs.api_id}.execute-api.us-east-1.amazonaws.com/prod`);
  });

  it('made what the module describes, as the SDK sees it', async () => {
    const apiId = outputs.api_id;
    const routes = (await client.send(new GetRoutesCommand({ ApiId: apiId }))).Items!;
    expect(routes.map((r) => [r.RouteKey, r.AuthorizationType]).sort()).toEqual([
      ['ANY /pets/{proxy+}', 'NONE'],
      ['GET /secure', 'JWT'],
      ['POST /echo', 'CUSTOM'],
    ]);
    expect((await client.send(new GetIntegrationsCommand({ ApiId: apiId }))).Items).toHaveLength(2);
    const prod = await client.send(new GetStageCommand({ ApiId: apiId, StageName: 'prod' }));
    expect(prod).toMatchObject({ DeploymentId: outputs.prod_deployment_id, StageVariables: { greeting: 'hello' }, RouteSettings: { 'GET /secure': { ThrottlingBurstLimit: 2 } } });
    const auto = await client.send(new GetStageCommand({ ApiId: apiId, StageName: '$default' }));
    expect(auto).toMatchObject({ AutoDeploy: true });
    expect(auto.DeploymentId).toBeDefined();
  });

  it('plans no changes', async () => {
    const plan = await tf.plan(vars);
    expect(plan.code === 0 ? '' : explain(plan)).toBe('');
  });

  it('applies a change, redeploys the named stage, and plans clean again', async () => {
    const changed = { ...vars, greeting: 'bonjour' };
    const applied = await tf.apply(changed);
    expect(applied.code === 0 ? '' : explain(applied)).toBe('');
    const next = await tf.output();
    expect(next.prod_deployment_id).not.toBe(outputs.prod_deployment_id);
    const prod = await client.send(new GetStageCommand({ ApiId: next.api_id, StageName: 'prod' }));
    expect(prod).toMatchObject({ DeploymentId: next.prod_deployment_id, StageVariables: { greeting: 'bonjour' } });
    // create_before_destroy: the old deployment was deleted once the stage had moved off it.
    expect((await client.send(new GetDeploymentsCommand({ ApiId: next.api_id }))).Items!.map((d) => d.DeploymentId)).not.toContain(outputs.prod_deployment_id);
    const plan = await tf.plan(changed);
    expect(plan.code === 0 ? '' : explain(plan)).toBe('');
    vars = changed;
  });

  it('destroys everything', async () => {
    const destroyed = await tf.destroy(vars);
    expect(destroyed.code === 0 ? '' : explain(destroyed)).toBe('');
    expect((await client.send(new GetApisCommand({}))).Items).toEqual([]);
  });
});
