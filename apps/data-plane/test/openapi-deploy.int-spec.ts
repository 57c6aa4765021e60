import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateDeploymentCommand, GetExportCommand, ImportRestApiCommand, PutRestApiCommand } from '@aws-sdk/client-api-gateway';
import { awsCli } from '@portico/testing-aws-cli';
import { startBackend, type TestBackend } from './support/backends.js';
import { CP_ACCESS_KEY_ID, CP_DATA_PLANE_TOKEN, CP_SECRET_ACCESS_KEY, startControlPlaneProcess, testRedisUrl, type ControlPlaneProcess } from './support/control-plane-process.js';
import { startTestDataPlane, type TestDataPlane } from './support/data-plane-harness.js';
import { createPostgresDatabase, type PostgresDatabase } from './support/postgres.js';
import { eventually } from './support/processes.js';

interface Answer {
  status: number;
  body: string;
}

// OpenAPI end to end: the AWS CLI imports a YAML document into the real control plane, a deployment reaches the
// data plane, and the API serves what the document says — request validators included. Its export, re-imported
// with the SDK, serves the same answers; PutRestApi overwrite changes them.
describe('OpenAPI import → deploy → invoke', () => {
  let database: PostgresDatabase;
  let cp: ControlPlaneProcess;
  let dp: TestDataPlane;
  let backend: TestBackend;
  let dir: string;
  let document: string;

  beforeAll(async () => {
    backend = await startBackend('B');
    database = await createPostgresDatabase();
    cp = await startControlPlaneProcess({ databaseUrl: database.url, redisUrl: testRedisUrl() });
    dp = await startTestDataPlane({ source: { kind: 'control-plane', url: cp.url, token: CP_DATA_PLANE_TOKEN }, redisUrl: testRedisUrl(), pollIntervalMs: 500 });
    dir = await mkdtemp(join(tmpdir(), 'portico-openapi-e2e-'));
    document = (await readFile(new URL('./fixtures/pets.oas30.yaml', import.meta.url), 'utf8')).replace('BACKEND_URL', backend.url);
  });
  afterAll(async () => {
    await dp?.close();
    await cp?.stop();
    await backend?.close();
    await database?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const call = async (restApiId: string, path: string, init?: RequestInit): Promise<Answer> => {
    const answer = await fetch(`${dp.invokeUrl}/restapis/${restApiId}/prod/_user_request_${path}`, init);
    return { status: answer.status, body: await answer.text() };
  };
  const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  // The requests both the imported API and its re-imported export must answer alike.
  const probes: Array<[string, RequestInit | undefined]> = [
    ['/pets?type=dog', undefined],
    ['/pets', undefined],
    ['/pets?type=', undefined],
    ['/pets', json({ name: 'rex', age: 2, owner: { email: 'a@b.c' } })],
    ['/pets', json({ age: -1 })],
    ['/pets', json({ name: 'rex', owner: {} })],
    ['/pets/42', undefined],
    ['/proxy/anything?x=1', undefined],
  ];

  async function deployAndWait(restApiId: string): Promise<void> {
    await cp.client.send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }));
    await eventually(async () => ((await call(restApiId, '/pets/1')).status === 200 ? true : undefined), `API ${restApiId} served`);
  }

  it('imports with the AWS CLI, deploys and serves the document with its validators', async () => {
    const file = join(dir, 'pets.yaml');
    await writeFile(file, document);
    const aws = awsCli({ endpoint: cp.url, credentials: { accessKeyId: CP_ACCESS_KEY_ID, secretAccessKey: CP_SECRET_ACCESS_KEY }, region: 'us-east-1' });
    const imported = (await aws.json('apigateway', 'import-rest-api', '--body', `fileb://${file}`)) as { id: string; name: string };
    expect(imported.name).toBe('pets');
    await deployAndWait(imported.id);

    expect(await call(imported.id, '/pets?type=dog')).toEqual({ status: 200, body: '[{"name": "rex", "type": "dog"}]' });
    expect(await call(imported.id, '/pets')).toEqual({ status: 400, body: '{"message":"Missing required request parameters: [type]"}' });
    expect(await call(imported.id, '/pets', json({ name: 'rex', owner: { email: 'a@b.c' } }))).toEqual({ status: 201, body: '{"created": true}' });
    const invalid = await call(imported.id, '/pets', json({ age: 3 }));
    expect(invalid.status).toBe(400);
    expect(invalid.body).toContain('"message": "Invalid request body"');
    expect(invalid.body).toContain('missing required properties');
    expect(await call(imported.id, '/pets/42')).toEqual({ status: 200, body: '{"id": "42"}' });
    const proxied = await call(imported.id, '/proxy/anything?x=1');
    expect(proxied.status).toBe(200);
    expect(JSON.parse(proxied.body)).toEqual({ backend: 'B', path: '/anything?x=1' });

    // Export → re-import → deploy: the same answers to every probe.
    const exported = await cp.client.send(new GetExportCommand({ restApiId: imported.id, stageName: 'prod', exportType: 'oas30', parameters: { extensions: 'apigateway' }, accepts: 'application/yaml' }));
    const again = await cp.client.send(new ImportRestApiCommand({ body: exported.body! }));
    await deployAndWait(again.id!);
    for (const [path, init] of probes) {
      expect([path, await call(again.id!, path, init)]).toEqual([path, await call(imported.id, path, init)]);
    }

    // PutRestApi overwrite: the API becomes the new document once redeployed.
    const v2 = document.replace("'[{\"name\": \"rex\", \"type\": \"$input.params(''type'')\"}]'", "'{\"v\": 2}'");
    await cp.client.send(new PutRestApiCommand({ restApiId: again.id!, mode: 'overwrite', body: new TextEncoder().encode(v2) }));
    await cp.client.send(new CreateDeploymentCommand({ restApiId: again.id!, stageName: 'prod' }));
    const v2Answer = await eventually(async () => {
      const answer = await call(again.id!, '/pets?type=cat');
      return answer.body === '{"v": 2}' ? answer : undefined;
    }, 'the overwritten API served');
    expect(v2Answer.status).toBe(200);
  });
});
