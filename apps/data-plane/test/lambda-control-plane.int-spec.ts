import {
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  GetResourcesCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
} from '@aws-sdk/client-api-gateway';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CP_DATA_PLANE_TOKEN, startControlPlaneProcess, type ControlPlaneProcess } from './support/control-plane-process.js';
import { startTestDataPlane, type TestDataPlane } from './support/data-plane-harness.js';
import { createPostgresDatabase, type PostgresDatabase } from './support/postgres.js';
import { eventually } from './support/processes.js';
import { functionsDir, lambdaUri } from './lambda-fixtures.js';

// The whole path as a user takes it: the AWS SDK defines an API with a Lambda proxy method and a non-proxy
// method with VTL templates on the real control plane (its own process, PostgreSQL), deploys it, and the data
// plane serves it with local functions.
describe('Lambda integrations deployed through the control plane', () => {
  let database: PostgresDatabase;
  let cp: ControlPlaneProcess;
  let dp: TestDataPlane;
  let restApiId: string;
  const cachePath = join(tmpdir(), `portico-lambda-cp-${process.pid}.json`);

  beforeAll(async () => {
    database = await createPostgresDatabase();
    cp = await startControlPlaneProcess({ databaseUrl: database.url });
    dp = await startTestDataPlane({
      source: { kind: 'control-plane', url: cp.url, token: CP_DATA_PLANE_TOKEN },
      pollIntervalMs: 100,
      configCachePath: cachePath,
      functionsDir,
    });
  });

  afterAll(async () => {
    await dp?.close();
    await cp?.stop();
    await database?.drop();
    await rm(cachePath, { force: true });
  });

  it('deploys an AWS_PROXY method and an AWS method with mapping templates, and serves both', async () => {
    const client = cp.client;
    restApiId = (await client.send(new CreateRestApiCommand({ name: 'lambda-e2e', endpointConfiguration: { types: ['REGIONAL'] } }))).id as string;
    const rootId = (await client.send(new GetResourcesCommand({ restApiId }))).items?.find((r) => r.path === '/')?.id as string;

    const hello = (await client.send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: 'hello' }))).id as string;
    await client.send(new PutMethodCommand({ restApiId, resourceId: hello, httpMethod: 'GET', authorizationType: 'NONE' }));
    await client.send(
      new PutIntegrationCommand({ restApiId, resourceId: hello, httpMethod: 'GET', type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: lambdaUri('echo') }),
    );

    const greet = (await client.send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: 'greet' }))).id as string;
    await client.send(new PutMethodCommand({ restApiId, resourceId: greet, httpMethod: 'GET', authorizationType: 'NONE' }));
    await client.send(
      new PutIntegrationCommand({
        restApiId,
        resourceId: greet,
        httpMethod: 'GET',
        type: 'AWS',
        integrationHttpMethod: 'POST',
        uri: lambdaUri('greet'),
        passthroughBehavior: 'NEVER',
        requestTemplates: { 'application/json': '{"name": "$util.escapeJavaScript($input.params(\'name\'))"}' },
      }),
    );
    for (const statusCode of ['200', '404']) {
      await client.send(new PutMethodResponseCommand({ restApiId, resourceId: greet, httpMethod: 'GET', statusCode }));
    }
    await client.send(
      new PutIntegrationResponseCommand({
        restApiId,
        resourceId: greet,
        httpMethod: 'GET',
        statusCode: '200',
        responseTemplates: { 'application/json': '{"message": "$input.path(\'$.greeting\')"}' },
      }),
    );
    await client.send(
      new PutIntegrationResponseCommand({
        restApiId,
        resourceId: greet,
        httpMethod: 'GET',
        statusCode: '404',
        selectionPattern: 'Not found: .*',
        responseTemplates: { 'application/json': '{"error": "$input.path(\'$.errorMessage\')"}' },
      }),
    );
    await client.send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }));

    const base = `${dp.invokeUrl}/restapis/${restApiId}/prod/_user_request_`;
    const proxied = await eventually(async () => {
      const r = await fetch(`${base}/hello?x=1`);
      return r.status === 200 ? r : undefined;
    }, 'the deployment to serve');
    const echoed = (await proxied.json()) as { event: { resource: string; queryStringParameters: Record<string, string>; requestContext: { stage: string } } };
    expect(echoed.event).toMatchObject({ resource: '/hello', queryStringParameters: { x: '1' }, requestContext: { stage: 'prod' } });

    const greeted = await fetch(`${base}/greet?name=Ada`);
    expect([greeted.status, await greeted.json()]).toEqual([200, { message: 'Hello, Ada!' }]);
    const missing = await fetch(`${base}/greet?name=nobody`);
    expect([missing.status, await missing.json()]).toEqual([404, { error: 'Not found: nobody' }]);
    const refused = await fetch(`${base}/greet?name=Ada`, { headers: { 'content-type': 'text/plain' } });
    expect(refused.status).toBe(415);
  });
});
