import { fileURLToPath } from 'node:url';
import { createFunctionRunner, type FunctionRunner } from '@portico/engine-lambda';
import { configDocument, serveGateway, startBackend, testClient, type Backend, type Served } from './support/pipeline-fixtures.js';
import { lambdaUri } from './lambda-fixtures.js';
import { proxyWithAuthorizerHeaders, withAuthorizers } from './authorizer-fixtures.js';

// A Lambda authorizer together with a resource policy (spec §3.3): the policy's explicit Deny refuses before the
// authorizer runs; otherwise table A — either side's Allow admits the request, unless one side denies.
const API = 'rpauthapi1';
const host = `${API}.execute-api.localhost`;
const arn = (verbAndPath: string) => `arn:aws:execute-api:us-east-1:000000000000:${API}/*/${verbAndPath}`;
const client = testClient();
let local: FunctionRunner;
let backend: Backend;
let served: Served;
let calls = 0;

beforeAll(async () => {
  local = createFunctionRunner({ functionsDir: fileURLToPath(new URL('./authorizer-functions', import.meta.url)), region: 'us-east-1', accountId: '000000000000' });
  const runner: FunctionRunner = {
    invoke(target, payload, options) {
      calls += 1;
      return local.invoke(target, payload, options);
    },
    close: async () => undefined,
  };
  backend = await startBackend();
  const forward = proxyWithAuthorizerHeaders(`${backend.url}/token`, ['principalId']);
  const doc = withAuthorizers(
    configDocument({ apiId: API, resources: { '/token': { GET: forward, POST: forward, PUT: forward, DELETE: forward } } }),
    [{ id: 'tok001', type: 'TOKEN', authorizerUri: lambdaUri('token-authorizer'), identitySource: 'method.request.header.Authorization' }],
    Object.fromEntries(['GET', 'POST', 'PUT', 'DELETE'].map((verb) => [`${verb} /token`, { authorizationType: 'CUSTOM' as const, authorizerId: 'tok001' }])),
  );
  for (const snapshot of Object.values(doc.deployments)) {
    snapshot.api.policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: arn('POST/token') },
        { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: arn('DELETE/token') },
      ],
    });
  }
  served = await serveGateway(doc, { functionRunner: runner });
});

afterAll(async () => {
  await served.close();
  await backend.close();
  await client.close();
  await local.close();
});

const send = (method: string, token: string) => client.send(`${served.url}/test/token`, { method, headers: { host, authorization: token } });

describe('Lambda authorizer with a resource policy', () => {
  it('admits what either side allows, refuses what neither allows', async () => {
    await expect(send('GET', 'Bearer get-only')).resolves.toMatchObject({ status: 200 });
    // The authorizer's policy covers GET only; the resource policy allows POST: admitted, with the authorizer's principal.
    await expect(send('POST', 'Bearer get-only')).resolves.toMatchObject({ status: 200 });
    expect(backend.received.at(-1)!.headers['x-auth-principalid']).toBe('user-get');
    // Neither side allows PUT.
    const put = await send('PUT', 'Bearer get-only');
    expect(put.status).toBe(403);
    expect(put.json()).toEqual({ Message: 'User is not authorized to access this resource' });
  });

  it('refuses an explicit Deny of the resource policy before invoking the authorizer', async () => {
    const before = calls;
    const answer = await send('DELETE', 'Bearer allow');
    expect(answer.status).toBe(403);
    expect(calls).toBe(before);
  });

  it('an explicit Deny of the authorizer wins over the resource policy’s Allow', async () => {
    await expect(send('POST', 'Bearer deny')).resolves.toMatchObject({ status: 403 });
  });
});
