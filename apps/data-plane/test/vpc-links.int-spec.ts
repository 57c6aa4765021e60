// VPC links end to end: created through the real AWS SDK and the AWS CLI on the real control plane, carried to a
// data plane in the config document, and served: a VPC_LINK integration (literal connectionId and
// `${stageVariables.vpcLinkId}`) reaches two real backends round-robin with the URI's Host; one backend stopped →
// after the health check marks it down every request goes to the other, no 5xx; both stopped → AWS's 500.
import { request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  CreateVpcLinkCommand,
  DeleteVpcLinkCommand,
  GetResourcesCommand,
  GetTagsCommand,
  GetVpcLinkCommand,
  GetVpcLinksCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  TagResourceCommand,
  UpdateVpcLinkCommand,
  type APIGatewayClient,
} from '@aws-sdk/client-api-gateway';
import { awsCli, awsCliAvailable } from '@portico/testing-aws-cli';
import { startBackend, type TestBackend } from './support/backends.js';
import { CP_ACCESS_KEY_ID, CP_DATA_PLANE_TOKEN, CP_SECRET_ACCESS_KEY, startControlPlaneProcess, testRedisUrl, type ControlPlaneProcess } from './support/control-plane-process.js';
import { metricValue, startTestDataPlane, type TestDataPlane } from './support/data-plane-harness.js';
import { createPostgresDatabase, type PostgresDatabase } from './support/postgres.js';
import { eventually } from './support/processes.js';

if (!awsCliAvailable()) console.warn('vpc-links.int-spec: no `aws` executable on the PATH; the AWS CLI case is skipped');
const itCli = awsCliAvailable() ? it : it.skip;

const NLB_ARN = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/net/orders/0123456789abcdef';

interface Answer {
  status: number;
  body: string;
}

/** `ANY /{proxy+}` as an HTTP_PROXY through a VPC link (`connectionId` as given), deployed to `stageName`. */
async function deployLinkedApi(client: APIGatewayClient, connectionId: string, stageName: string, variables?: Record<string, string>): Promise<string> {
  const api = await client.send(new CreateRestApiCommand({ name: `linked-${stageName}`, endpointConfiguration: { types: ['REGIONAL'] } }));
  const restApiId = api.id as string;
  const rootId = (await client.send(new GetResourcesCommand({ restApiId }))).items?.find((r) => r.path === '/')?.id as string;
  const resourceId = (await client.send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: '{proxy+}' }))).id as string;
  await client.send(new PutMethodCommand({ restApiId, resourceId, httpMethod: 'ANY', authorizationType: 'NONE', requestParameters: { 'method.request.path.proxy': true } }));
  await client.send(
    new PutIntegrationCommand({
      restApiId,
      resourceId,
      httpMethod: 'ANY',
      type: 'HTTP_PROXY',
      integrationHttpMethod: 'ANY',
      uri: 'http://orders.internal:8000/{proxy}',
      connectionType: 'VPC_LINK',
      connectionId,
      requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' },
    }),
  );
  await client.send(new CreateDeploymentCommand({ restApiId, stageName, variables }));
  return restApiId;
}

describe('VPC links', () => {
  let database: PostgresDatabase;
  let cp: ControlPlaneProcess;
  let dp: TestDataPlane;
  let a: TestBackend;
  let b: TestBackend;
  let cacheDir: string;
  let linkId: string;
  let literalApi: string;
  let stagedApi: string;

  const hostPort = (backend: TestBackend) => backend.url.replace('http://', '');
  const invoke = (apiId: string, path: string): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const url = new URL(dp.invokeUrl);
      const req = request({ host: url.hostname, port: url.port, path, headers: { host: `${apiId}.execute-api.us-east-1.amazonaws.com` } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
  const backendOf = (answer: Answer) => (answer.status === 200 ? (JSON.parse(answer.body) as { backend: string; path: string }).backend : `status ${answer.status}`);
  const burst = async (apiId: string, path: string, n: number) => {
    const answers: Answer[] = [];
    for (let i = 0; i < n; i++) answers.push(await invoke(apiId, path));
    return answers;
  };

  beforeAll(async () => {
    [a, b] = await Promise.all([startBackend('a'), startBackend('b')]);
    database = await createPostgresDatabase();
    cp = await startControlPlaneProcess({ databaseUrl: database.url, redisUrl: testRedisUrl() });
    cacheDir = await mkdtemp(join(tmpdir(), 'portico-vpclinks-'));
    dp = await startTestDataPlane({
      source: { kind: 'control-plane', url: cp.url, token: CP_DATA_PLANE_TOKEN },
      redisUrl: testRedisUrl(),
      pollIntervalMs: 1000,
      configCachePath: join(cacheDir, 'config.json'),
      vpcLinkHealthCheck: { intervalMs: 200, timeoutMs: 2000, healthyThreshold: 1, unhealthyThreshold: 2 },
    });
  });

  afterAll(async () => {
    await dp?.close();
    await cp?.stop();
    await database?.drop();
    await Promise.all([a?.close(), b?.close()]);
    if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
  });

  it('creates, reads and updates links with AWS\'s shapes and refuses what AWS refuses', async () => {
    const created = await cp.client.send(new CreateVpcLinkCommand({ name: 'orders', description: 'two backends', targetArns: [hostPort(a), hostPort(b)], tags: { team: 'orders' } }));
    expect(created).toMatchObject({ name: 'orders', description: 'two backends', targetArns: [hostPort(a), hostPort(b)], status: 'PENDING', tags: { team: 'orders' } });
    expect(created.$metadata.httpStatusCode).toBe(202);
    linkId = created.id as string;
    expect(linkId).toMatch(/^[a-z0-9]{6}$/);
    expect(await cp.client.send(new GetVpcLinkCommand({ vpcLinkId: linkId }))).toMatchObject({ id: linkId, status: 'AVAILABLE', statusMessage: 'Your vpc link is ready for use' });
    const updated = await cp.client.send(new UpdateVpcLinkCommand({ vpcLinkId: linkId, patchOperations: [{ op: 'replace', path: '/description', value: 'a and b' }] }));
    expect(updated).toMatchObject({ id: linkId, name: 'orders', description: 'a and b', status: 'AVAILABLE' });
    await expect(cp.client.send(new UpdateVpcLinkCommand({ vpcLinkId: linkId, patchOperations: [{ op: 'replace', path: '/targetArns', value: NLB_ARN }] }))).rejects.toMatchObject({
      name: 'BadRequestException',
      message: 'Target arns are not allowed to be changed/added.',
    });
    await expect(cp.client.send(new CreateVpcLinkCommand({ name: 'two', targetArns: [NLB_ARN, NLB_ARN.replace('orders', 'users')] }))).rejects.toMatchObject({
      name: 'BadRequestException',
      message: 'More than one target arn specified for vpc link.',
    });
    await expect(cp.client.send(new CreateVpcLinkCommand({ name: 'bad', targetArns: ['not a target'] }))).rejects.toMatchObject({ name: 'BadRequestException' });
    await expect(cp.client.send(new CreateVpcLinkCommand({ name: 'none', targetArns: [] }))).rejects.toMatchObject({ name: 'BadRequestException' });
    await expect(cp.client.send(new GetVpcLinkCommand({ vpcLinkId: 'nope00' }))).rejects.toMatchObject({ name: 'NotFoundException', message: 'Invalid VPC link identifier specified' });

    // An NLB ARN's targets are the link's portico:targets tag: FAILED (saying why) without it, AVAILABLE once tagged.
    const nlb = await cp.client.send(new CreateVpcLinkCommand({ name: 'nlb', targetArns: [NLB_ARN] }));
    const failed = await cp.client.send(new GetVpcLinkCommand({ vpcLinkId: nlb.id }));
    expect(failed).toMatchObject({ status: 'FAILED', statusMessage: expect.stringContaining('portico:targets') });
    const arn = `arn:aws:apigateway:us-east-1::/vpclinks/${nlb.id}`;
    await cp.client.send(new TagResourceCommand({ resourceArn: arn, tags: { 'portico:targets': `${hostPort(a)},${hostPort(b)}` } }));
    expect(await cp.client.send(new GetVpcLinkCommand({ vpcLinkId: nlb.id }))).toMatchObject({ status: 'AVAILABLE', tags: { 'portico:targets': `${hostPort(a)},${hostPort(b)}` } });
    expect((await cp.client.send(new GetTagsCommand({ resourceArn: arn }))).tags).toEqual({ 'portico:targets': `${hostPort(a)},${hostPort(b)}` });
    expect((await cp.client.send(new GetVpcLinksCommand({}))).items?.map((l) => l.id)).toEqual([linkId, nlb.id]);
    await cp.client.send(new DeleteVpcLinkCommand({ vpcLinkId: nlb.id as string }));
    await expect(cp.client.send(new GetVpcLinkCommand({ vpcLinkId: nlb.id }))).rejects.toMatchObject({ name: 'NotFoundException' });
  });

  it('validates VPC_LINK integrations as AWS does', async () => {
    const api = await cp.client.send(new CreateRestApiCommand({ name: 'checks' }));
    const rootId = (await cp.client.send(new GetResourcesCommand({ restApiId: api.id }))).items?.[0]?.id as string;
    await cp.client.send(new PutMethodCommand({ restApiId: api.id, resourceId: rootId, httpMethod: 'GET', authorizationType: 'NONE' }));
    const put = (connectionId: string | undefined) =>
      cp.client.send(new PutIntegrationCommand({ restApiId: api.id, resourceId: rootId, httpMethod: 'GET', type: 'HTTP_PROXY', integrationHttpMethod: 'GET', uri: 'http://orders.internal/', connectionType: 'VPC_LINK', connectionId }));
    await expect(put(undefined)).rejects.toMatchObject({ name: 'BadRequestException', message: 'connectionId must be set to a VpcLink id when connectionType is VPC_LINK' });
    await expect(put('nope00')).rejects.toMatchObject({ name: 'BadRequestException', message: 'Invalid VPC link identifier specified' });
    expect(await put('${stageVariables.vpcLinkId}')).toMatchObject({ connectionType: 'VPC_LINK', connectionId: '${stageVariables.vpcLinkId}' });
    expect(await put(linkId)).toMatchObject({ connectionType: 'VPC_LINK', connectionId: linkId });
  });

  it('serves a link round-robin over both targets, with the URI\'s Host, by literal id and through a stage variable', async () => {
    literalApi = await deployLinkedApi(cp.client, linkId, 'prod');
    stagedApi = await deployLinkedApi(cp.client, '${stageVariables.vpcLinkId}', 'live', { vpcLinkId: linkId });
    await eventually(async () => ((await invoke(literalApi, '/prod/orders/1')).status === 200 ? true : undefined), 'the literal link served', 30_000);
    await eventually(async () => ((await invoke(stagedApi, '/live/orders/1')).status === 200 ? true : undefined), 'the staged link served', 30_000);
    const seen = (await burst(literalApi, '/prod/orders/7?x=1', 10)).map(backendOf);
    expect(seen.filter((s) => s === 'a')).toHaveLength(5);
    expect(seen.filter((s) => s === 'b')).toHaveLength(5);
    const last = b.requests.at(-1)!;
    expect(last.url).toBe('/orders/7?x=1');
    expect(last.headers.host).toBe('orders.internal:8000');
    expect(new Set((await burst(stagedApi, '/live/x', 4)).map(backendOf))).toEqual(new Set(['a', 'b']));
  });

  it('refuses to delete a link a stage serves, naming where, in AWS\'s words', async () => {
    const refusal = await cp.client.send(new DeleteVpcLinkCommand({ vpcLinkId: linkId })).then(
      () => undefined,
      (error: Error) => error,
    );
    expect(refusal?.name).toBe('BadRequestException');
    const m = /^Cannot delete vpc link\. Vpc link '([a-z0-9]+)', is referenced in \[(.*)\] in format of \[RESTApiId:Method:Resource:Stage\]\.$/.exec(refusal?.message ?? '');
    expect(m?.[1]).toBe(linkId);
    const references = m?.[2].split(', ') ?? [];
    expect(references).toHaveLength(2);
    expect(references.some((r) => new RegExp(`^${literalApi}:ANY:[a-z0-9]+:prod$`).test(r))).toBe(true);
    expect(references.some((r) => new RegExp(`^${stagedApi}:ANY:[a-z0-9]+:live$`).test(r))).toBe(true);
    expect((await cp.client.send(new GetVpcLinkCommand({ vpcLinkId: linkId }))).status).toBe('AVAILABLE');
  });

  it('sends everything to the healthy target once the health check marks the stopped one down, and answers 500 when both are down', async () => {
    await b.close();
    // Requests between the stop and the health check's verdict may fail (as behind an NLB); after it, none does.
    await eventually(
      async () => ((await burst(literalApi, '/prod/after', 20)).every((answer) => backendOf(answer) === 'a') ? true : undefined),
      'every request answered by a',
      30_000,
    );
    const after = await burst(literalApi, '/prod/after', 40);
    expect(after.map((answer) => answer.status)).toEqual(after.map(() => 200));
    expect(new Set(after.map(backendOf))).toEqual(new Set(['a']));
    expect(new Set((await burst(stagedApi, '/live/after', 10)).map(backendOf))).toEqual(new Set(['a']));
    expect(dp.logs).toContainEqual(expect.objectContaining({ level: 'warn', message: expect.stringContaining('VPC link target unhealthy'), fields: expect.objectContaining({ vpcLinkId: linkId, target: hostPort(b) }) }));
    const exposition = await (await fetch(`${dp.statusUrl}/metrics`)).text();
    expect(metricValue(exposition, 'portico_vpc_link_target_healthy', { vpc_link_id: linkId, target: hostPort(b) })).toBe(0);
    expect(metricValue(exposition, 'portico_vpc_link_target_healthy', { vpc_link_id: linkId, target: hostPort(a) })).toBe(1);

    await a.close();
    const down = await eventually(async () => {
      const answer = await invoke(literalApi, '/prod/down');
      return answer.status === 500 && JSON.parse(answer.body).message === 'Internal server error' ? answer : undefined;
    }, 'AWS\'s answer for an unreachable link', 30_000);
    expect(JSON.parse(down.body)).toEqual({ message: 'Internal server error' });
    // Both marked down: the answer comes without trying a backend, the same for the stage-variable link.
    await eventually(async () => (dp.logs.some((l) => l.message.includes('VPC link target unhealthy') && l.fields?.target === hostPort(a)) ? true : undefined), 'a marked down', 30_000);
    expect((await invoke(stagedApi, '/live/down')).status).toBe(500);
  });

  itCli('drives links with the AWS CLI', async () => {
    const aws = awsCli({ endpoint: cp.url, credentials: { accessKeyId: CP_ACCESS_KEY_ID, secretAccessKey: CP_SECRET_ACCESS_KEY }, region: 'us-east-1' });
    const created = await aws.json('apigateway', 'create-vpc-link', '--name', 'cli', '--target-arns', '10.0.0.5:8080', '10.0.0.6:8080');
    expect(created).toMatchObject({ name: 'cli', status: 'PENDING', targetArns: ['10.0.0.5:8080', '10.0.0.6:8080'] });
    expect(await aws.json('apigateway', 'get-vpc-link', '--vpc-link-id', created.id as string)).toMatchObject({ status: 'AVAILABLE' });
    expect(((await aws.json('apigateway', 'get-vpc-links')).items as { id: string }[]).map((l) => l.id)).toContain(created.id);
    await aws.json('apigateway', 'delete-vpc-link', '--vpc-link-id', created.id as string);
    expect(await aws.result('apigateway', 'get-vpc-link', '--vpc-link-id', created.id as string)).toEqual({ ok: false, stderr: expect.stringContaining('(NotFoundException)') });
  });
});
