import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request, type Dispatcher } from 'undici';
import { configDocumentSchema, contentHash, type ConfigDocument } from '@portico/contracts';
import { compileGateway, type CompiledGateway, type GatewayOptions } from '@portico/gateway-rest';

/** A method as tests write it: the snapshot's defaults (from the schema) fill in the rest. */
export interface MethodSpec {
  authorizationType?: string;
  apiKeyRequired?: boolean;
  methodIntegration: Record<string, unknown>;
}

export interface ApiSpec {
  apiId: string;
  deploymentId?: string;
  /** Resource path → verb → method. Parent resources are implied. */
  resources: Record<string, Record<string, MethodSpec>>;
  gatewayResponses?: Record<string, Record<string, unknown>>;
  disableExecuteApiEndpoint?: boolean;
  stages?: Array<{ stageName: string; variables?: Record<string, string>; accessLogFormat?: string }>;
}

/** Builds a ConfigDocument literal (validated by the contracts schema, defaults applied) from compact specs. */
export function configDocument(...apis: ApiSpec[]): ConfigDocument {
  const stages: unknown[] = [];
  const deployments: Record<string, unknown> = {};
  for (const api of apis) {
    const deploymentId = api.deploymentId ?? `dep${api.apiId}`.slice(0, 10);
    const resources = Object.entries(api.resources).map(([path, methods], i) => ({
      id: `res${String(i).padStart(3, '0')}`,
      path,
      resourceMethods: Object.fromEntries(
        Object.entries(methods).map(([verb, m]) => [
          verb,
          { httpMethod: verb, authorizationType: m.authorizationType ?? 'NONE', apiKeyRequired: m.apiKeyRequired ?? false, methodIntegration: m.methodIntegration },
        ]),
      ),
    }));
    deployments[deploymentId] = {
      schemaVersion: 1,
      restApiId: api.apiId,
      deploymentId,
      createdDate: 1_700_000_000,
      api: { name: `api-${api.apiId}`, endpointConfiguration: { types: ['REGIONAL'] }, disableExecuteApiEndpoint: api.disableExecuteApiEndpoint ?? false },
      resources,
      gatewayResponses: api.gatewayResponses ?? {},
    };
    for (const stage of api.stages ?? [{ stageName: 'test' }]) {
      stages.push({
        restApiId: api.apiId,
        stageName: stage.stageName,
        deploymentId,
        variables: stage.variables ?? {},
        accessLogSettings: stage.accessLogFormat ? { format: stage.accessLogFormat } : undefined,
        lastUpdatedDate: 1_700_000_000,
      });
    }
  }
  const body = { schemaVersion: 1, region: 'us-east-1', accountId: '000000000000', stages, deployments };
  return configDocumentSchema.parse({ ...body, revision: contentHash(body) });
}

/** A MOCK integration answering `status` with a header naming the route, so tests can see which method answered. */
export function mockRoute(name: string, status = 200): MethodSpec {
  return {
    methodIntegration: {
      type: 'MOCK',
      requestTemplates: { 'application/json': `{"statusCode": ${status}}` },
      integrationResponses: {
        [String(status)]: { statusCode: String(status), responseParameters: { 'method.response.header.x-route': `'${name}'` } },
      },
    },
  };
}

export interface Served {
  readonly url: string;
  readonly port: number;
  readonly gateway: CompiledGateway;
  close(): Promise<void>;
}

/** Serves `compileGateway(doc).handle` on 127.0.0.1 (port 0), as the data plane's invoke listener does. */
export async function serveGateway(doc: ConfigDocument, options: Partial<GatewayOptions> = {}): Promise<Served> {
  const gateway = compileGateway(doc, { region: 'us-east-1', accountId: '000000000000', onWarning: () => undefined, ...options });
  const server = createServer(gateway.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    gateway,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await gateway.close();
    },
  };
}

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  rawHeaders: string[];
  body: Buffer;
}

export interface Backend {
  readonly url: string;
  readonly port: number;
  readonly received: ReceivedRequest[];
  close(): Promise<void>;
}

export type BackendHandler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;

/** Echoes what it received as JSON (method, url, headers, body length) unless given its own handler. */
export const echo: BackendHandler = (req, res, body) => {
  const text = JSON.stringify({ method: req.method, url: req.url, headers: req.headers, bodyLength: body.length, body: body.length < 1000 ? body.toString() : '' });
  res.writeHead(200, { 'content-type': 'application/json', 'x-backend': 'echo' });
  res.end(text);
};

/** A real backend on 127.0.0.1 that buffers each request body, records it, then runs `handler`. */
export async function startBackend(handler: BackendHandler = echo): Promise<Backend> {
  const received: ReceivedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, rawHeaders: req.rawHeaders, body });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json<T = Record<string, unknown>>(): T;
}

/** An HTTP client for tests (its own connection pool, closed in afterAll). */
export function testClient() {
  const agent = new Agent();
  return {
    async send(
      url: string,
      options: { method?: string; headers?: Record<string, string | string[]>; body?: Dispatcher.DispatchOptions['body'] } = {},
    ): Promise<Answer> {
      const response = await request(url, {
        dispatcher: agent,
        method: (options.method ?? 'GET') as Dispatcher.HttpMethod,
        headers: options.headers,
        body: options.body,
      });
      const text = await response.body.text();
      return {
        status: response.statusCode,
        headers: response.headers,
        text,
        json: <T>() => JSON.parse(text) as T,
      };
    },
    close: () => agent.close(),
  };
}

/** A port nothing listens on: bound, then closed. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
