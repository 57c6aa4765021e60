import { Agent, request } from 'node:http';
import {
  CreateDeploymentCommand,
  CreateResourceCommand,
  DeleteDeploymentCommand,
  GetResourcesCommand,
  GetStageCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-api-gateway';
import { awsCli, awsCliAvailable } from '@portico/testing-aws-cli';
import { startBackend, type TestBackend } from './support/backends.js';
import { CP_ACCESS_KEY_ID, CP_DATA_PLANE_TOKEN, CP_SECRET_ACCESS_KEY, startControlPlaneProcess, testRedisUrl, type ControlPlaneProcess } from './support/control-plane-process.js';
import { startTestDataPlane, type TestDataPlane } from './support/data-plane-harness.js';
import { deployProxyApi, pointProxyAt, type DeployedProxyApi } from './support/deploy-proxy-api.js';
import { createPostgresDatabase, type PostgresDatabase } from './support/postgres.js';
import { eventually } from './support/processes.js';


interface Invoked {
  status: number;
  body: string;
}

/** `apigateway_Count` of one API's stage, summed over the series with (`true`) or without (`false`) the canary label. */
function stageCount(exposition: string, apiId: string, canary: boolean): number {
  let total = 0;
  for (const line of exposition.split('\n')) {
    if (!line.startsWith('apigateway_Count{')) continue;
    if (!line.includes(`api_id="${apiId}"`) || !line.includes('stage="prod"')) continue;
    if (line.includes('canary="true"') !== canary) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

// Canary releases end to end: the real control plane (its own process, PostgreSQL, Redis change events), a data
// plane following it, two real backends, and the AWS SDK and CLI as clients. Deployment one proxies to backend A,
// the canary deployment to backend B; GET /ctx is a MOCK whose template shows $context.isCanaryRequest and the
// stage variable the canary overrides.
describe('canary releases', () => {
  let database: PostgresDatabase;
  let cp: ControlPlaneProcess;
  let dp: TestDataPlane;
  let backendA: TestBackend;
  let backendB: TestBackend;
  let api: DeployedProxyApi;
  let ctxResourceId: string;
  let baseDeploymentId: string;
  let canaryDeploymentId: string;
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });

  function invoke(path: string): Promise<Invoked> {
    const url = new URL(dp.invokeUrl);
    return new Promise((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path: `/restapis/${api.restApiId}/prod/_user_request_${path}`, agent }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
  }

  /** The MOCK at GET /ctx answers this template; `deployment` names the deployment that was taken. */
  async function putContextMock(deployment: string): Promise<void> {
    await cp.client.send(
      new PutIntegrationResponseCommand({
        restApiId: api.restApiId,
        resourceId: ctxResourceId,
        httpMethod: 'GET',
        statusCode: '200',
        responseTemplates: {
          'application/json': `{"deployment":"${deployment}","isCanary":"$context.isCanaryRequest","testVar":"$stageVariables.testVar","other":"$stageVariables.other","onlyCanary":"$!stageVariables.onlyCanary"}`,
        },
      }),
    );
  }

  const metrics = async () => (await fetch(`${dp.statusUrl}/metrics`)).text();

  beforeAll(async () => {
    [backendA, backendB] = await Promise.all([startBackend('A'), startBackend('B')]);
    database = await createPostgresDatabase();
    cp = await startControlPlaneProcess({ databaseUrl: database.url, redisUrl: testRedisUrl() });
    dp = await startTestDataPlane({ source: { kind: 'control-plane', url: cp.url, token: CP_DATA_PLANE_TOKEN }, redisUrl: testRedisUrl(), pollIntervalMs: 60_000 });

    api = await deployProxyApi(cp.client, 'canary', backendA.url, 'prod');
    const { items } = await cp.client.send(new GetResourcesCommand({ restApiId: api.restApiId }));
    const root = items!.find((r) => r.path === '/')!.id!;
    ctxResourceId = (await cp.client.send(new CreateResourceCommand({ restApiId: api.restApiId, parentId: root, pathPart: 'ctx' }))).id!;
    const method = { restApiId: api.restApiId, resourceId: ctxResourceId, httpMethod: 'GET' };
    await cp.client.send(new PutMethodCommand({ ...method, authorizationType: 'NONE' }));
    await cp.client.send(new PutIntegrationCommand({ ...method, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
    await cp.client.send(new PutMethodResponseCommand({ ...method, statusCode: '200' }));
    await putContextMock('one');
    const base = await cp.client.send(new CreateDeploymentCommand({ restApiId: api.restApiId, stageName: 'prod', variables: { testVar: 'default', other: 'kept' } }));
    baseDeploymentId = base.id!;
    // Access logs that say which requests were canary ones.
    await cp.client.send(
      new UpdateStageCommand({
        restApiId: api.restApiId,
        stageName: 'prod',
        patchOperations: [{ op: 'replace', path: '/accessLogSettings/format', value: '{"requestId":"$context.requestId","canary":"$context.isCanaryRequest","path":"$context.resourcePath"}' }],
      }),
    );
  });

  afterAll(async () => {
    await dp?.close();
    agent.destroy();
    await cp?.stop();
    await database?.drop();
    await Promise.all([backendA?.close(), backendB?.close()]);
  });

  it('serves the base deployment before any canary, with isCanaryRequest false', async () => {
    const ctx = await eventually(async () => {
      const r = await invoke('/ctx');
      return r.status === 200 && r.body.includes('"testVar":"default"') ? r : undefined;
    }, 'the base deployment with its variables');
    expect(JSON.parse(ctx.body)).toEqual({ deployment: 'one', isCanary: 'false', testVar: 'default', other: 'kept', onlyCanary: '' });
  });

  it('creates a canary with CreateDeployment (the stage keeps its deployment) and answers AWS shapes', async () => {
    await pointProxyAt(cp.client, api, backendB.url);
    await putContextMock('two');
    const canary = await cp.client.send(
      new CreateDeploymentCommand({
        restApiId: api.restApiId,
        stageName: 'prod',
        canarySettings: { percentTraffic: 30, stageVariableOverrides: { testVar: 'canary', onlyCanary: 'yes' } },
      }),
    );
    canaryDeploymentId = canary.id!;
    const stage = await cp.client.send(new GetStageCommand({ restApiId: api.restApiId, stageName: 'prod' }));
    expect(stage.deploymentId).toBe(baseDeploymentId);
    expect(stage.canarySettings).toEqual({
      deploymentId: canaryDeploymentId,
      percentTraffic: 30,
      stageVariableOverrides: { testVar: 'canary', onlyCanary: 'yes' },
      useStageCache: false,
    });
    // The canary holds its deployment as the stage holds its own.
    const held = await cp.client.send(new DeleteDeploymentCommand({ restApiId: api.restApiId, deploymentId: canaryDeploymentId })).catch((error: Error) => error);
    expect(held).toMatchObject({ name: 'BadRequestException', message: 'Active stages pointing to this deployment must be moved or deleted' });
  });

  it('splits requests at random by percentTraffic: 2000 requests land within 6 sigma of 30 %', async () => {
    await eventually(async () => ((await invoke('/which')).body.includes('"backend":"B"') ? true : undefined), 'the canary to serve', 30_000);
    const before = await metrics();
    const baseBefore = stageCount(before, api.restApiId, false);
    const canaryBefore = stageCount(before, api.restApiId, true);
    const logBefore = dp.accessLog.length;

    const n = 2000;
    const p = 0.3;
    const seen = { A: 0, B: 0, other: 0 };
    let next = 0;
    const worker = async () => {
      while (next < n) {
        next++;
        const r = await invoke(`/split/${next}`);
        const backend = r.status === 200 ? (JSON.parse(r.body) as { backend?: string }).backend : undefined;
        if (backend === 'A' || backend === 'B') seen[backend]++;
        else seen.other++;
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    expect(seen.other).toBe(0);
    expect(seen.A + seen.B).toBe(n);
    // Binomial(n, p): sigma = sqrt(n p (1 - p)) ≈ 20.5; a 6-sigma miss has probability about 2e-9.
    const sigma = Math.sqrt(n * p * (1 - p));
    console.log(`canary share: ${seen.B}/${n} = ${((100 * seen.B) / n).toFixed(1)} % (expected 30 %, bound ±${(6 * sigma).toFixed(0)} requests)`);
    expect(Math.abs(seen.B - n * p)).toBeLessThanOrEqual(6 * sigma);

    // Metrics keep canary and base apart: every B answer is counted in the canary series, every A one in the base.
    const after = await eventually(async () => {
      const text = await metrics();
      return stageCount(text, api.restApiId, false) - baseBefore + stageCount(text, api.restApiId, true) - canaryBefore >= n ? text : undefined;
    }, 'the metrics to count every request');
    expect(stageCount(after, api.restApiId, true) - canaryBefore).toBe(seen.B);
    expect(stageCount(after, api.restApiId, false) - baseBefore).toBe(seen.A);

    // So do the access logs ($context.isCanaryRequest).
    const lines = await eventually(async () => {
      const got = dp.accessLog.slice(logBefore).map((l) => JSON.parse(l) as { canary: string; path: string });
      return got.length >= n ? got : undefined;
    }, 'the access log lines');
    expect(lines.filter((l) => l.canary === 'true')).toHaveLength(seen.B);
    expect(lines.filter((l) => l.canary === 'false')).toHaveLength(seen.A);
  });

  it('runs canary requests on the canary deployment with the overrides merged over the stage variables', async () => {
    const answers = new Map<string, unknown>();
    for (let i = 0; i < 200 && answers.size < 2; i++) {
      const r = await invoke('/ctx');
      const body = JSON.parse(r.body) as { isCanary: string };
      answers.set(body.isCanary, body);
    }
    expect(answers.get('false')).toEqual({ deployment: 'one', isCanary: 'false', testVar: 'default', other: 'kept', onlyCanary: '' });
    expect(answers.get('true')).toEqual({ deployment: 'two', isCanary: 'true', testVar: 'canary', other: 'kept', onlyCanary: 'yes' });
  });

  it('promotes the canary with UpdateStage copy operations (SDK)', async () => {
    const promoted = await cp.client.send(
      new UpdateStageCommand({
        restApiId: api.restApiId,
        stageName: 'prod',
        patchOperations: [
          { op: 'replace', path: '/canarySettings/percentTraffic', value: '0.0' },
          { op: 'copy', from: '/canarySettings/stageVariableOverrides', path: '/variables' },
          { op: 'copy', from: '/canarySettings/deploymentId', path: '/deploymentId' },
        ],
      }),
    );
    expect(promoted.deploymentId).toBe(canaryDeploymentId);
    expect(promoted.variables).toEqual({ testVar: 'canary', other: 'kept', onlyCanary: 'yes' });
    expect(promoted.canarySettings).toMatchObject({ deploymentId: canaryDeploymentId, percentTraffic: 0 });
    const ctx = await eventually(async () => {
      const r = await invoke('/ctx');
      return r.body.includes('"deployment":"two"') && r.body.includes('"isCanary":"false"') ? r : undefined;
    }, 'the promoted deployment to serve as base');
    expect(JSON.parse(ctx.body)).toEqual({ deployment: 'two', isCanary: 'false', testVar: 'canary', other: 'kept', onlyCanary: 'yes' });
    for (let i = 0; i < 50; i++) expect((await invoke('/after-promotion')).body).toContain('"backend":"B"');
  });

  (awsCliAvailable() ? it : it.skip)('removes the canary with the AWS CLI', async () => {
    const aws = awsCli({ endpoint: cp.url, credentials: { accessKeyId: CP_ACCESS_KEY_ID, secretAccessKey: CP_SECRET_ACCESS_KEY }, region: 'us-east-1' });
    const stage = (await aws.json('apigateway', 'update-stage', '--rest-api-id', api.restApiId, '--stage-name', 'prod', '--patch-operations', 'op=remove,path=/canarySettings')) as { deploymentId: string; canarySettings?: unknown };
    expect(stage.deploymentId).toBe(canaryDeploymentId);
    expect(stage.canarySettings).toBeUndefined();
    expect((await cp.client.send(new GetStageCommand({ restApiId: api.restApiId, stageName: 'prod' }))).canarySettings).toBeUndefined();
    // With the canary gone the next CreateDeployment moves the stage itself again.
    const next = await cp.client.send(new CreateDeploymentCommand({ restApiId: api.restApiId, stageName: 'prod' }));
    expect((await cp.client.send(new GetStageCommand({ restApiId: api.restApiId, stageName: 'prod' }))).deploymentId).toBe(next.id);
    // The README's CLI form of a canary release.
    const created = await aws.json('apigateway', 'create-deployment', '--rest-api-id', api.restApiId, '--stage-name', 'prod', '--canary-settings', 'percentTraffic=10,stageVariableOverrides={color=green}');
    const canaryId = created.id as string;
    const after = await cp.client.send(new GetStageCommand({ restApiId: api.restApiId, stageName: 'prod' }));
    expect(after).toMatchObject({ deploymentId: next.id, canarySettings: { deploymentId: canaryId, percentTraffic: 10, stageVariableOverrides: { color: 'green' } } });
  });
});
