import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestDataPlane, type TestDataPlane } from './support/data-plane-harness.js';
import { eventually } from './support/processes.js';

// Standalone mode with an OpenAPI file: the data plane compiles it through @portico/openapi (the same import code
// as ImportRestApi) and serves it — HTTP_PROXY to a real backend, MOCK, request validators with draft-4 models.
const openApi = (backendUrl: string, title = 'standalone pets') => `
openapi: 3.0.1
info: {title: ${title}, version: '1'}
x-amazon-apigateway-request-validators:
  all: {validateRequestBody: true, validateRequestParameters: true}
x-amazon-apigateway-request-validator: all
x-amazon-apigateway-gateway-responses:
  BAD_REQUEST_BODY:
    responseTemplates:
      application/json: '{"message": $context.error.messageString, "detail": "$context.error.validationErrorString"}'
paths:
  /pets:
    post:
      parameters:
        - {name: x-tenant, in: header, required: true}
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Pet'}
      x-amazon-apigateway-integration:
        type: http_proxy
        httpMethod: POST
        uri: ${backendUrl}/pets
  /pets/{id}:
    get:
      parameters:
        - {name: id, in: path, required: true}
        - {name: verbose, in: query, required: true}
      x-amazon-apigateway-integration:
        type: mock
        requestTemplates: {application/json: '{"statusCode": 200}'}
        responses:
          default:
            statusCode: '200'
            responseTemplates: {application/json: '{"id": "$input.params(''id'')"}'}
components:
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        name: {type: string}
        owner: {$ref: '#/components/schemas/Owner'}
    Owner:
      type: object
      required: [email]
      properties:
        email: {type: string}
`;

describe('standalone data plane serving an OpenAPI file', () => {
  let dir: string;
  let file: string;
  let backend: Server;
  let backendUrl: string;
  let dp: TestDataPlane;
  const received: string[] = [];
  const base = () => `${dp.invokeUrl}/restapis/petsapi001/prod/_user_request_`;

  async function writeAtomically(content: string): Promise<void> {
    await writeFile(`${file}.tmp`, content);
    await rename(`${file}.tmp`, file);
  }

  beforeAll(async () => {
    backend = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString();
        received.push(body);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ echoed: JSON.parse(body) }));
      });
    });
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
    backendUrl = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
    dir = await mkdtemp(join(tmpdir(), 'portico-openapi-'));
    file = join(dir, 'api.yaml');
    await writeAtomically(openApi(backendUrl));
    dp = await startTestDataPlane({ source: { kind: 'file', path: file, openApiRestApiId: 'petsapi001', openApiStageName: 'prod' }, pollIntervalMs: 100 });
  });

  afterAll(async () => {
    await dp?.close();
    backend?.closeAllConnections();
    await new Promise((resolve) => backend?.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  const post = (body: string, headers: Record<string, string> = { 'x-tenant': 't1' }) =>
    fetch(`${base()}/pets`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  it('serves the document: a valid body reaches the backend unchanged', async () => {
    const answer = await post(JSON.stringify({ name: 'rex', owner: { email: 'a@b.c' } }));
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ echoed: { name: 'rex', owner: { email: 'a@b.c' } } });
    const mock = await fetch(`${base()}/pets/7?verbose=1`);
    expect(mock.status).toBe(200);
    expect(await mock.json()).toEqual({ id: '7' });
  });

  it('refuses missing parameters and invalid bodies through BAD_REQUEST_PARAMETERS / BAD_REQUEST_BODY', async () => {
    const before = received.length;
    const missing = await post(JSON.stringify({ name: 'rex' }), {});
    expect(missing.status).toBe(400);
    expect(missing.headers.get('x-amzn-errortype')).toBe('BadRequestException');
    expect(await missing.json()).toEqual({ message: 'Missing required request parameters: [x-tenant]' });
    const blank = await fetch(`${base()}/pets/7?verbose=`);
    expect(blank.status).toBe(400);
    expect(await blank.json()).toEqual({ message: 'Missing required request parameters: [verbose]' });

    const invalid = await post(JSON.stringify({ owner: {} }));
    expect(invalid.status).toBe(400);
    // Gateway response templates are not VTL: the detail is substituted as is (AWS's has quotes in it too).
    const text = await invalid.text();
    expect(text).toContain('{"message": "Invalid request body", "detail": "[');
    expect(text).toContain('missing required properties');
    const notJson = await post('{oops');
    expect(notJson.status).toBe(400);
    expect(received.length).toBe(before);
  });

  it('re-reads the file when it changes, and keeps serving when the new document is invalid', async () => {
    await writeAtomically('openapi: 3.0.1\ninfo: {title: broken}\npaths:\n  /a{b}:\n    get: {}\n');
    await eventually(async () => dp.logs.find((l) => l.message === 'OpenAPI file rejected; the current document keeps serving'), 'the rejection');
    expect((await fetch(`${base()}/pets/7?verbose=1`)).status).toBe(200);

    await writeAtomically(openApi(backendUrl).replace("'{\"id\": \"$input.params(''id'')\"}'", "'{\"pet\": \"$input.params(''id'')\"}'"));
    const changed = await eventually(async () => {
      const answer = await fetch(`${base()}/pets/8?verbose=1`);
      const json = (await answer.json()) as Record<string, string>;
      return json.pet;
    }, 'the new document');
    expect(changed).toBe('8');
  });
});
