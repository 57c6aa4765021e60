import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startTestDataPlane, type TestDataPlane } from './support/data-plane-harness.js';
import { eventually } from './support/processes.js';

// One WebSocket API (or stage, or integration) that does not compile is refused alone: the document is swapped in
// and every other API keeps updating and serving. Before, one integration the data plane could not compile (then a
// bare function ARN, which it now takes as AWS does) made the whole document "not compile" and froze every API of
// the replica on its previous revision.
const GOOD = 'wsgood0001';
const BAD_ROUTE = 'wsbadrt001';
const BAD_CONNECT = 'wsbadcn001';
const BAD_STAGE = 'wsbadst001';
// An AWS service action other than Lambda: the control plane refuses it, a document written by hand may hold it.
const S3_ACTION_URI = 'arn:aws:apigateway:us-east-1:s3:path/bucket/key';
const invocationUri = (arn: string) => `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${arn}/invocations`;

const mock = (integrationId: string, answer: string) => ({
  integrationId,
  integrationType: 'MOCK',
  templateSelectionExpression: '\\$default',
  requestTemplates: { $default: '{"statusCode": 200}' },
  integrationResponses: [{ integrationResponseId: `${integrationId}r`, integrationResponseKey: '$default', responseTemplates: { $default: answer } }],
});
const route = (routeKey: string, integrationId: string | undefined, extra: Record<string, unknown> = {}) => ({
  routeId: `r${routeKey.replace(/[^a-z]/gi, '')}`,
  routeKey,
  ...(integrationId ? { target: `integrations/${integrationId}`, routeResponseSelectionExpression: '$default', routeResponses: [{ routeResponseId: 'rr', routeResponseKey: '$default' }] } : {}),
  ...extra,
});
const stage = (apiId: string, parts: Record<string, unknown>, stageName = 'prod', stageVariables: Record<string, string> = {}) => ({
  schemaVersion: 1,
  api: { apiId, name: apiId, protocolType: 'WEBSOCKET', routeSelectionExpression: '$request.body.action' },
  ...parts,
  stage: { stageName, deploymentId: 'd1', stageVariables },
});
const document = (revision: string, apis: Record<string, unknown[]>) => ({
  schemaVersion: 2,
  revision,
  region: 'us-east-1',
  accountId: '000000000000',
  apis: Object.fromEntries(Object.entries(apis).map(([apiId, stages]) => [apiId, { protocolType: 'WEBSOCKET', stages }])),
});

const goodStage = (routes: string[]) => stage(GOOD, { integrations: [mock('iping', '{"pong": "$context.routeKey"}')], routes: routes.map((key) => route(key, 'iping')) });

/** A ws client with the API's Host: the open socket, or the status and body of the refused upgrade. */
function connect(port: number, apiId: string, path = '/prod'): Promise<{ ws: WebSocket } | { status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, { headers: { host: `${apiId}.execute-api.us-east-1.amazonaws.com` } });
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.once('error', reject);
  });
}

async function opened(port: number, apiId: string, path?: string): Promise<WebSocket> {
  const result = await connect(port, apiId, path);
  if (!('ws' in result)) throw new Error(`upgrade to ${apiId}${path ?? ''} refused ${result.status} ${result.body}`);
  return result.ws;
}

function ask(ws: WebSocket, message: string): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    ws.once('message', (data) => resolve(JSON.parse(data.toString()) as Record<string, unknown>));
    ws.send(message);
  });
}

describe('WebSocket APIs that do not compile (data plane)', () => {
  let dir: string;
  let file: string;
  let dp: TestDataPlane;
  let port: number;
  const sockets: WebSocket[] = [];

  async function writeDocument(content: unknown): Promise<void> {
    await writeFile(`${file}.tmp`, JSON.stringify(content));
    await rename(`${file}.tmp`, file);
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'portico-ws-compile-'));
    file = join(dir, 'config.json');
    await writeDocument(document('rev-1', { [GOOD]: [goodStage(['ping'])] }));
    dp = await startTestDataPlane({ source: { kind: 'file', path: file }, pollIntervalMs: 100 });
    port = Number(new URL(dp.invokeUrl).port);
  });

  afterAll(async () => {
    for (const ws of sockets) ws.terminate();
    await dp?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('swaps in a document with broken APIs, serves the rest of it, and answers the broken parts 500', async () => {
    const before = await opened(port, GOOD);
    sockets.push(before);
    expect(await ask(before, '{"action":"ping"}')).toEqual({ pong: 'ping' });

    await writeDocument(
      document('rev-2', {
        // The good API gains a route: it must be served although the other APIs of the document are broken.
        [GOOD]: [goodStage(['ping', 'pong'])],
        // One integration names an AWS service action Portico has no backend for.
        [BAD_ROUTE]: [
          stage(BAD_ROUTE, {
            integrations: [{ integrationId: 'ibroken', integrationType: 'AWS_PROXY', integrationUri: S3_ACTION_URI }, mock('iping', '{"pong": true}')],
            routes: [route('$default', 'ibroken'), route('ping', 'iping')],
          }),
        ],
        [BAD_CONNECT]: [
          stage(BAD_CONNECT, {
            integrations: [{ integrationId: 'ibroken', integrationType: 'AWS', integrationUri: S3_ACTION_URI, integrationMethod: 'POST' }],
            routes: [route('$connect', 'ibroken', { routeResponseSelectionExpression: undefined, routeResponses: [] })],
          }),
        ],
        // The authorizer's function comes from a stage variable that prod lacks: prod is refused, beta serves (and
        // answers a handshake without the identity source 401, before any function runs).
        [BAD_STAGE]: ['prod', 'beta'].map((stageName) =>
          stage(
            BAD_STAGE,
            {
              integrations: [mock('iping', '{"pong": "$context.stage"}')],
              authorizers: [{ authorizerId: 'auth1', name: 'auth', authorizerType: 'REQUEST', authorizerUri: invocationUri('arn:aws:lambda:us-east-1:000000000000:function:${stageVariables.authorizer}'), identitySource: ['route.request.header.Auth'] }],
              routes: [route('$connect', undefined, { authorizationType: 'CUSTOM', authorizerId: 'auth1' }), route('ping', 'iping')],
            },
            stageName,
            stageName === 'beta' ? { authorizer: 'ws-authorizer' } : {},
          ),
        ),
      }),
    );
    const ready = await eventually(async () => {
      const body = (await (await fetch(`${dp.statusUrl}/health/ready`)).json()) as { revision?: string; lastRejected?: unknown };
      return body.revision === 'rev-2' ? body : undefined;
    }, 'revision rev-2 swapped in');
    expect(ready.lastRejected).toBeUndefined();

    // The good API: its new route on a new connection, and the connection opened before the swap keeps serving.
    const after = await opened(port, GOOD);
    sockets.push(after);
    expect(await ask(after, '{"action":"pong"}')).toEqual({ pong: 'pong' });
    expect(await ask(before, '{"action":"pong"}')).toEqual({ pong: 'pong' });

    // A broken integration fails only its routes, with AWS's frame for a failed integration.
    const partly = await opened(port, BAD_ROUTE);
    sockets.push(partly);
    expect(await ask(partly, '{"action":"ping"}')).toEqual({ pong: true });
    expect(await ask(partly, '{"action":"other"}')).toMatchObject({ message: 'Internal server error', connectionId: expect.any(String), requestId: expect.any(String) });

    // A broken $connect integration refuses the upgrade with AWS's 500; so does a stage that does not compile.
    expect(await connect(port, BAD_CONNECT)).toEqual({ status: 500, body: '{"message":"Internal server error"}' });
    expect(await connect(port, BAD_STAGE, '/prod')).toEqual({ status: 500, body: '{"message":"Internal server error"}' });
    expect(await connect(port, BAD_STAGE, '/beta')).toMatchObject({ status: 401 });
    expect(await connect(port, BAD_STAGE, '/nostage')).toMatchObject({ status: 403 });

    // The operator is told what is refused, with the API, stage and reason (structured fields, not one string).
    const refusals = dp.logs.filter((l) => l.level === 'error' && /does not compile/.test(l.message)).map((l) => l.fields);
    expect(refusals).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ revision: 'rev-2', apiId: BAD_ROUTE, stageName: 'prod', integrationId: 'ibroken', routeKeys: ['$default'], reason: expect.stringContaining('is not a Lambda invocation URI') }),
        expect.objectContaining({ revision: 'rev-2', apiId: BAD_CONNECT, stageName: 'prod', integrationId: 'ibroken', routeKeys: ['$connect'] }),
        expect.objectContaining({ revision: 'rev-2', apiId: BAD_STAGE, stageName: 'prod', reason: expect.stringContaining('authorizer auth1') }),
      ]),
    );
    expect(refusals).toHaveLength(3);
  });
});
