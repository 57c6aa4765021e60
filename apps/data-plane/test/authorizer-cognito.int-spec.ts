import { configDocument, serveGateway, startBackend, testClient, type Backend, type Served } from './support/pipeline-fixtures.js';
import { JwksServer, jwt, proxyWithAuthorizerHeaders, signingKey, withAuthorizers, type SigningKey } from './authorizer-fixtures.js';

const API = 'cognitoapi';
const host = `${API}.execute-api.localhost`;
const POOL = 'us-east-1_Portico1';
const CLIENT_ID = 'portico-web-client';
const client = testClient();
const idp = new JwksServer();
let key: SigningKey;
let backend: Backend;
let served: Served;

const now = () => Math.floor(Date.now() / 1000);
const issuer = () => `${idp.endpoint}/${POOL}`;
const idToken = (overrides: Record<string, unknown> = {}) =>
  jwt({ sub: 'alice-sub', aud: CLIENT_ID, token_use: 'id', iss: issuer(), email: 'alice@example.com', 'custom:role': 'admin', exp: now() + 600, ...overrides }, key);
const accessToken = (scope: string, overrides: Record<string, unknown> = {}) =>
  jwt({ sub: 'alice-sub', client_id: CLIENT_ID, token_use: 'access', scope, iss: issuer(), exp: now() + 600, ...overrides }, key);

beforeAll(async () => {
  key = signingKey('kid-1');
  idp.keys = [key];
  await idp.start();
  backend = await startBackend();
  const doc = withAuthorizers(
    configDocument({
      apiId: API,
      resources: {
        '/profile': { GET: proxyWithAuthorizerHeaders(`${backend.url}/profile`, ['principalId', 'claims.email', 'claims.custom:role']) },
        '/orders': { GET: proxyWithAuthorizerHeaders(`${backend.url}/orders`, ['claims.sub']) },
        '/me': { GET: proxyWithAuthorizerHeaders(`${backend.url}/me`, ['claims.sub']) },
      },
    }),
    [
      {
        id: 'cog001',
        type: 'COGNITO_USER_POOLS',
        providerARNs: [`arn:aws:cognito-idp:us-east-1:000000000000:userpool/${POOL}`],
        identitySource: 'method.request.header.Authorization',
        identityValidationExpression: `^${CLIENT_ID}$`,
      },
      // No identityValidationExpression: nothing about the audience can tell an access token from an ID token.
      {
        id: 'cog002',
        type: 'COGNITO_USER_POOLS',
        providerARNs: [`arn:aws:cognito-idp:us-east-1:000000000000:userpool/${POOL}`],
        identitySource: 'method.request.header.Authorization',
      },
    ],
    {
      'GET /profile': { authorizationType: 'COGNITO_USER_POOLS', authorizerId: 'cog001' },
      'GET /orders': { authorizationType: 'COGNITO_USER_POOLS', authorizerId: 'cog001', authorizationScopes: ['orders/read'] },
      'GET /me': { authorizationType: 'COGNITO_USER_POOLS', authorizerId: 'cog002' },
    },
  );
  served = await serveGateway(doc, { authorizers: { cognitoEndpoint: idp.endpoint } });
});

afterAll(async () => {
  await served.close();
  await backend.close();
  await client.close();
  await idp.stop();
});

const get = (path: string, authorization?: string) =>
  client.send(`${served.url}/test${path}`, { headers: { host, ...(authorization === undefined ? {} : { authorization }) } });

describe('COGNITO_USER_POOLS methods end to end', () => {
  it('lets a valid ID token through and hands its claims to the integration', async () => {
    const answer = await get('/profile', idToken());
    expect(answer.status).toBe(200);
    const seen = backend.received.at(-1)!.headers;
    expect(seen['x-auth-principalid']).toBe('alice-sub');
    expect(seen['x-auth-claims-email']).toBe('alice@example.com');
    await expect(get('/profile', `Bearer ${idToken()}`)).resolves.toMatchObject({ status: 200 });
  });

  it('answers 401 {"message":"Unauthorized"} for a missing, expired, foreign or tampered token', async () => {
    const other = signingKey('kid-1');
    const bad = [
      undefined,
      '',
      idToken({ exp: now() - 5 }),
      idToken({ iss: `${idp.endpoint}/us-east-1_Elsewhere` }),
      idToken({ aud: 'another-client' }),
      jwt({ sub: 'mallory', aud: CLIENT_ID, token_use: 'id', iss: issuer(), exp: now() + 600 }, other),
      jwt({ sub: 'mallory', aud: CLIENT_ID, token_use: 'id', iss: issuer(), exp: now() + 600 }, key, { alg: 'none' }),
      jwt({ sub: 'mallory', aud: CLIENT_ID, token_use: 'id', iss: issuer(), exp: now() + 600 }, key, {
        alg: 'HS256',
        hmacSecret: Buffer.from(key.publicKey.export({ type: 'spki', format: 'pem' })),
      }),
    ];
    for (const token of bad) {
      const answer = await get('/profile', token);
      expect({ token: token?.slice(0, 20), status: answer.status, body: answer.json() }).toEqual({ token: token?.slice(0, 20), status: 401, body: { message: 'Unauthorized' } });
      expect(answer.headers['x-amzn-errortype']).toBe('UnauthorizedException');
    }
  });

  it('requires an access token with one of the method scopes', async () => {
    await expect(get('/orders', accessToken('orders/read orders/write'))).resolves.toMatchObject({ status: 200 });
    await expect(get('/orders', accessToken('profile'))).resolves.toMatchObject({ status: 401 });
    await expect(get('/orders', idToken())).resolves.toMatchObject({ status: 401 });
  });

  it('takes identity tokens only on methods without scopes, as AWS: a valid access token is 401 there', async () => {
    await expect(get('/me', idToken())).resolves.toMatchObject({ status: 200 });
    for (const path of ['/me', '/profile']) {
      const answer = await get(path, accessToken('orders/read'));
      expect({ path, status: answer.status, body: answer.json() }).toEqual({ path, status: 401, body: { message: 'Unauthorized' } });
      await expect(get(path, `Bearer ${accessToken('aws.cognito.signin.user.admin', { aud: CLIENT_ID })}`)).resolves.toMatchObject({ status: 401 });
    }
  });

  it('fetched the key set once per authorizer for all of the above', () => {
    expect(idp.fetches).toBe(2);
  });
});
