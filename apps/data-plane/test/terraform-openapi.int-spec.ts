import { fileURLToPath } from 'node:url';
import { createTerraformWorkspace, describeWithTerraform, explain, type TerraformWorkspace } from '@portico/testing-terraform';
import { CP_ACCESS_KEY_ID, CP_DATA_PLANE_TOKEN, CP_SECRET_ACCESS_KEY, startControlPlaneProcess, testRedisUrl, type ControlPlaneProcess } from './support/control-plane-process.js';
import { startTestDataPlane, type TestDataPlane } from './support/data-plane-harness.js';
import { createPostgresDatabase, type PostgresDatabase } from './support/postgres.js';
import { eventually } from './support/processes.js';

// Terraform's aws_api_gateway_rest_api with `body` (PutRestApi): apply, invoke, plan clean, change, apply,
// destroy. The real terraform binary and AWS provider 5.100.0 from the machine's filesystem mirror (no network);
// in CI their absence fails the suite instead of skipping it.
describeWithTerraform('Terraform aws_api_gateway_rest_api with an OpenAPI body', (tools) => {
  let database: PostgresDatabase;
  let cp: ControlPlaneProcess;
  let dp: TestDataPlane;
  let workspace: TerraformWorkspace;
  let vars: Record<string, string>;

  beforeAll(async () => {
    database = await createPostgresDatabase();
    cp = await startControlPlaneProcess({ databaseUrl: database.url, redisUrl: testRedisUrl() });
    dp = await startTestDataPlane({ source: { kind: 'control-plane', url: cp.url, token: CP_DATA_PLANE_TOKEN }, redisUrl: testRedisUrl(), pollIntervalMs: 500 });
    workspace = await createTerraformWorkspace(tools, fileURLToPath(new URL('./fixtures/terraform-openapi', import.meta.url)));
    vars = { endpoint: cp.url, access_key: CP_ACCESS_KEY_ID, secret_key: CP_SECRET_ACCESS_KEY };
    await workspace.init();
  }, 10 * 60_000);
  afterAll(async () => {
    await dp?.close();
    await cp?.stop();
    await database?.drop();
    await workspace?.remove();
  });

  const greet = async (restApiId: string, query: string) => {
    const answer = await fetch(`${dp.invokeUrl}/restapis/${restApiId}/prod/_user_request_/greet${query}`);
    return { status: answer.status, body: await answer.text() };
  };

  it('applies, serves, plans clean, applies a change and destroys', async () => {
    const apply = await workspace.apply(vars);
    expect(apply.code === 0 ? '' : explain(apply)).toBe('');
    const restApiId = (await workspace.output()).rest_api_id!;

    const hello = await eventually(async () => {
      const answer = await greet(restApiId, '?name=tf');
      return answer.status === 200 ? answer : undefined;
    }, 'the Terraform-made API served');
    expect(hello.body).toBe('{"greeting": "hello tf"}');
    expect((await greet(restApiId, '')).status).toBe(400);

    const plan = await workspace.plan(vars);
    expect(plan.code === 0 ? '' : explain(plan)).toBe('');

    const howdyVars = { ...vars, greeting: 'howdy' };
    const change = await workspace.apply(howdyVars);
    expect(change.code === 0 ? '' : explain(change)).toBe('');
    const howdy = await eventually(async () => {
      const answer = await greet(restApiId, '?name=tf');
      return answer.body === '{"greeting": "howdy tf"}' ? answer : undefined;
    }, 'the changed body served');
    expect(howdy.status).toBe(200);
    const replan = await workspace.plan(howdyVars);
    expect(replan.code === 0 ? '' : explain(replan)).toBe('');

    const destroy = await workspace.destroy(howdyVars);
    expect(destroy.code === 0 ? '' : explain(destroy)).toBe('');
    // Six terraform runs, each starting the provider plugin: ~3.5 min alone, over 5 on a loaded 2-core machine.
    // The bound is for hangs, not speed.
  }, 20 * 60_000);
});
