import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateDeploymentCommand,
  GetModelTemplateCommand,
  GetResourcesCommand,
  ImportRestApiCommand,
  PutIntegrationResponseCommand,
} from '@aws-sdk/client-api-gateway';
import { CP_DATA_PLANE_TOKEN, startControlPlaneProcess, testRedisUrl, type ControlPlaneProcess } from './support/control-plane-process.js';
import { startTestDataPlane, type TestDataPlane } from './support/data-plane-harness.js';
import { createPostgresDatabase, type PostgresDatabase } from './support/postgres.js';
import { eventually } from './support/processes.js';

// AWS's documented model and mapping-template examples (fixtures/aws-mapping-examples, each citing its page) on a
// REST API imported from OpenAPI, deployed, and invoked through the data plane with a real HTTP backend: the
// answer is the output AWS documents. A template GetModelTemplate generates, set as an integration response
// template, turns a payload into the model's shape.

type Json = unknown;
interface Photos {
  models: Record<string, Json>;
  input: Json;
  outputTemplate: string[];
  output: Json;
}
interface PetStore {
  input: Json;
  cases: Record<string, { model: string; schema: Json; template: string[]; output: Json }>;
}
interface Invoice {
  models: Record<string, Json>;
  input: Record<string, Json>;
  inputTemplate: string[];
  outputTemplate: string[];
  output: Json;
}

const fixture = <T,>(name: string): T => JSON.parse(readFileSync(new URL(`./fixtures/aws-mapping-examples/${name}`, import.meta.url), 'utf8')) as T;
const photos = fixture<Photos>('photos.json');
const petstore = fixture<PetStore>('petstore.json');
const invoice = fixture<Invoice>('invoice.json');
const lines = (template: string[]): string => template.join('\n');

/** The backend: `GET /petstore/pets` and `GET /photos` answer the examples' data; a POST echoes its body. */
async function startExampleBackend(): Promise<{ url: string; received: string[]; close(): Promise<void> }> {
  const received: string[] = [];
  const withExtras = {
    ...(photos.input as object),
    extra: 'not in the model',
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let answer: string;
      if (req.method === 'POST') {
        received.push(body);
        answer = body;
      } else if (req.url === '/petstore/pets') answer = JSON.stringify(petstore.input);
      else answer = JSON.stringify(withExtras);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer) });
      res.end(answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** One OpenAPI 3.0 operation: an HTTP integration to the backend with the given templates. */
function operation(
  backendUrl: string,
  options: { method: 'GET' | 'POST'; path: string; requestModel?: string; responseModel?: string; requestTemplate?: string; responseTemplate?: string },
): Record<string, Json> {
  return {
    ...(options.requestModel
      ? { requestBody: { content: { 'application/json': { schema: { $ref: `#/components/schemas/${options.requestModel}` } } } }, 'x-amazon-apigateway-request-validator': 'body' }
      : {}),
    responses: {
      '200': {
        description: 'ok',
        content: options.responseModel ? { 'application/json': { schema: { $ref: `#/components/schemas/${options.responseModel}` } } } : {},
      },
    },
    'x-amazon-apigateway-integration': {
      type: 'http',
      httpMethod: options.method,
      uri: `${backendUrl}${options.path}`,
      passthroughBehavior: 'when_no_match',
      ...(options.requestTemplate ? { requestTemplates: { 'application/json': options.requestTemplate } } : {}),
      responses: {
        default: { statusCode: '200', ...(options.responseTemplate ? { responseTemplates: { 'application/json': options.responseTemplate } } : {}) },
      },
    },
  };
}

function examplesDocument(backendUrl: string): Json {
  const paths: Record<string, Json> = {
    '/photos': {
      post: operation(backendUrl, { method: 'POST', path: '/photos', requestModel: 'PhotosInputModel', responseTemplate: lines(photos.outputTemplate) }),
    },
    '/generated': { get: operation(backendUrl, { method: 'GET', path: '/photos', responseModel: 'PhotosInputModel' }) },
    '/invoice': {
      post: operation(backendUrl, {
        method: 'POST',
        path: '/invoice',
        requestModel: 'InvoiceInputModel',
        responseModel: 'InvoiceOutputModel',
        requestTemplate: lines(invoice.inputTemplate),
        responseTemplate: lines(invoice.outputTemplate),
      }),
    },
  };
  for (const [name, example] of Object.entries(petstore.cases)) {
    paths[`/petstorewalkthrough/${name}`] = {
      get: operation(backendUrl, { method: 'GET', path: '/petstore/pets', responseModel: example.model, responseTemplate: lines(example.template) }),
    };
  }
  const schemas = { ...photos.models, ...invoice.models, ...Object.fromEntries(Object.values(petstore.cases).map((c) => [c.model, c.schema])) };
  return {
    openapi: '3.0.1',
    info: { title: 'aws-mapping-examples', version: '1.0' },
    'x-amazon-apigateway-request-validators': { body: { validateRequestBody: true, validateRequestParameters: false } },
    paths,
    components: { schemas },
  };
}

describe("AWS's model and mapping-template examples through the data plane", () => {
  let database: PostgresDatabase;
  let cp: ControlPlaneProcess;
  let dp: TestDataPlane;
  let backend: Awaited<ReturnType<typeof startExampleBackend>>;
  let restApiId: string;

  const call = async (path: string, body?: Json): Promise<{ status: number; body: string }> => {
    const init: RequestInit | undefined = body === undefined ? undefined : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
    const answer = await fetch(`${dp.invokeUrl}/restapis/${restApiId}/prod/_user_request_${path}`, init);
    return { status: answer.status, body: await answer.text() };
  };
  const parsed = async (path: string, body?: Json): Promise<Json> => {
    const answer = await call(path, body);
    expect(answer.status).toBe(200);
    return JSON.parse(answer.body);
  };

  beforeAll(async () => {
    backend = await startExampleBackend();
    database = await createPostgresDatabase();
    cp = await startControlPlaneProcess({ databaseUrl: database.url, redisUrl: testRedisUrl() });
    dp = await startTestDataPlane({ source: { kind: 'control-plane', url: cp.url, token: CP_DATA_PLANE_TOKEN }, redisUrl: testRedisUrl(), pollIntervalMs: 500 });
    const api = await cp.client.send(new ImportRestApiCommand({ body: new TextEncoder().encode(JSON.stringify(examplesDocument(backend.url))), failOnWarnings: true }));
    restApiId = api.id!;
    // GetModelTemplate's template for PhotosInputModel as the integration response of GET /generated.
    const generated = await cp.client.send(new GetModelTemplateCommand({ restApiId, modelName: 'PhotosInputModel' }));
    const resources = await cp.client.send(new GetResourcesCommand({ restApiId }));
    const resourceId = resources.items!.find((r) => r.path === '/generated')!.id!;
    await cp.client.send(
      new PutIntegrationResponseCommand({ restApiId, resourceId, httpMethod: 'GET', statusCode: '200', responseTemplates: { 'application/json': generated.value! } }),
    );
    await cp.client.send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }));
    await eventually(async () => ((await call('/petstorewalkthrough/noflatten')).status === 200 ? true : undefined), 'the examples API served');
  });
  afterAll(async () => {
    await dp?.close();
    await cp?.stop();
    await backend?.close();
    await database?.drop();
  });

  it.each(Object.keys(petstore.cases))('PetStore "Map response payload": /petstorewalkthrough/%s gives the documented output', async (name) => {
    expect(await parsed(`/petstorewalkthrough/${name}`)).toEqual(petstore.cases[name]!.output);
  });

  it('Photos: the input model validates the method request, the output template gives the documented output', async () => {
    expect(await parsed('/photos', photos.input)).toEqual(photos.output);
    // The model asks for at least 10 photos per page and a photo list.
    const input = photos.input as { photos: Record<string, Json> };
    for (const bad of [{ photos: { ...input.photos, perpage: 5 } }, { photos: { page: 1 } }]) {
      expect(await call('/photos', bad)).toEqual({ status: 400, body: '{"message":"Invalid request body"}' });
    }
  });

  it('Sales invoice: the input template reaches the backend as the original data, the output template gives the documented output', async () => {
    const before = backend.received.length;
    expect(await parsed('/invoice', invoice.input)).toEqual(invoice.output);
    expect(JSON.parse(backend.received[before]!)).toEqual(invoice.input);
  });

  it('a property the payload lacks renders empty, as on AWS, never as the reference text', async () => {
    const { APRef: _dropped, ...withoutApRef } = invoice.input;
    const before = backend.received.length;
    await parsed('/invoice', withoutApRef);
    expect(JSON.parse(backend.received[before]!)).toEqual({ ...invoice.input, APRef: { value: '', name: '' } });
  });

  it("GetModelTemplate's template as an integration response template gives the model-shaped JSON", async () => {
    // The backend adds a property the model does not have; the generated template keeps exactly the model's.
    expect(await parsed('/generated')).toEqual(photos.input);
  });
});
