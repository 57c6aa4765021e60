import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import {
  CreateApiKeyCommand,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
  GetResourcesCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  type APIGatewayClient,
} from '@aws-sdk/client-api-gateway';
import { configAcceptHeader, configDocumentSchema, type ConfigDocument } from '@portico/contracts';
import { compileGateway } from '@portico/gateway-rest';
import { CP_DATA_PLANE_TOKEN, startControlPlaneProcess, type ControlPlaneProcess } from './support/control-plane-process.js';
import { createPostgresDatabase, type PostgresDatabase } from './support/postgres.js';
import { distEntry, freePorts, startNode, waitForOk, type NodeProcess } from './support/processes.js';

const run = promisify(execFile);
const APIS = 1_000;
const API_KEYS = 100_000;

/** A MOCK method answering 200 through the real admin API. */
async function putMock(client: APIGatewayClient, restApiId: string, resourceId: string, apiKeyRequired: boolean): Promise<void> {
  const method = { restApiId, resourceId, httpMethod: 'GET' };
  await client.send(new PutMethodCommand({ ...method, authorizationType: 'NONE', apiKeyRequired }));
  await client.send(new PutIntegrationCommand({ ...method, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
  await client.send(new PutMethodResponseCommand({ ...method, statusCode: '200' }));
  await client.send(new PutIntegrationResponseCommand({ ...method, statusCode: '200', selectionPattern: '', responseTemplates: { 'application/json': '{"ok": true}' } }));
}

const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

// The config document at scale: 1,000 deployed APIs and 100,000 API keys in one usage plan. One API is made through
// the admin API; the other 999 and the keys are copies inserted with SQL (setup only — a million admin calls would
// take the suite's whole budget). Measured: the control plane's build, the document's size and transfer, a poll
// with a matching ETag, the data plane's parse + compile and its memory; asserted: what the data plane then
// serves. The figures are printed (README "Config document at scale"); only outcomes are asserted.
describe('config document with 1,000 APIs and 100,000 API keys', () => {
  let database: PostgresDatabase;
  let cp: ControlPlaneProcess;
  let dp: NodeProcess | undefined;
  let templateApi: string;
  const figures: Record<string, string> = {};

  beforeAll(async () => {
    database = await createPostgresDatabase();
    cp = await startControlPlaneProcess({ databaseUrl: database.url });
    const client = cp.client;
    templateApi = (await client.send(new CreateRestApiCommand({ name: 'scale', endpointConfiguration: { types: ['REGIONAL'] } }))).id as string;
    const rootId = (await client.send(new GetResourcesCommand({ restApiId: templateApi }))).items?.find((r) => r.path === '/')?.id as string;
    const items = (await client.send(new CreateResourceCommand({ restApiId: templateApi, parentId: rootId, pathPart: 'items' }))).id as string;
    const item = (await client.send(new CreateResourceCommand({ restApiId: templateApi, parentId: items, pathPart: '{id}' }))).id as string;
    const open = (await client.send(new CreateResourceCommand({ restApiId: templateApi, parentId: rootId, pathPart: 'open' }))).id as string;
    await putMock(client, templateApi, item, true);
    await putMock(client, templateApi, open, false);
    await client.send(new CreateDeploymentCommand({ restApiId: templateApi, stageName: 'prod' }));
    const plan = await client.send(new CreateUsagePlanCommand({ name: 'scale', apiStages: [{ apiId: templateApi, stage: 'prod' }], throttle: { rateLimit: 1000, burstLimit: 2000 } }));
    const key = await client.send(new CreateApiKeyCommand({ name: 'scale-0', value: 'scale-key-value-000000000', enabled: true }));
    await client.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id as string, keyId: key.id as string, keyType: 'API_KEY' }));

    // Copies: each API row, its deployment (the snapshot names its API) and its stage; then the keys and their
    // plan membership. jsonb_populate_record keeps every other column as the original row has it. Key rows store
    // the value's HMAC-SHA256 under the document's apiKeyHashKey (computed in SQL from the padded key, as HMAC
    // is defined) and, as ciphertext, the first key's (only GetApiKey with includeValue would open it).
    const { apiKeyHashKey } = (await (await fetch(`${cp.url}/internal/config`, { headers: { authorization: `Bearer ${CP_DATA_PLANE_TOKEN}` } })).json()) as ConfigDocument;
    const hmacKey = Buffer.alloc(64);
    Buffer.from(apiKeyHashKey as string, 'base64url').copy(hmacKey);
    const pad = (byte: number) => `'\\x${Buffer.from(hmacKey.map((b) => b ^ byte)).toString('hex')}'::bytea`;
    const [ipad, opad] = [pad(0x36), pad(0x5c)];
    const sql = `
      INSERT INTO "RestApi" SELECT (jsonb_populate_record(NULL::"RestApi", to_jsonb(r) || jsonb_build_object('id', 'sc' || lpad(i::text, 8, '0'), 'name', 'scale-' || i))).*
        FROM "RestApi" r, generate_series(1, ${APIS - 1}) i WHERE r.id = '${templateApi}';
      INSERT INTO "Deployment" SELECT (jsonb_populate_record(NULL::"Deployment", to_jsonb(d) || jsonb_build_object('id', 'dp' || lpad(i::text, 8, '0'), 'restApiId', 'sc' || lpad(i::text, 8, '0'), 'snapshot', replace(d.snapshot::text, '${templateApi}', 'sc' || lpad(i::text, 8, '0'))::jsonb))).*
        FROM "Deployment" d, generate_series(1, ${APIS - 1}) i WHERE d."restApiId" = '${templateApi}';
      INSERT INTO "Stage" SELECT (jsonb_populate_record(NULL::"Stage", to_jsonb(s) || jsonb_build_object('restApiId', 'sc' || lpad(i::text, 8, '0'), 'deploymentId', 'dp' || lpad(i::text, 8, '0')))).*
        FROM "Stage" s, generate_series(1, ${APIS - 1}) i WHERE s."restApiId" = '${templateApi}';
      INSERT INTO "ApiKey" (id, name, "valueCiphertext", "valueHash", enabled, "stageKeys")
        SELECT 'key' || lpad(i::text, 9, '0'), 'scale-' || i, (SELECT "valueCiphertext" FROM "ApiKey" WHERE id = '${key.id}'),
               encode(sha256(${opad} || sha256(${ipad} || convert_to('scale-key-value-' || lpad(i::text, 9, '0'), 'UTF8'))), 'hex'), true, '{}'
        FROM generate_series(1, ${API_KEYS - 1}) i;
      INSERT INTO "UsagePlanKey" ("usagePlanId", "apiKeyId") SELECT '${plan.id}', 'key' || lpad(i::text, 9, '0') FROM generate_series(1, ${API_KEYS - 1}) i;
    `;
    const started = process.hrtime.bigint();
    await run('psql', [database.url, '-v', 'ON_ERROR_STOP=1', '-q', '-c', sql]);
    figures['seed (SQL)'] = `${seconds(started).toFixed(1)} s`;
  }, 180_000);

  afterAll(async () => {
    await dp?.stop();
    await cp?.stop();
    await database?.drop();
    // Printed for the README; the assertions above are on outcomes only.
    console.log(`config document at scale (${APIS} APIs, ${API_KEYS} API keys):\n${Object.entries(figures).map(([k, v]) => `  ${k}: ${v}`).join('\n')}`);
  });

  it('is built, served, re-validated with its ETag, compiled and enforced by a data plane', async () => {
    const headers = { authorization: `Bearer ${CP_DATA_PLANE_TOKEN}` };
    const fetched = process.hrtime.bigint();
    const response = await fetch(`${cp.url}/internal/config`, { headers });
    const body = await response.text();
    figures['GET /internal/config (build + transfer, loopback)'] = `${seconds(fetched).toFixed(2)} s`;
    expect(response.status).toBe(200);
    const bytes = Buffer.byteLength(body);
    figures['document size'] = `${mb(bytes)} (${mb(gzipSync(body).length)} gzipped)`;
    const etag = response.headers.get('etag') as string;

    const metrics = await (await fetch(`${cp.url}/metrics`)).text();
    const buildSum = Number(/^portico_config_document_build_seconds_sum (\S+)$/m.exec(metrics)?.[1]);
    figures['control-plane build (portico_config_document_build_seconds)'] = `${buildSum.toFixed(2)} s`;

    const polled = process.hrtime.bigint();
    const poll = await fetch(`${cp.url}/internal/config`, { headers: { ...headers, 'if-none-match': etag } });
    expect(poll.status).toBe(304);
    expect(await poll.text()).toBe('');
    figures['poll with matching ETag (304)'] = `${seconds(polled).toFixed(2)} s`;

    // v2, as data planes of this build ask for it: the same build serves it, and its 304 is one stored-revision read.
    const v2Headers = { ...headers, accept: configAcceptHeader() };
    const v2 = await fetch(`${cp.url}/internal/config`, { headers: v2Headers });
    expect(v2.status).toBe(200);
    figures['v2 document size'] = mb(Buffer.byteLength(await v2.text()));
    const v2Etag = v2.headers.get('etag') as string;
    const v2Polled = process.hrtime.bigint();
    const v2Poll = await fetch(`${cp.url}/internal/config`, { headers: { ...v2Headers, 'if-none-match': v2Etag } });
    expect(v2Poll.status).toBe(304);
    figures['v2 poll with matching ETag (304, stored revision, no build)'] = `${seconds(v2Polled).toFixed(3)} s`;
    const afterPolls = await (await fetch(`${cp.url}/metrics`)).text();
    expect(Number(/^portico_config_document_build_seconds_count (\S+)$/m.exec(afterPolls)?.[1])).toBe(Number(/^portico_config_document_build_seconds_count (\S+)$/m.exec(metrics)?.[1]));

    // What a data plane does with it: parse and validate, then compile the route tables and key tables.
    const heapBefore = process.memoryUsage().heapUsed;
    const parsedAt = process.hrtime.bigint();
    const document: ConfigDocument = configDocumentSchema.parse(JSON.parse(body));
    figures['data-plane parse + validate'] = `${seconds(parsedAt).toFixed(2)} s`;
    expect(document.stages).toHaveLength(APIS);
    expect(Object.keys(document.deployments)).toHaveLength(APIS);
    expect(document.apiKeys).toHaveLength(API_KEYS);
    const compiledAt = process.hrtime.bigint();
    const gateway = compileGateway(document, { region: 'us-east-1', accountId: '000000000000', onWarning: () => undefined });
    figures['data-plane compile'] = `${seconds(compiledAt).toFixed(2)} s`;
    figures['heap held by document + compiled gateway (approx.)'] = mb(process.memoryUsage().heapUsed - heapBefore);
    expect(gateway.warnings).toEqual([]);
    await gateway.close();

    // A real data plane against it: ready once compiled, a key from the middle of the 100,000 works, a wrong one not.
    const [dpPort, statusPort] = await freePorts(2);
    const started = process.hrtime.bigint();
    dp = startNode([distEntry('data-plane')], {
      PORTICO_CONTROL_PLANE_URL: cp.url,
      PORTICO_DATA_PLANE_TOKEN: CP_DATA_PLANE_TOKEN,
      PORTICO_DATA_PLANE_PORT: String(dpPort),
      PORTICO_STATUS_PORT: String(statusPort),
      PORTICO_HOST: '127.0.0.1',
      PORTICO_CONFIG_CACHE: `/tmp/portico-scale-${process.pid}-${statusPort}.json`,
      PORTICO_CONFIG_POLL_INTERVAL_MS: '600000',
    });
    await waitForOk(`http://127.0.0.1:${statusPort}/health/ready`, dp, 120_000);
    figures['data-plane process start to ready (fetch + parse + compile)'] = `${seconds(started).toFixed(2)} s`;
    const status = await (await fetch(`http://127.0.0.1:${statusPort}/metrics`)).text();
    figures['data-plane resident memory when ready'] = mb(Number(/^portico_process_resident_memory_bytes (\S+)$/m.exec(status)?.[1]));

    const invoke = (api: string, path: string, key?: string) =>
      fetch(`http://127.0.0.1:${dpPort}/restapis/${api}/prod/_user_request_${path}`, { headers: key ? { 'x-api-key': key } : {} });
    expect((await invoke(templateApi, '/items/1', 'scale-key-value-000050000')).status).toBe(200);
    expect((await invoke(templateApi, '/items/1', 'scale-key-value-000000000')).status).toBe(200);
    expect((await invoke(templateApi, '/items/1', 'scale-key-value-999999999')).status).toBe(403);
    expect((await invoke(templateApi, '/items/1')).status).toBe(403);
    expect((await invoke('sc00000500', '/open')).status).toBe(200);
    expect((await invoke('sc00000999', '/open')).status).toBe(200);
  }, 240_000);
});
