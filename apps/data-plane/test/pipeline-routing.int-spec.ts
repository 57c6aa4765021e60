import { configDocument, mockRoute, serveGateway, testClient, type Served } from './support/pipeline-fixtures.js';

const client = testClient();
let served: Served;

const API = 'abc123defg';

beforeAll(async () => {
  served = await serveGateway(
    configDocument(
      {
        apiId: API,
        resources: {
          '/': { GET: mockRoute('GET /') },
          '/pets': { GET: mockRoute('GET /pets'), ANY: mockRoute('ANY /pets') },
          '/pets/{petId}': { GET: mockRoute('GET /pets/{petId}') },
          '/pets/mine': { POST: mockRoute('POST /pets/mine') },
          '/part1': { GET: mockRoute('GET /part1') },
          '/part1/hardcoded': { GET: mockRoute('GET /part1/hardcoded') },
          '/test': { POST: mockRoute('POST /test') },
          '/{proxy+}': { GET: mockRoute('GET /{proxy+}'), OPTIONS: mockRoute('OPTIONS /{proxy+}') },
          '/files/{path+}': { ANY: mockRoute('ANY /files/{path+}') },
        },
        stages: [{ stageName: 'test' }, { stageName: 'prod' }],
      },
      { apiId: 'disabled01', disableExecuteApiEndpoint: true, resources: { '/': { GET: mockRoute('GET /') } } },
    ),
  );
});

afterAll(async () => {
  await served.close();
  await client.close();
});

function viaHost(path: string, method = 'GET', host = `${API}.execute-api.localhost`) {
  return client.send(`${served.url}${path}`, { method, headers: { host } });
}

describe('route matching through the pipeline (host form)', () => {
  it.each([
    ['GET', '/test/', 'GET /'],
    ['GET', '/test', 'GET /'],
    ['GET', '/test/pets', 'GET /pets'],
    ['GET', '/test/pets/', 'GET /pets'],
    ['DELETE', '/test/pets', 'ANY /pets'],
    ['GET', '/test/pets/7', 'GET /pets/{petId}'],
    // `/pets/mine` has only POST: GET backtracks to `/pets/{petId}`.
    ['GET', '/test/pets/mine', 'GET /pets/{petId}'],
    ['POST', '/test/pets/mine', 'POST /pets/mine'],
    // LocalStack-validated backtracking (spec §2.2).
    ['GET', '/test/part1/random', 'GET /{proxy+}'],
    ['OPTIONS', '/test/test', 'OPTIONS /{proxy+}'],
    ['GET', '/test/part1/hardcoded', 'GET /part1/hardcoded'],
    ['PATCH', '/test/files/a/b/c', 'ANY /files/{path+}'],
    ['GET', '/prod/pets', 'GET /pets'],
  ])('%s %s → %s', async (method, path, route) => {
    const answer = await viaHost(path, method);
    expect(answer.status).toBe(200);
    expect(answer.headers['x-route']).toBe(route);
    expect(answer.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.headers['x-amz-apigw-id']).toMatch(/^[A-Za-z0-9+/]{15}=$/);
  });

  it('treats the host label case-insensitively', async () => {
    const answer = await viaHost('/test/pets', 'GET', `${API.toUpperCase()}.Execute-Api.us-east-1.amazonaws.com`);
    expect(answer.headers['x-route']).toBe('GET /pets');
  });

  it('is case-sensitive on paths: no match is 403 Missing Authentication Token', async () => {
    const answer = await viaHost('/test/Pets/x/y/z', 'POST');
    expect(answer.status).toBe(403);
    expect(answer.json()).toEqual({ message: 'Missing Authentication Token' });
    expect(answer.headers['x-amzn-errortype']).toBe('MissingAuthenticationTokenException');
    expect(answer.headers['content-type']).toBe('application/json');
  });

  it('answers 403 Missing Authentication Token when the verb exists nowhere on the path', async () => {
    const answer = await viaHost('/test/part1', 'DELETE');
    expect(answer.status).toBe(403);
    expect(answer.json()).toEqual({ message: 'Missing Authentication Token' });
  });

  it('complains about a non-SigV4 Authorization header instead when nothing matches', async () => {
    const answer = await client.send(`${served.url}/test/nothing/here/at/all`, {
      method: 'POST',
      headers: { host: `${API}.execute-api.localhost`, authorization: 'Bearer token123' },
    });
    expect(answer.status).toBe(403);
    expect(answer.json()).toEqual({ message: "'token123' not a valid key=value pair (missing equal-sign) in Authorization header: 'Bearer token123'." });
    expect(answer.headers['x-amzn-errortype']).toBe('IncompleteSignatureException');
  });

  it('honours X-HTTP-Method-Override', async () => {
    const answer = await client.send(`${served.url}/test/pets/mine`, {
      method: 'GET',
      headers: { host: `${API}.execute-api.localhost`, 'x-http-method-override': 'POST' },
    });
    expect(answer.headers['x-route']).toBe('POST /pets/mine');
  });
});

describe('stage and API resolution', () => {
  it('unknown stage → 403 Forbidden', async () => {
    const answer = await viaHost('/nostage/pets');
    expect(answer.status).toBe(403);
    expect(answer.json()).toEqual({ message: 'Forbidden' });
    expect(answer.headers['x-amzn-errortype']).toBe('ForbiddenException');
  });

  it('no stage in the path → 403 Missing Authentication Token', async () => {
    const answer = await viaHost('/');
    expect(answer.status).toBe(403);
    expect(answer.json()).toEqual({ message: 'Missing Authentication Token' });
  });

  it('unknown API → 403 Forbidden', async () => {
    const answer = await viaHost('/test/pets', 'GET', 'zzzzzzzzzz.execute-api.localhost');
    expect(answer.status).toBe(403);
    expect(answer.json()).toEqual({ message: 'Forbidden' });
  });

  it('a host that is no execute-api host and no /restapis path → 403 Forbidden', async () => {
    const answer = await client.send(`${served.url}/test/pets`);
    expect(answer.status).toBe(403);
    expect(answer.headers['x-amzn-requestid']).toBeDefined();
  });

  it('disableExecuteApiEndpoint → 403 Forbidden', async () => {
    const answer = await viaHost('/test/', 'GET', 'disabled01.execute-api.localhost');
    expect(answer.status).toBe(403);
    expect(answer.json()).toEqual({ message: 'Forbidden' });
  });
});

describe('path form /restapis/{apiId}/{stage}/_user_request_/{path}', () => {
  it.each([
    ['/_user_request_/pets', 'GET /pets'],
    ['/_user_request_/', 'GET /'],
    ['/_user_request_', 'GET /'],
    ['/_user_request_/part1/random', 'GET /{proxy+}'],
  ])('%s → %s', async (suffix, route) => {
    const answer = await client.send(`${served.url}/restapis/${API}/test${suffix}`);
    expect(answer.status).toBe(200);
    expect(answer.headers['x-route']).toBe(route);
  });

  it('unknown stage in the path form → 403 Forbidden', async () => {
    const answer = await client.send(`${served.url}/restapis/${API}/nope/_user_request_/pets`);
    expect(answer.status).toBe(403);
    expect(answer.json()).toEqual({ message: 'Forbidden' });
  });
});
