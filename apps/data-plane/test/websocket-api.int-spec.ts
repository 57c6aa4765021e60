/* eslint-disable @typescript-eslint/no-explicit-any -- Lambda events and frames are JSON, read field by field */
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  ForbiddenException,
  GetConnectionCommand,
  GoneException,
  PayloadTooLargeException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import type { IamConfig } from '@portico/contracts';
import { deriveSigningKey } from '@portico/engine-sigv4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import WebSocket from 'ws';
import { distEntry, eventually, freePorts, startNode, waitForOk, type NodeProcess } from './support/processes.js';

const suiteFunctions = fileURLToPath(new URL('./websocket-functions', import.meta.url));
const chatFunction = fileURLToPath(new URL('../../../examples/functions/chat', import.meta.url));
const greetFunction = fileURLToPath(new URL('../../../examples/functions/greet', import.meta.url));
const vector = (name: string) => JSON.parse(readFileSync(fileURLToPath(new URL(`../../../libs/gateway/websocket/test/vectors/${name}`, import.meta.url)), 'utf8')) as Record<string, any>;
const fn = (name: string) => `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:${name}/invocations`;
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

// alice may manage the connections of wsapi00001/prod; bob may only invoke.
const alice = { accessKeyId: 'AKIAALICEWEBSOCKET01', secretAccessKey: 'alice-websocket-secret-alice-websocket-0' };
const bob = { accessKeyId: 'AKIABOBBOBWEBSOCKET1', secretAccessKey: 'bob-websocket-secret-bob-websocket-secre' };
const days = [-1, 0, 1].map((d) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10).replace(/-/g, ''));
const user = (name: string, statement: object) => ({
  arn: `arn:aws:iam::000000000000:user/${name}`,
  principalArn: `arn:aws:iam::000000000000:user/${name}`,
  accountId: '000000000000',
  userId: `AIDA${name.toUpperCase()}`,
  type: 'User' as const,
  username: name,
  tags: {},
  policies: [JSON.stringify({ Version: '2012-10-17', Statement: [statement] })],
});
const credential = (key: typeof alice, name: string) => ({
  accessKeyId: key.accessKeyId,
  principal: `arn:aws:iam::000000000000:user/${name}`,
  signingKeys: Object.fromEntries(days.map((d) => [d, deriveSigningKey(key.secretAccessKey, d, 'us-east-1', 'execute-api').toString('hex')])),
});
const iam: IamConfig = {
  principals: {
    'arn:aws:iam::000000000000:user/alice': user('alice', { Effect: 'Allow', Action: 'execute-api:ManageConnections', Resource: 'arn:aws:execute-api:us-east-1:000000000000:*/prod/*' }),
    'arn:aws:iam::000000000000:user/bob': user('bob', { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }),
  },
  credentials: [credential(alice, 'alice'), credential(bob, 'bob')],
  vpcEndpoints: [],
};

const API = 'wsapi00001';
const AUTH_API = 'wsauth0001';
const CHAT_API = 'wschat0001';
const IAM_API = 'wsiam00001';
const host = (apiId: string) => `${apiId}.execute-api.us-east-1.amazonaws.com`;

/** A real `ws` client with the API's Host; resolves once open, rejects with the HTTP status of a refused upgrade. */
function connect(port: number, apiId: string, path = '/prod', headers: Record<string, string> = {}, protocols?: string[]): Promise<Client> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, protocols, { headers: { host: host(apiId), ...headers } });
    const client = new Client(ws);
    ws.once('open', () => resolve(client));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => reject(Object.assign(new Error(`refused ${res.statusCode}`), { status: res.statusCode, body })));
    });
    ws.once('error', (error) => reject(error));
  });
}

class Client {
  readonly frames: string[] = [];
  private waiters: Array<() => void> = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.frames.push(data.toString());
      for (const w of this.waiters.splice(0)) w();
    });
    this.closed = new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }
  /** The next frame not read yet. */
  async next(timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (this.frames.length === 0) {
      if (Date.now() > deadline) throw new Error('no frame arrived');
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
    return this.frames.shift() as string;
  }
  async ask(message: string): Promise<any> {
    this.ws.send(message);
    return JSON.parse(await this.next());
  }
}

function management(port: number, key: typeof alice, apiId = API): ApiGatewayManagementApiClient {
  const client = new ApiGatewayManagementApiClient({ endpoint: `http://127.0.0.1:${port}/prod`, region: 'us-east-1', credentials: key });
  client.middlewareStack.add(
    (next) => (args) => {
      (args.request as { headers: Record<string, string> }).headers.host = host(apiId);
      return next(args);
    },
    { step: 'build', name: 'executeApiHost' },
  );
  return client;
}

// WebSocket APIs through real data-plane processes: three replicas on one Redis (the third with a short idle
// timeout, stopped at the end for the shutdown case), a real ws client and AWS's own management API client.
describe('WebSocket APIs (data plane)', () => {
  let dir: string;
  let recorder: Server;
  let backend: Server;
  const recorded: any[] = [];
  const replicas: Array<{ proc: NodeProcess; port: number; statusPort: number }> = [];
  const [a, b, c, d] = [0, 1, 2, 3];
  const port = (i: number) => replicas[i].port;

  const eventFor = (connectionId: string, eventType: string) =>
    eventually(async () => recorded.find((e) => e.requestContext.connectionId === connectionId && e.requestContext.eventType === eventType), `${eventType} of ${connectionId}`);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'portico-websocket-'));
    // This suite's functions and the chat example, linked into one functions directory (modules resolve from
    // their real paths, so the example finds the workspace's AWS SDK).
    const functionsDir = join(dir, 'functions');
    await mkdir(functionsDir);
    for (const name of await readdir(suiteFunctions)) await symlink(join(suiteFunctions, name), join(functionsDir, name));
    await symlink(chatFunction, join(functionsDir, 'chat'));
    await symlink(greetFunction, join(functionsDir, 'greet'));
    backend = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ got: body, method: req.method })));
    });
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
    const backendUrl = `http://127.0.0.1:${(backend.address() as AddressInfo).port}/backend`;
    recorder = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        recorded.push(JSON.parse(body));
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => recorder.listen(0, '127.0.0.1', resolve));
    const recorderUrl = `http://127.0.0.1:${(recorder.address() as AddressInfo).port}/events`;
    const lambda = (integrationId: string, name: string) => ({ integrationId, integrationType: 'AWS_PROXY', integrationUri: fn(name) });
    const route = (routeKey: string, integrationId: string | undefined, twoWay: boolean, extra: Record<string, unknown> = {}) => ({
      routeId: `r${routeKey.replace(/[^a-z]/gi, '')}`,
      routeKey,
      ...(integrationId ? { target: `integrations/${integrationId}` } : {}),
      ...(twoWay ? { routeResponseSelectionExpression: '$default', routeResponses: [{ routeResponseId: 'rr1', routeResponseKey: '$default' }] } : {}),
      ...extra,
    });
    const snapshot = (apiId: string, parts: Record<string, unknown>) => ({
      schemaVersion: 1,
      api: { apiId, name: apiId, protocolType: 'WEBSOCKET', routeSelectionExpression: '$request.body.action' },
      ...parts,
      stage: {
        stageName: 'prod',
        deploymentId: 'd1',
        stageVariables: { recorder: recorderUrl },
        accessLogSettings: { format: '{"connectionId":"$context.connectionId","eventType":"$context.eventType","routeKey":"$context.routeKey","status":"$context.status"}' },
      },
    });
    const document = {
      schemaVersion: 2,
      revision: 'ws-1',
      region: 'us-east-1',
      accountId: '000000000000',
      iam,
      apis: {
        [API]: {
          protocolType: 'WEBSOCKET',
          stages: [
            snapshot(API, {
              integrations: [
                lambda('ilife', 'ws-lifecycle'),
                lambda('iecho', 'ws-echo'),
                lambda('ierror', 'ws-error'),
                {
                  integrationId: 'igreet',
                  integrationType: 'AWS',
                  integrationUri: fn('greet'),
                  templateSelectionExpression: '\\$default',
                  requestTemplates: { $default: '{"name": "$input.path(\'$.name\')"}' },
                  integrationResponses: [
                    { integrationResponseId: 'ir1', integrationResponseKey: '$default', responseTemplates: { $default: '{"said": "$input.path(\'$.greeting\')"}' } },
                    { integrationResponseId: 'ir2', integrationResponseKey: '/Not found.*/', responseTemplates: { $default: '{"missing": true}' } },
                  ],
                },
                { integrationId: 'iproxy', integrationType: 'HTTP_PROXY', integrationUri: backendUrl, integrationMethod: 'POST' },
                {
                  integrationId: 'imock',
                  integrationType: 'MOCK',
                  requestTemplates: { $default: '{"statusCode": 200}' },
                  templateSelectionExpression: '\\$default',
                  integrationResponses: [{ integrationResponseId: 'ir1', integrationResponseKey: '$default', responseTemplates: { $default: '{"mocked": "$context.routeKey", "stage": "$context.stage", "for": "$context.connectionId"}' } }],
                },
              ],
              routes: [
                route('$connect', 'ilife', false),
                route('$disconnect', 'ilife', false),
                route('$default', 'iecho', true),
                route('echo', 'iecho', true),
                route('oneway', 'iecho', false),
                route('fail', 'ierror', true),
                route('mock', 'imock', true),
                route('greet', 'igreet', true),
                route('proxy', 'iproxy', true),
              ],
            }),
          ],
        },
        [AUTH_API]: {
          protocolType: 'WEBSOCKET',
          stages: [
            snapshot(AUTH_API, {
              integrations: [lambda('iecho', 'ws-echo')],
              authorizers: [{ authorizerId: 'auth1', name: 'auth', authorizerType: 'REQUEST', authorizerUri: fn('ws-authorizer'), identitySource: ['route.request.header.Auth'] }],
              routes: [route('$connect', undefined, false, { authorizationType: 'CUSTOM', authorizerId: 'auth1' }), route('echo', 'iecho', true)],
            }),
          ],
        },
        [IAM_API]: {
          protocolType: 'WEBSOCKET',
          stages: [snapshot(IAM_API, { integrations: [lambda('iecho', 'ws-echo')], routes: [route('$connect', undefined, false, { authorizationType: 'AWS_IAM' }), route('$default', 'iecho', true)] })],
        },
        [CHAT_API]: {
          protocolType: 'WEBSOCKET',
          stages: [
            snapshot(CHAT_API, {
              integrations: [lambda('ichat', 'chat')],
              routes: [route('$connect', 'ichat', false), route('$disconnect', 'ichat', false), route('sendmessage', 'ichat', false)],
            }),
          ],
        },
      },
    };
    const file = join(dir, 'config.json');
    await writeFile(file, JSON.stringify(document));
    const ports = await freePorts(8);
    const prefix = `ws-test-${process.pid}-${Date.now()}:`;
    for (const i of [a, b, c, d]) {
      const env: Record<string, string> = {
        PORTICO_CONFIG_FILE: file,
        PORTICO_CONFIG_CACHE: join(dir, `cache-${i}.json`),
        PORTICO_FUNCTIONS_DIR: functionsDir,
        PORTICO_DATA_PLANE_PORT: String(ports[i * 2]),
        PORTICO_STATUS_PORT: String(ports[i * 2 + 1]),
        PORTICO_HOST: '127.0.0.1',
        PORTICO_REGION: 'us-east-1',
        PORTICO_ACCOUNT_ID: '000000000000',
        REDIS_URL: redisUrl,
        PORTICO_REDIS_KEY_PREFIX: prefix,
        PORTICO_SHUTDOWN_TIMEOUT_MS: '10000',
        // The chat example signs its @connections calls with alice's keys and reaches the gateway on loopback.
        AWS_ACCESS_KEY_ID: alice.accessKeyId,
        AWS_SECRET_ACCESS_KEY: alice.secretAccessKey,
        CHAT_GATEWAY_URL: `http://127.0.0.1:${ports[i * 2]}`,
        CHAT_MEMBERS_FILE: join(dir, 'chat-members.json'),
        ...(i === c ? { PORTICO_WEBSOCKET_IDLE_TIMEOUT_MS: '1500' } : {}),
      };
      const proc = startNode([distEntry('data-plane')], env);
      replicas.push({ proc, port: ports[i * 2], statusPort: ports[i * 2 + 1] });
    }
    // Four processes starting on a shared, loaded machine: a generous bound (it bounds a hang, not a speed).
    await Promise.all(replicas.map((r) => waitForOk(`http://127.0.0.1:${r.statusPort}/health/ready`, r.proc, 110_000)));
  }, 150_000);

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.proc.stop()));
    await new Promise((resolve) => recorder?.close(resolve));
    await new Promise((resolve) => backend?.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  describe('handshake', () => {
    it('accepts a connection once $connect succeeded, with the CONNECT event of AWS shape and the negotiated subprotocol', async () => {
      const client = await connect(port(a), API, '/prod?name=me', { 'X-Custom': 'yes' }, ['chat', 'other']);
      expect(client.ws.protocol).toBe('chat');
      const answer = await client.ask('{"action":"echo"}');
      const connectionId = answer.event.requestContext.connectionId as string;
      expect(connectionId).toMatch(/^[A-Za-z0-9+/]{15}=$/);
      const event = await eventFor(connectionId, 'CONNECT');
      const sample = vector('apigw-websocket-request.json');
      // The composite sample's key set, less its REST-only members (spec §5).
      const restOnly = ['resourceId', 'resourcePath', 'httpMethod', 'accountId', 'authorizer', 'error', 'integrationLatency', 'status'];
      expect(Object.keys(event.requestContext).sort()).toEqual(Object.keys(sample.requestContext).filter((k) => !restOnly.includes(k)).sort());
      expect(event.requestContext).toMatchObject({ routeKey: '$connect', eventType: 'CONNECT', messageDirection: 'IN', stage: 'prod', apiId: API, domainName: host(API) });
      expect(event.queryStringParameters).toEqual({ name: 'me' });
      expect(event.multiValueQueryStringParameters).toEqual({ name: ['me'] });
      expect(event.headers['X-Custom']).toBe('yes');
      expect(event.multiValueHeaders['Sec-WebSocket-Version']).toEqual(['13']);
      expect(event.isBase64Encoded).toBe(false);
      client.ws.close();
    });

    it('refuses with the status the $connect integration answered, and 500 when it throws — never opening the socket', async () => {
      await expect(connect(port(a), API, '/prod?status=403')).rejects.toMatchObject({ status: 403 });
      await expect(connect(port(a), API, '/prod?status=400')).rejects.toMatchObject({ status: 400 });
      await expect(connect(port(a), API, '/prod?throw=1')).rejects.toMatchObject({ status: 500 });
      await expect(connect(port(a), API, '/nostage')).rejects.toMatchObject({ status: 403 });
    });

    it('runs the REQUEST authorizer: missing identity source 401, Deny 403, …/*/* 403, Allow opens with its context on every event', async () => {
      await expect(connect(port(a), AUTH_API)).rejects.toMatchObject({ status: 401 });
      await expect(connect(port(a), AUTH_API, '/prod', { Auth: 'nobody' })).rejects.toMatchObject({ status: 401 });
      await expect(connect(port(a), AUTH_API, '/prod', { Auth: 'deny' })).rejects.toMatchObject({ status: 403 });
      await expect(connect(port(a), AUTH_API, '/prod', { Auth: 'wildcard' })).rejects.toMatchObject({ status: 403 });
      const client = await connect(port(a), AUTH_API, '/prod', { Auth: 'allow' });
      const answer = await client.ask('{"action":"echo"}');
      expect(answer.event.requestContext.authorizer).toEqual({ principalId: 'user-1', tier: 'gold', n: 1 });
      // No $default route: anything else is answered with AWS's Forbidden frame.
      const forbidden = await client.ask('{"action":"nothing"}');
      expect(forbidden).toEqual({ message: 'Forbidden', connectionId: answer.event.requestContext.connectionId, requestId: expect.any(String) });
      client.ws.close();
    });
  });

  describe('AWS_IAM $connect', () => {
    const presigned = async (key: typeof alice) => {
      const signer = new SignatureV4({ service: 'execute-api', region: 'us-east-1', credentials: key, sha256: Sha256 });
      const signed = await signer.presign({ method: 'GET', protocol: 'http:', hostname: host(IAM_API), path: '/prod', headers: { host: host(IAM_API) }, query: {} }, { expiresIn: 300 });
      return `/prod?${new URLSearchParams(signed.query as Record<string, string>).toString()}`;
    };

    it('opens for a SigV4-presigned upgrade of a caller allowed execute-api:Invoke, 403 for others and for unsigned ones', async () => {
      await expect(connect(port(a), IAM_API)).rejects.toMatchObject({ status: 403 });
      await expect(connect(port(a), IAM_API, await presigned(alice))).rejects.toMatchObject({ status: 403 });
      const client = await connect(port(a), IAM_API, await presigned(bob));
      expect((await client.ask('{"action":"x"}')).route).toBe('$default');
      client.ws.close();
    });
  });

  describe('messages', () => {
    let client: Client;
    beforeAll(async () => {
      client = await connect(port(a), API);
    });
    afterAll(() => client.ws.close());

    it('routes by the selection expression, to $default otherwise, and non-JSON always to $default', async () => {
      expect((await client.ask('{"action":"echo","x":1}')).route).toBe('echo');
      expect((await client.ask('{"action":"unknown"}')).route).toBe('$default');
      expect((await client.ask('plain text')).route).toBe('$default');
    });

    it('sends a MESSAGE event of the shape of AWS capture, and answers only on two-way routes', async () => {
      const answer = await client.ask('{"action":"echo"}');
      const sample = vector('apigw-websocket-request-send-message.json');
      expect(Object.keys(answer.event).sort()).toEqual([...Object.keys(sample), 'stageVariables'].sort());
      expect(Object.keys(answer.event.requestContext)).toEqual(Object.keys(sample.requestContext));
      expect(answer.event.body).toBe('{"action":"echo"}');
      client.ws.send('{"action":"oneway"}');
      expect((await client.ask('{"action":"echo","after":"oneway"}')).event.body).toContain('after');
    });

    it('answers "Internal server error" when the integration fails, and renders MOCK integration responses', async () => {
      const failed = await client.ask('{"action":"fail"}');
      expect(failed).toMatchObject({ message: 'Internal server error', connectionId: expect.any(String), requestId: expect.any(String) });
      expect(await client.ask('{"action":"mock"}')).toEqual({ mocked: 'mock', stage: 'prod', for: failed.connectionId });
    });

    it('runs AWS (Lambda non-proxy) integrations with request templates and integration responses selected by errorMessage', async () => {
      expect(await client.ask('{"action":"greet","name":"Ada"}')).toEqual({ said: 'Hello, Ada!' });
      expect(await client.ask('{"action":"greet","name":"nobody"}')).toEqual({ missing: true });
      expect(await client.ask('{"action":"greet"}')).toMatchObject({ message: 'Internal server error' });
    });

    it('forwards messages to HTTP_PROXY backends and sends their answer back', async () => {
      expect(await client.ask('{"action":"proxy","n":2}')).toEqual({ got: '{"action":"proxy","n":2}', method: 'POST' });
    });

    it('closes with 1009 for a frame over 32 KB and with 1003 for a binary frame', async () => {
      const big = await connect(port(a), API);
      big.ws.send(JSON.stringify({ action: 'echo', data: 'x'.repeat(40 * 1024) }));
      expect((await big.closed).code).toBe(1009);
      const binary = await connect(port(a), API);
      binary.ws.send(Buffer.from([1, 2, 3]));
      expect((await binary.closed).code).toBe(1003);
    });
  });

  describe('@connections across replicas', () => {
    it('posts, gets and deletes a connection held by another replica; 410 after; 403 without ManageConnections; 413 over 128 KB', async () => {
      const client = await connect(port(a), API, '/prod', { 'User-Agent': 'ws-test' });
      const connectionId = (await client.ask('{"action":"echo"}')).event.requestContext.connectionId as string;
      const fromB = management(port(b), alice);
      await fromB.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: new TextEncoder().encode('hello from b') }));
      expect(await client.next()).toBe('hello from b');
      // Data that is not UTF-8 arrives as a binary frame, byte for byte.
      const bytes = new Uint8Array([0xff, 0x00, 0xc3, 0x28]);
      const frame = new Promise<{ data: Buffer; isBinary: boolean }>((resolve) => client.ws.once('message', (data, isBinary) => resolve({ data: data as Buffer, isBinary })));
      await fromB.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: bytes }));
      expect(await frame).toEqual({ data: Buffer.from(bytes), isBinary: true });
      await client.next();
      const info = await fromB.send(new GetConnectionCommand({ ConnectionId: connectionId }));
      expect(info.Identity).toEqual({ SourceIp: '127.0.0.1', UserAgent: 'ws-test' });
      expect(info.ConnectedAt).toBeInstanceOf(Date);
      expect(info.LastActiveAt).toBeInstanceOf(Date);
      await expect(management(port(b), bob).send(new GetConnectionCommand({ ConnectionId: connectionId }))).rejects.toBeInstanceOf(ForbiddenException);
      await expect(fromB.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: new Uint8Array(131_073) }))).rejects.toBeInstanceOf(PayloadTooLargeException);
      await fromB.send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
      await client.closed;
      const disconnect = await eventFor(connectionId, 'DISCONNECT');
      expect(Object.keys(disconnect.requestContext)).toEqual(Object.keys(vector('apigw-websocket-request-disconnect.json').requestContext));
      await expect(fromB.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: new TextEncoder().encode('late') }))).rejects.toBeInstanceOf(GoneException);
      await expect(management(port(a), alice).send(new GetConnectionCommand({ ConnectionId: connectionId }))).rejects.toBeInstanceOf(GoneException);
    });

    it('forgets the connections of a replica that died (410 at once, no ghost)', async () => {
      const client = await connect(port(d), API);
      const connectionId = (await client.ask('{"action":"echo"}')).event.requestContext.connectionId as string;
      await management(port(a), alice).send(new GetConnectionCommand({ ConnectionId: connectionId }));
      await replicas[d].proc.stop('SIGKILL');
      await client.closed;
      await expect(management(port(a), alice).send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: new TextEncoder().encode('x') }))).rejects.toBeInstanceOf(GoneException);
      await expect(management(port(b), alice).send(new GetConnectionCommand({ ConnectionId: connectionId }))).rejects.toBeInstanceOf(GoneException);
    });

    it('counts ConnectCount and MessageCount and writes access-log lines with the WebSocket $context', async () => {
      const client = await connect(port(b), API);
      const connectionId = (await client.ask('{"action":"echo"}')).event.requestContext.connectionId as string;
      const metrics = await (await fetch(`http://127.0.0.1:${replicas[b].statusPort}/metrics`)).text();
      expect(Number(/^apigateway_ConnectCount\{api_id="wsapi00001",stage="prod"\} (\d+)/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);
      expect(Number(/^apigateway_MessageCount\{api_id="wsapi00001",stage="prod"\} (\d+)/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(2);
      const lines = await eventually(async () => {
        const found = replicas[b].proc.output().split('\n').filter((l) => l.includes(connectionId) && l.includes('"eventType"'));
        return found.length >= 2 ? found.map((l) => JSON.parse(l)) : undefined;
      }, 'access-log lines');
      expect(lines).toEqual(expect.arrayContaining([
        { connectionId, eventType: 'CONNECT', routeKey: '$connect', status: '200' },
        { connectionId, eventType: 'MESSAGE', routeKey: 'echo', status: '200' },
      ]));
      client.ws.close();
    });

    it('runs $disconnect with the client close code after the client closed', async () => {
      const client = await connect(port(b), API);
      const connectionId = (await client.ask('{"action":"echo"}')).event.requestContext.connectionId as string;
      client.ws.close(4001, 'bye');
      const event = await eventFor(connectionId, 'DISCONNECT');
      expect(event.requestContext).toMatchObject({ disconnectStatusCode: 4001, disconnectReason: 'bye', routeKey: '$disconnect' });
    });

    it('broadcasts with the chat example (a function calling @connections with the AWS SDK)', async () => {
      const first = await connect(port(a), CHAT_API);
      const second = await connect(port(b), CHAT_API);
      first.ws.send(JSON.stringify({ action: 'sendmessage', data: 'hi all' }));
      expect(await first.next()).toBe('hi all');
      expect(await second.next()).toBe('hi all');
      first.ws.close();
      second.ws.close();
    });
  });

  describe('limits and shutdown', () => {
    it('closes an idle connection (short configured timeout) with 1001 and runs $disconnect', async () => {
      const client = await connect(port(c), API);
      const connectionId = (await client.ask('{"action":"echo"}')).event.requestContext.connectionId as string;
      expect((await client.closed).code).toBe(1001);
      expect((await eventFor(connectionId, 'DISCONNECT')).requestContext.disconnectStatusCode).toBe(1001);
    });

    it('closes connections with 1001 and runs their $disconnect on shutdown', async () => {
      const client = await connect(port(c), API);
      const connectionId = (await client.ask('{"action":"echo"}')).event.requestContext.connectionId as string;
      const stopped = replicas[c].proc.stop('SIGTERM');
      expect((await client.closed).code).toBe(1001);
      expect((await eventFor(connectionId, 'DISCONNECT')).requestContext.disconnectStatusCode).toBe(1001);
      expect(await stopped).toBe(0);
    });
  });
});
