import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentHash, type ConfigDocument } from '@portico/contracts';
import { startBackend, type TestBackend } from './support/backends.js';
import { proxyDocument } from './support/config-documents.js';
import { startTestDataPlane, type TestDataPlane } from './support/data-plane-harness.js';
import { distEntry, eventually, freePorts, startNode, waitForOk, type NodeProcess } from './support/processes.js';

/** One exported span, decoded from OTLP/HTTP JSON (ids are hex there, attribute values typed wrappers). */
interface ExportedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  kind: number;
  status: number;
  attributes: Record<string, string | number | boolean>;
  resource: Record<string, string | number | boolean>;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: number | string;
  boolValue?: boolean;
  doubleValue?: number;
}

type OtlpAttributes = { key: string; value: OtlpValue }[] | undefined;

function attributes(list: OtlpAttributes): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const { key, value } of list ?? []) out[key] = value.stringValue ?? value.boolValue ?? value.doubleValue ?? Number(value.intValue);
  return out;
}

/** A real OTLP/HTTP receiver (what a collector exposes on :4318): POST /v1/traces with a JSON export request. */
async function startOtlpReceiver(): Promise<{ url: string; spans: ExportedSpan[]; requests: { path: string; contentType: string }[]; close(): Promise<void> }> {
  const spans: ExportedSpan[] = [];
  const requests: { path: string; contentType: string }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({ path: req.url ?? '', contentType: req.headers['content-type'] ?? '' });
      if (req.method !== 'POST' || req.url !== '/v1/traces' || !req.headers['content-type']?.startsWith('application/json')) {
        res.writeHead(415).end();
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        resourceSpans: {
          resource: { attributes: OtlpAttributes };
          scopeSpans: { spans: { traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number; status?: { code?: number }; attributes: OtlpAttributes }[] }[];
        }[];
      };
      for (const resourceSpans of body.resourceSpans) {
        const resource = attributes(resourceSpans.resource.attributes);
        for (const scope of resourceSpans.scopeSpans) {
          for (const span of scope.spans) {
            spans.push({
              traceId: span.traceId,
              spanId: span.spanId,
              parentSpanId: span.parentSpanId || undefined,
              name: span.name,
              kind: span.kind,
              status: span.status?.code ?? 0,
              attributes: attributes(span.attributes),
              resource,
            });
          }
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;
const SPAN_KIND_INTERNAL = 1;
const SPAN_KIND_SERVER = 2;
const SPAN_KIND_CLIENT = 3;
const STATUS_ERROR = 2;

/** The proxy API with a resource policy that allows everyone, so that the access step (and its span) runs. */
function tracedDocument(backendUrl: string): ConfigDocument {
  const doc = proxyDocument({ backendUrl });
  const snapshot = doc.deployments.testdep001;
  snapshot.api.policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }],
  });
  const { revision: _revision, ...body } = doc;
  return { ...doc, revision: contentHash(body) };
}

// Tracing on: the production entry point started with OTEL_EXPORTER_OTLP_ENDPOINT exports the request path's spans
// to a real OTLP receiver, and the HTTP backend gets a traceparent naming the integration span.
describe('OpenTelemetry tracing (OTEL_EXPORTER_OTLP_ENDPOINT set)', () => {
  let dir: string;
  let backend: TestBackend;
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let proc: NodeProcess | undefined;
  let invokeUrl: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'portico-tracing-'));
    [backend, receiver] = await Promise.all([startBackend('traced'), startOtlpReceiver()]);
    const file = join(dir, 'config.json');
    await writeFile(file, JSON.stringify(tracedDocument(backend.url)));
    const [port, statusPort] = await freePorts(2);
    proc = startNode([distEntry('data-plane')], {
      PORTICO_CONFIG_FILE: file,
      PORTICO_DATA_PLANE_PORT: String(port),
      PORTICO_STATUS_PORT: String(statusPort),
      PORTICO_HOST: '127.0.0.1',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_SERVICE_NAME: 'portico-edge',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=test',
      // Export within a tenth of a second instead of the default five, so the test need not wait.
      OTEL_BSP_SCHEDULE_DELAY: '100',
    });
    await waitForOk(`http://127.0.0.1:${statusPort}/health/ready`, proc);
    invokeUrl = `http://127.0.0.1:${port}/restapis/testapi001/test/_user_request_`;
  });

  afterAll(async () => {
    await proc?.stop('SIGKILL');
    await Promise.all([backend?.close(), receiver?.close()]);
    await rm(dir, { recursive: true, force: true });
  });

  /** The spans of one trace once the server span (exported last, as it ends last) has arrived. */
  async function traceOf(traceId: string): Promise<ExportedSpan[]> {
    await eventually(async () => (receiver.spans.some((s) => s.traceId === traceId && s.kind === SPAN_KIND_SERVER) ? true : undefined), `the spans of trace ${traceId}`);
    return receiver.spans.filter((s) => s.traceId === traceId);
  }

  it('exports request, route, authorization, throttle and integration spans; the backend gets the integration span as parent', async () => {
    const res = await fetch(`${invokeUrl}/pets/7?x=1`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ backend: 'traced', path: '/pets/7?x=1' });

    const received = backend.requests.find((r) => r.url === '/pets/7?x=1');
    const traceparent = received?.headers.traceparent;
    expect(traceparent).toMatch(TRACEPARENT);
    const [, traceId, parentId] = TRACEPARENT.exec(String(traceparent)) ?? [];
    expect(received?.headers['x-amzn-trace-id']).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    expect(received?.headers.tracestate).toBeUndefined();

    const spans = await traceOf(traceId);
    const server = spans.find((s) => s.kind === SPAN_KIND_SERVER);
    expect(server).toMatchObject({
      name: 'GET /{proxy+}',
      parentSpanId: undefined,
      status: 0,
      attributes: expect.objectContaining({
        'http.request.method': 'GET',
        'http.route': '/{proxy+}',
        'url.path': '/restapis/testapi001/test/_user_request_/pets/7',
        'http.response.status_code': 200,
        'apigateway.api_id': 'testapi001',
        'apigateway.stage': 'test',
        'apigateway.deployment_id': 'testdep001',
        'apigateway.resource_id': 'proxy00001',
        'apigateway.request_id': res.headers.get('x-amzn-requestid'),
      }),
      resource: expect.objectContaining({ 'service.name': 'portico-edge', 'deployment.environment.name': 'test', 'telemetry.sdk.language': 'nodejs' }),
    });
    const children = spans.filter((s) => s !== server);
    expect(children.map((s) => s.name).sort()).toEqual(['authorization', 'integration', 'route', 'throttle']);
    for (const child of children) expect(child.parentSpanId).toBe(server?.spanId);
    const byName = Object.fromEntries(children.map((s) => [s.name, s]));
    expect(byName.route).toMatchObject({ kind: SPAN_KIND_INTERNAL, attributes: { 'http.route': '/{proxy+}', 'apigateway.resource_id': 'proxy00001' } });
    expect(byName.authorization.attributes).toEqual({ 'apigateway.authorization.type': 'NONE', 'apigateway.authorization.step': 'access', 'apigateway.authorization.outcome': 'allowed' });
    expect(byName.throttle.attributes).toEqual({ 'apigateway.usage_plan.outcome': 'allowed' });
    expect(byName.integration).toMatchObject({
      kind: SPAN_KIND_CLIENT,
      spanId: parentId,
      status: 0,
      attributes: { 'apigateway.integration.type': 'HTTP_PROXY', 'http.response.status_code': 200 },
    });
    expect(receiver.requests.every((r) => r.path === '/v1/traces' && r.contentType.startsWith('application/json'))).toBe(true);
  });

  it("continues the client's trace: its traceparent is the request span's parent and tracestate reaches the backend", async () => {
    const clientTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
    const clientSpan = '00f067aa0ba902b7';
    const res = await fetch(`${invokeUrl}/continued`, { headers: { traceparent: `00-${clientTrace}-${clientSpan}-01`, tracestate: 'vendor=opaque' } });
    expect(res.status).toBe(200);
    await res.text();

    const received = backend.requests.find((r) => r.url === '/continued');
    const [, traceId, parentId] = TRACEPARENT.exec(String(received?.headers.traceparent)) ?? [];
    expect(traceId).toBe(clientTrace);
    expect(parentId).not.toBe(clientSpan);
    expect(received?.headers.tracestate).toBe('vendor=opaque');

    const spans = await traceOf(clientTrace);
    const server = spans.find((s) => s.kind === SPAN_KIND_SERVER);
    expect(server?.parentSpanId).toBe(clientSpan);
    expect(spans.find((s) => s.name === 'integration')?.spanId).toBe(parentId);
  });

  it('traces a request the gateway answers itself: no integration span, the status on the request span', async () => {
    const clientTrace = '0af7651916cd43dd8448eb211c80319c';
    const res = await fetch(`http://${new URL(invokeUrl).host}/restapis/nosuchapi1/test/_user_request_/x`, { headers: { traceparent: `00-${clientTrace}-b7ad6b7169203331-01` } });
    expect(res.status).toBe(403);
    await res.text();
    const spans = await traceOf(clientTrace);
    expect(spans.map((s) => s.name).sort()).toEqual(['GET', 'route']);
    expect(spans.find((s) => s.kind === SPAN_KIND_SERVER)?.attributes).toMatchObject({ 'http.response.status_code': 403, 'error.type': 'FORBIDDEN' });
    expect(backend.requests.some((r) => r.url === '/x')).toBe(false);
  });

  it('marks a failed integration: 502/504 on the request span as an error', async () => {
    await backend.close();
    const clientTrace = 'aaf7651916cd43dd8448eb211c80319c';
    const res = await fetch(`${invokeUrl}/down`, { headers: { traceparent: `00-${clientTrace}-b7ad6b7169203331-01` } });
    expect(res.status).toBeGreaterThanOrEqual(500);
    await res.text();
    const spans = await traceOf(clientTrace);
    const server = spans.find((s) => s.kind === SPAN_KIND_SERVER);
    const integration = spans.find((s) => s.name === 'integration');
    expect(server).toMatchObject({ status: STATUS_ERROR, attributes: expect.objectContaining({ 'http.response.status_code': res.status }) });
    expect(integration).toMatchObject({ status: STATUS_ERROR, attributes: expect.objectContaining({ 'error.type': expect.stringMatching(/^INTEGRATION_/) }) });
  });
});

// Tracing off (the default): no span, and the gateway adds no traceparent; a client's own passes through unchanged.
describe('tracing off', () => {
  let backend: TestBackend;
  let dp: TestDataPlane;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'portico-tracing-off-'));
    backend = await startBackend('untraced');
    const file = join(dir, 'config.json');
    await writeFile(file, JSON.stringify(tracedDocument(backend.url)));
    dp = await startTestDataPlane({ source: { kind: 'file', path: file } });
  });

  afterAll(async () => {
    await dp?.close();
    await backend?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('adds no traceparent, keeps X-Amzn-Trace-Id, and passes a client traceparent through as sent', async () => {
    const plain = await fetch(`${dp.invokeUrl}/restapis/testapi001/test/_user_request_/plain`);
    expect(plain.status).toBe(200);
    await plain.text();
    const received = backend.requests.find((r) => r.url === '/plain');
    expect(received?.headers['x-amzn-trace-id']).toMatch(/^Root=1-/);
    expect(received?.headers.traceparent).toBeUndefined();
    expect(received?.headers.tracestate).toBeUndefined();

    const sent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const own = await fetch(`${dp.invokeUrl}/restapis/testapi001/test/_user_request_/own`, { headers: { traceparent: sent } });
    await own.text();
    expect(backend.requests.find((r) => r.url === '/own')?.headers.traceparent).toBe(sent);
    expect(dp.logs.find((l) => l.message === 'data plane listening')?.fields).toMatchObject({ tracing: 'off' });
  });
});
