import { CreateApiKeyCommand, CreateDeploymentCommand, CreateUsagePlanCommand } from '@aws-sdk/client-api-gateway';
import { openDatabaseDumper, type DatabaseDumper } from './support/database-dump.js';
import { createApiWithResource, putMockMethod, startTestControlPlane, type TestControlPlane, type TestResponse } from './support/test-control-plane.js';

// The admin API's answers to the bad input of issue 11, one case each: ids that cannot exist, framework-level
// errors (bad percent-encoding, over-long URLs, bad JSON, wrong content types, oversized bodies), members over
// AWS's limits, and what AWS refuses (stageKeys, empty names on update). Every answer is AWS-shaped, none is
// a 5xx, and none of these rejected requests changes a row.

const MB = 'x'.repeat(1024 * 1024);

let cp: TestControlPlane;
let dumper: DatabaseDumper;
let apiId: string;
let rootId: string;
let resourceId: string;
let keyId: string;
let planId: string;

beforeAll(async () => {
  cp = await startTestControlPlane();
  ({ apiId, rootId, resourceId } = await createApiWithResource(cp.client, 'bad-input', 'pets'));
  await putMockMethod(cp.client, { restApiId: apiId, resourceId: rootId, httpMethod: 'GET' });
  await cp.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod' }));
  keyId = (await cp.client.send(new CreateApiKeyCommand({ name: 'k', enabled: true }))).id!;
  planId = (await cp.client.send(new CreateUsagePlanCommand({ name: 'p' }))).id!;
  dumper = await openDatabaseDumper(cp.database.url);
});
afterAll(async () => {
  await dumper?.close();
  await cp?.close();
});

function expectAwsError(res: TestResponse, status: number, type: string, message?: string | RegExp): void {
  const context = `${res.status} ${res.headers.get('x-amzn-errortype')} ${res.text.slice(0, 300)}`;
  expect({ status: res.status, type: res.headers.get('x-amzn-errortype'), context }).toEqual({ status, type, context });
  expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
  const body = JSON.parse(res.text) as { message: unknown };
  expect(typeof body.message).toBe('string');
  if (typeof message === 'string') expect(body.message).toBe(message);
  else if (message) expect(body.message).toMatch(message);
}

const json = (value: unknown) => ({ body: JSON.stringify(value) });
const patch = (path: string, value: string) => json({ patchOperations: [{ op: 'replace', path, value }] });

describe('bad input on the admin API (issue 11)', () => {
  let before: Record<string, string[]>;
  beforeAll(async () => {
    before = await dumper.dump();
  });
  afterAll(async () => {
    // Every request in this block was rejected: not one row may have changed.
    expect(await dumper.dump()).toEqual(before);
  });

  it('answers an id holding NUL (%00) or 5,000 characters with the 404 AWS gives an unknown id', async () => {
    const cases: Array<[string, string, string]> = [
      ['GET', '/restapis/%00', `Invalid API identifier specified 000000000000:\u0000`],
      ['PATCH', `/restapis/a%00b`, `Invalid API identifier specified 000000000000:a\u0000b`],
      ['GET', `/restapis/${apiId}/resources/%00`, 'Invalid Resource identifier specified'],
      ['POST', `/restapis/${apiId}/resources/%00`, 'Invalid Resource identifier specified'],
      ['DELETE', `/restapis/${apiId}/resources/${resourceId}/methods/%00`, 'Invalid Method identifier specified'],
      ['GET', `/restapis/${apiId}/stages/%00`, 'Invalid Stage identifier specified'],
      ['GET', `/restapis/${apiId}/deployments/%00`, 'Invalid Deployment identifier specified'],
      ['GET', `/restapis/${apiId}/authorizers/%00`, 'Invalid Authorizer identifier specified'],
      ['DELETE', '/apikeys/%00', 'Invalid API Key identifier specified'],
      ['GET', '/usageplans/%00', 'Invalid Usage Plan ID specified'],
      ['GET', `/usageplans/${planId}/keys/%00`, 'Invalid Usage Plan Key identifier specified'],
      ['GET', `/restapis/${'a'.repeat(5000)}`, `Invalid API identifier specified 000000000000:${'a'.repeat(5000)}`],
    ];
    for (const [method, path, message] of cases) {
      const body = method === 'GET' || method === 'DELETE' ? undefined : '{}';
      expectAwsError(await cp.request(method, path, { body }), 404, 'NotFoundException', message);
    }
    // Status codes, response types and query values are the services' to judge; a NUL is still never a 500.
    expectAwsError(await cp.request('GET', `/restapis/${apiId}/resources/${rootId}/methods/GET/responses/%00`), 400, 'BadRequestException');
    expectAwsError(await cp.request('GET', '/apikeys?name=%00'), 400, 'BadRequestException', 'Invalid value specified for query parameter name');
  });

  it('renders framework errors the AWS way: bad percent-encoding, an over-long URL, bad JSON, wrong content types, oversized bodies', async () => {
    expectAwsError(await cp.request('GET', '/restapis/%ZZ'), 400, 'BadRequestException', 'Invalid request path: it is not a valid percent-encoded URL');
    expectAwsError(await cp.request('GET', '/restapis/%E0%A4'), 400, 'BadRequestException');
    // Beyond Node's 16 KB header limit: refused by the HTTP parser, still AWS-shaped.
    expectAwsError(await cp.request('GET', `/restapis/${'a'.repeat(20_000)}`), 431, 'BadRequestException', 'Request Header Fields Too Large');
    expectAwsError(await cp.request('POST', '/restapis', { body: '{"name":' }), 400, 'SerializationException', /^Could not parse request body into json/);
    expectAwsError(await cp.request('POST', '/restapis', { body: '[1]' }), 400, 'SerializationException');
    expectAwsError(await cp.request('POST', '/restapis', { body: 'name=x', headers: { 'content-type': 'text/plain' } }), 400, 'SerializationException');
    expectAwsError(await cp.request('POST', '/restapis', { body: JSON.stringify({ name: 'x'.repeat(11 * 1024 * 1024) }) }), 413, 'RequestEntityTooLargeException');
    expectAwsError(await cp.request('POST', '/restapis', json({ name: 'a\u0000b' })), 400, 'BadRequestException', /NUL/);
  });

  it('refuses members over AWS limits before the database: names, descriptions, pathPart, customerId, credentials', async () => {
    const integration = `/restapis/${apiId}/resources/${rootId}/methods/GET/integration`;
    const cases: Array<[string, string, { body: string }]> = [
      ['POST', `/restapis/${apiId}/resources/${rootId}`, json({ pathPart: MB })],
      ['POST', `/restapis/${apiId}/resources/${rootId}`, json({ pathPart: 'p'.repeat(2000) })],
      ['PATCH', `/restapis/${apiId}/resources/${resourceId}`, patch('/pathPart', 'p'.repeat(2000))],
      ['POST', '/restapis', json({ name: MB })],
      ['POST', '/restapis', json({ name: 'n'.repeat(2000) })],
      ['PATCH', `/restapis/${apiId}`, patch('/description', 'd'.repeat(5000))],
      ['POST', '/usageplans', json({ name: 'n'.repeat(2000) })],
      ['POST', '/usageplans', json({ name: 'n', description: MB })],
      ['PATCH', `/usageplans/${planId}`, patch('/description', 'd'.repeat(5000))],
      ['POST', '/apikeys', json({ name: 'n'.repeat(2000) })],
      ['POST', '/apikeys', json({ name: 'n', description: MB })],
      ['POST', '/apikeys', json({ name: 'n', customerId: MB })],
      ['POST', '/apikeys', json({ name: 'n', customerId: 'c'.repeat(2000) })],
      ['PATCH', `/apikeys/${keyId}`, patch('/customerId', 'c'.repeat(2000))],
      ['PUT', integration, json({ type: 'AWS', httpMethod: 'POST', uri: 'arn:aws:apigateway:us-east-1:lambda:path/x', credentials: MB })],
      ['PUT', integration, json({ type: 'MOCK', credentials: `arn:aws:iam::000000000000:role/${'r'.repeat(3000)}` })],
      ['POST', `/restapis/${apiId}/authorizers`, json({ name: 'n'.repeat(2000), type: 'TOKEN', identitySource: 'method.request.header.Authorization' })],
      ['POST', `/restapis/${apiId}/deployments`, json({ description: 'd'.repeat(5000) })],
      ['PATCH', `/restapis/${apiId}/stages/prod`, patch('/description', 'd'.repeat(5000))],
      ['PATCH', `/restapis/${apiId}/stages/prod`, patch('/variables/v', 'v'.repeat(513))],
    ];
    for (const [method, path, options] of cases) expectAwsError(await cp.request(method, path, options), 400, 'BadRequestException');
  });

  it('bounds a nested resource path so that it always fits its index', async () => {
    // /pets/{1,024 characters} fits; one more 1,024-character part would make the path 2,055 characters.
    const first = await cp.request('POST', `/restapis/${apiId}/resources/${resourceId}`, json({ pathPart: 'a'.repeat(1024) }));
    expect(first.status).toBe(201);
    const id = (first.json() as { id: string }).id;
    before = await dumper.dump();
    expectAwsError(await cp.request('POST', `/restapis/${apiId}/resources/${id}`, json({ pathPart: 'b'.repeat(1024) })), 400, 'BadRequestException', /resource path/);
  });

  it('refuses the stageKeys AWS refuses: not a list of {restApiId, stageName}, or a stage that does not exist', async () => {
    for (const stageKeys of ['x', 1, {}, true]) expectAwsError(await cp.request('POST', '/apikeys', json({ name: 'k', stageKeys })), 400, 'SerializationException');
    for (const stageKeys of [[null], [{}], [{ restApiId: apiId }], [{ restApiId: '', stageName: 'prod' }]]) {
      expectAwsError(await cp.request('POST', '/apikeys', json({ name: 'k', stageKeys })), 400, 'BadRequestException');
    }
    expectAwsError(await cp.request('POST', '/apikeys', json({ name: 'k', stageKeys: ['x'] })), 400, 'SerializationException');
    expectAwsError(await cp.request('POST', '/apikeys', json({ name: 'k', stageKeys: [{ restApiId: 'nope', stageName: 'prod' }] })), 404, 'NotFoundException', 'Invalid stage identifier specified');
    expectAwsError(await cp.request('POST', '/apikeys', json({ name: 'k', stageKeys: [{ restApiId: apiId, stageName: 'nope' }] })), 404, 'NotFoundException', 'Invalid stage identifier specified');
  });

  it('refuses an empty name on UpdateUsagePlan and UpdateApiKey', async () => {
    expectAwsError(await cp.request('PATCH', `/usageplans/${planId}`, patch('/name', '')), 400, 'BadRequestException', 'Invalid null or empty value for path /name');
    expectAwsError(await cp.request('PATCH', `/apikeys/${keyId}`, patch('/name', '')), 400, 'BadRequestException', 'Invalid null or empty value for path /name');
    expectAwsError(await cp.request('POST', '/usageplans', json({ name: '' })), 400, 'BadRequestException');
  });
});

describe('valid input still passes the new checks', () => {
  it('accepts stageKeys naming an existing stage, a 1,024-character pathPart and the largest names', async () => {
    const key = await cp.request('POST', '/apikeys', json({ name: 'n'.repeat(1024), customerId: 'c'.repeat(1024), stageKeys: [{ restApiId: apiId, stageName: 'prod' }] }));
    expect(key.status).toBe(201);
    expect((key.json() as { stageKeys: string[] }).stageKeys).toEqual([`${apiId}/prod`]);
    const resource = await cp.request('POST', `/restapis/${apiId}/resources/${rootId}`, json({ pathPart: 'q'.repeat(1024) }));
    expect(resource.status).toBe(201);
    const plan = await cp.request('PATCH', `/usageplans/${planId}`, patch('/name', 'renamed'));
    expect(plan.status).toBe(200);
  });
});
