import { CreateApiKeyCommand, CreateRestApiCommand, GetRestApiCommand, GetRestApisCommand } from '@aws-sdk/client-api-gateway';
import { CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { createControlPlaneLogger } from '../src/platform/observability/logger.js';
import { NAMED_ROUTES } from '../src/platform/observability/admin-operations.js';
import { startTestControlPlane, TEST_ACCESS_KEY_ID, TEST_REGION, TEST_SECRET_ACCESS_KEY, type TestControlPlane } from './support/test-control-plane.js';

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const TOKEN = 'portico-observability-test-token';
const API_KEY_VALUE = 'observability-secret-api-key-value-0001';

interface LogLine {
  time: string;
  level: string;
  component: string;
  message: string;
  context?: string;
  [field: string]: unknown;
}

// The control plane's JSON logs and /metrics, from a real app: one log line per admin request (request id, the
// operation as AWS names it, the signing access key id, status, duration; no bodies or secrets), Nest's start-up
// chatter at debug, and Prometheus counters for admin requests and config document builds and serves.
describe('control-plane logs and metrics', () => {
  let cp: TestControlPlane;
  const lines: LogLine[] = [];
  const raw: string[] = [];

  beforeAll(async () => {
    const destination = {
      write(chunk: string) {
        raw.push(chunk);
        for (const line of chunk.split('\n').filter(Boolean)) lines.push(JSON.parse(line) as LogLine);
      },
    };
    cp = await startTestControlPlane({ redisUrl: REDIS_URL, dataPlaneToken: TOKEN }, { log: createControlPlaneLogger('debug', destination) });
  });
  afterAll(async () => {
    await cp?.close();
  });

  const requestLines = () => lines.filter((l) => l.message === 'admin request');

  it('logs Nest route mapping at debug, and every mapped admin route has an AWS operation name', () => {
    const mapped = lines.filter((l) => l.context === 'RouterExplorer');
    expect(mapped.length).toBeGreaterThan(50);
    for (const line of mapped) expect(line.level).toBe('debug');
    expect(lines.filter((l) => l.level === 'info' && (l.context === 'RouterExplorer' || l.context === 'InstanceLoader'))).toEqual([]);
    // "Mapped {/restapis/:restApiId, GET} route" → "GET /restapis/:restApiId"
    const routes = mapped.map((l) => /^Mapped \{(\S+), (\w+)\} route/.exec(l.message)).map((m) => `${m?.[2]} ${m?.[1]}`);
    const unnamed = routes.filter((r) => !NAMED_ROUTES.includes(r) && !r.startsWith('GET /health/'));
    expect(unnamed).toEqual([]);
  });

  it('logs each admin request with its id, operation, principal, status and duration, and never a body or secret', async () => {
    const created = await cp.client.send(new CreateRestApiCommand({ name: 'observed', description: 'a body field that must not be logged' }));
    await cp.client.send(new GetRestApisCommand({}));
    const missing = await cp.client.send(new GetRestApiCommand({ restApiId: 'nosuchapi1' })).catch((error: { $metadata: { requestId?: string } }) => error);
    await cp.client.send(new CreateApiKeyCommand({ name: 'observed-key', value: API_KEY_VALUE, enabled: true }));
    const iam = new IAMClient({ endpoint: cp.url, region: TEST_REGION, credentials: { accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY }, maxAttempts: 1 });
    try {
      await iam.send(new CreateUserCommand({ UserName: 'observed-user' }));
    } finally {
      iam.destroy();
    }
    const unsigned = await fetch(`${cp.url}/restapis`);
    expect(unsigned.status).toBe(403);

    const logged = requestLines();
    const byOperation = (operation: string) => logged.filter((l) => l.operation === operation);
    const create = byOperation('CreateRestApi')[0];
    expect(create).toMatchObject({ level: 'info', component: 'control-plane', principal: TEST_ACCESS_KEY_ID, status: 201, requestId: created.$metadata.requestId });
    expect(typeof create.durationMs).toBe('number');
    expect(create.durationMs as number).toBeGreaterThanOrEqual(0);
    expect(byOperation('GetRestApis')[0]).toMatchObject({ status: 200, principal: TEST_ACCESS_KEY_ID });
    expect(byOperation('GetRestApi')[0]).toMatchObject({ status: 404, requestId: (missing as { $metadata: { requestId?: string } }).$metadata.requestId });
    expect(byOperation('CreateApiKey')[0]).toMatchObject({ status: 201 });
    expect(byOperation('CreateUser')[0]).toMatchObject({ status: 200, principal: TEST_ACCESS_KEY_ID });
    expect(logged.filter((l) => l.operation === 'GetRestApis' && l.principal === null)[0]).toMatchObject({ status: 403 });
    for (const line of logged) expect(Object.keys(line).sort()).toEqual(['component', 'durationMs', 'level', 'message', 'operation', 'principal', 'requestId', 'status', 'time']);

    const everything = raw.join('');
    for (const secret of [TEST_SECRET_ACCESS_KEY, API_KEY_VALUE, 'a body field that must not be logged', 'observed-user', TOKEN]) expect(everything).not.toContain(secret);
  });

  it('serves /metrics: admin requests by operation and status, config document builds and serves, database and Redis health', async () => {
    const scrape = async () => {
      const response = await fetch(`${cp.url}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = await response.text();
      return {
        text,
        sample: (name: string, labels = '') => {
          const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `));
          return line === undefined ? undefined : Number(line.split(' ').pop());
        },
      };
    };
    const first = await fetch(`${cp.url}/internal/config`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(first.status).toBe(200);
    const bytes = (await first.text()).length;
    const builds = (await scrape()).sample('portico_config_document_build_seconds_count') as number;
    expect(builds).toBeGreaterThanOrEqual(1);

    // A poll with the ETag while nothing changed: 304, answered from the cached build.
    const etag = first.headers.get('etag') ?? '';
    const again = await fetch(`${cp.url}/internal/config`, { headers: { authorization: `Bearer ${TOKEN}`, 'if-none-match': etag } });
    expect(again.status).toBe(304);
    const { text, sample } = await scrape();
    expect(sample('portico_config_document_build_seconds_count')).toBe(builds);

    expect(sample('portico_admin_requests_total', '{operation="CreateRestApi",status="201"}')).toBe(1);
    expect(sample('portico_admin_requests_total', '{operation="GetRestApi",status="404"}')).toBe(1);
    expect(sample('portico_admin_requests_total', '{operation="GetRestApis",status="403"}')).toBe(1);
    expect(sample('portico_admin_requests_total', '{operation="CreateUser",status="200"}')).toBe(1);
    expect(sample('portico_admin_request_duration_seconds_count', '{operation="CreateRestApi"}')).toBe(1);
    expect(sample('portico_config_document_serves_total', '{status="200"}')).toBe(1);
    expect(sample('portico_config_document_serves_total', '{status="304"}')).toBe(1);
    expect(sample('portico_config_document_bytes')).toBe(bytes);
    expect(sample('portico_database_up')).toBe(1);
    expect(sample('portico_redis_up')).toBe(1);
    // Probes and scrapes are not admin operations.
    expect(text).not.toContain('operation="Unknown"');
    expect(requestLines().some((l) => String(l.operation).includes('Health'))).toBe(false);

    // A write the document is built from (the account throttle) makes the next fetch rebuild it: a new revision.
    const update = await cp.request('PATCH', '/account', { body: JSON.stringify({ patchOperations: [{ op: 'replace', path: '/throttleSettings/rateLimit', value: '1234' }] }) });
    expect(update.status).toBe(200);
    const changed = await fetch(`${cp.url}/internal/config`, { headers: { authorization: `Bearer ${TOKEN}`, 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(((await changed.json()) as { account: { throttleSettings: { rateLimit: number } } }).account.throttleSettings.rateLimit).toBe(1234);
    expect((await scrape()).sample('portico_config_document_build_seconds_count')).toBe(builds + 1);
  });
});
