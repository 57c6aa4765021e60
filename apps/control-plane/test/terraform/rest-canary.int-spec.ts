// Terraform without drift for a canary release: aws_api_gateway_stage's canary_settings applied by the real
// terraform binary and the real AWS provider (5.100, from the local mirror) against the real control plane;
// planned clean; the share changed in place; destroyed with nothing left, as the SDK sees it.
import { join } from 'node:path';
import { GetRestApisCommand, GetStageCommand } from '@aws-sdk/client-api-gateway';
import { startTestControlPlane, TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY, type TestControlPlane } from '../support/test-control-plane.js';
import { createTerraformWorkspace, describeWithTerraform, explain, type TerraformWorkspace } from '@portico/testing-terraform';

describeWithTerraform('Terraform (AWS provider 5.100): a REST API stage with canary_settings', (tools) => {
  let cp: TestControlPlane;
  let tf: TerraformWorkspace;
  let vars: Record<string, string>;
  let outputs: Record<string, string>;

  beforeAll(async () => {
    cp = await startTestControlPlane();
    tf = await createTerraformWorkspace(tools, join(import.meta.dirname, 'modules', 'rest-canary'));
    await tf.init();
    vars = { endpoint: cp.url, access_key: TEST_ACCESS_KEY_ID, secret_key: TEST_SECRET_ACCESS_KEY, name: 'tf-canary' };
  });

  afterAll(async () => {
    await tf?.remove();
    await cp?.close();
  });

  it('applies, and the stage carries the canary', async () => {
    const applied = await tf.apply(vars);
    expect(applied.code === 0 ? '' : explain(applied)).toBe('');
    outputs = await tf.output();
    const stage = await cp.client.send(new GetStageCommand({ restApiId: outputs.api_id, stageName: 'prod' }));
    expect(stage).toMatchObject({
      deploymentId: outputs.base_deployment_id,
      variables: { color: 'blue' },
      canarySettings: { deploymentId: outputs.canary_deployment_id, percentTraffic: 10, stageVariableOverrides: { color: 'green' }, useStageCache: false },
    });
  });

  it('plans no changes', async () => {
    const plan = await tf.plan(vars);
    expect(plan.code === 0 ? '' : explain(plan)).toBe('');
  });

  it('changes the share in place and plans clean again', async () => {
    const changed = { ...vars, percent: '25.5' };
    const applied = await tf.apply(changed);
    expect(applied.code === 0 ? '' : explain(applied)).toBe('');
    const stage = await cp.client.send(new GetStageCommand({ restApiId: outputs.api_id, stageName: 'prod' }));
    expect(stage.canarySettings).toMatchObject({ deploymentId: outputs.canary_deployment_id, percentTraffic: 25.5 });
    const plan = await tf.plan(changed);
    expect(plan.code === 0 ? '' : explain(plan)).toBe('');
    vars = changed;
  });

  it('destroys everything', async () => {
    const destroyed = await tf.destroy(vars);
    expect(destroyed.code === 0 ? '' : explain(destroyed)).toBe('');
    expect((await cp.client.send(new GetRestApisCommand({}))).items ?? []).toEqual([]);
  });
});
