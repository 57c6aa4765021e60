import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp as copyDir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CP_ACCESS_KEY_ID, CP_DATA_PLANE_TOKEN, CP_SECRET_ACCESS_KEY, startControlPlaneProcess, testRedisUrl, type ControlPlaneProcess } from './support/control-plane-process.js';
import { startTestDataPlane, type TestDataPlane } from './support/data-plane-harness.js';
import { createPostgresDatabase, type PostgresDatabase } from './support/postgres.js';
import { eventually } from './support/processes.js';

// Terraform's aws_api_gateway_rest_api with `body` (PutRestApi): apply, invoke, plan clean, change, apply,
// destroy. The real terraform binary and AWS provider 5.100.0 from the machine's filesystem mirror (no network);
// in CI their absence fails the suite instead of skipping it.
const MIRROR = process.env.PORTICO_TERRAFORM_PLUGIN_MIRROR ?? '/opt/tf-plugins';
const terraformBin = process.env.PORTICO_TERRAFORM_BIN ?? (process.env.PATH ?? '').split(':').map((d) => join(d, 'terraform')).find((p) => existsSync(p));
const available = terraformBin !== undefined && existsSync(join(MIRROR, 'registry.terraform.io', 'hashicorp', 'aws', '5.100.0'));
const describeTerraform = available || process.env.CI ? describe : describe.skip;

interface Run {
  code: number;
  out: string;
}

describeTerraform('Terraform aws_api_gateway_rest_api with an OpenAPI body', () => {
  let database: PostgresDatabase;
  let cp: ControlPlaneProcess;
  let dp: TestDataPlane;
  let dir: string;
  let vars: string[];

  const terraform = (args: string[]): Promise<Run> =>
    new Promise((resolve) => {
      execFile(
        terraformBin!,
        [...args, '-no-color'],
        {
          cwd: join(dir, 'module'),
          env: { PATH: process.env.PATH ?? '', HOME: dir, TF_CLI_CONFIG_FILE: join(dir, 'terraformrc'), TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1', AWS_EC2_METADATA_DISABLED: 'true' },
          maxBuffer: 64 * 1024 * 1024,
        },
        (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out: `${stderr}\n${stdout}` }),
      );
    });

  beforeAll(async () => {
    expect(available).toBe(true);
    database = await createPostgresDatabase();
    cp = await startControlPlaneProcess({ databaseUrl: database.url, redisUrl: testRedisUrl() });
    dp = await startTestDataPlane({ source: { kind: 'control-plane', url: cp.url, token: CP_DATA_PLANE_TOKEN }, redisUrl: testRedisUrl(), pollIntervalMs: 500 });
    dir = await mkdtemp(join(tmpdir(), 'portico-terraform-openapi-'));
    await copyDir(fileURLToPath(new URL('./fixtures/terraform-openapi', import.meta.url)), join(dir, 'module'), { recursive: true });
    await writeFile(
      join(dir, 'terraformrc'),
      `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(MIRROR)}\n    include = ["registry.terraform.io/hashicorp/*"]\n  }\n  direct {\n    exclude = ["registry.terraform.io/hashicorp/*"]\n  }\n}\n`,
    );
    vars = ['-var', `endpoint=${cp.url}`, '-var', `access_key=${CP_ACCESS_KEY_ID}`, '-var', `secret_key=${CP_SECRET_ACCESS_KEY}`];
    const init = await terraform(['init', '-input=false']);
    expect([init.code, init.out]).toEqual([0, init.out]);
  }, 10 * 60_000);
  afterAll(async () => {
    await dp?.close();
    await cp?.stop();
    await database?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const greet = async (restApiId: string, query: string) => {
    const answer = await fetch(`${dp.invokeUrl}/restapis/${restApiId}/prod/_user_request_/greet${query}`);
    return { status: answer.status, body: await answer.text() };
  };

  it('applies, serves, plans clean, applies a change and destroys', async () => {
    const apply = await terraform(['apply', '-auto-approve', '-input=false', ...vars]);
    expect([apply.code, apply.out]).toEqual([0, apply.out]);
    const output = await terraform(['output', '-json']);
    const restApiId = (JSON.parse(output.out.slice(output.out.indexOf('{'))) as { rest_api_id: { value: string } }).rest_api_id.value;

    const hello = await eventually(async () => {
      const answer = await greet(restApiId, '?name=tf');
      return answer.status === 200 ? answer : undefined;
    }, 'the Terraform-made API served');
    expect(hello.body).toBe('{"greeting": "hello tf"}');
    expect((await greet(restApiId, '')).status).toBe(400);

    const plan = await terraform(['plan', '-detailed-exitcode', '-input=false', ...vars]);
    expect([plan.code, plan.out]).toEqual([0, plan.out]);

    const change = await terraform(['apply', '-auto-approve', '-input=false', ...vars, '-var', 'greeting=howdy']);
    expect([change.code, change.out]).toEqual([0, change.out]);
    const howdy = await eventually(async () => {
      const answer = await greet(restApiId, '?name=tf');
      return answer.body === '{"greeting": "howdy tf"}' ? answer : undefined;
    }, 'the changed body served');
    expect(howdy.status).toBe(200);
    const replan = await terraform(['plan', '-detailed-exitcode', '-input=false', ...vars, '-var', 'greeting=howdy']);
    expect([replan.code, replan.out]).toEqual([0, replan.out]);

    const destroy = await terraform(['destroy', '-auto-approve', '-input=false', ...vars, '-var', 'greeting=howdy']);
    expect([destroy.code, destroy.out]).toEqual([0, destroy.out]);
    // Six terraform runs, each starting the provider plugin: ~3.5 min alone, over 5 on a loaded 2-core machine.
    // The bound is for hangs, not speed.
  }, 20 * 60_000);
});
