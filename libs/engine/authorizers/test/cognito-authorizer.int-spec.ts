import type { AuthorizerInstance } from '@portico/plugin-sdk';
import { buildTokenRequest, conformanceSuite, createInstance, createTestContext, expectConfigRejected, type TestContext } from '@portico/plugin-sdk/testing';
import { cognitoAuthorizer, compileAuthorizer, fetchHttpClient, PluginRegistry, type AuthorizationInput } from '../src/index.js';
import { generateTestKey, signToken, TestIssuer, type TestKey } from './support/test-issuer.js';

const POOL = 'us-east-1_TestPool1';
const POOL_ARN = `arn:aws:cognito-idp:us-east-1:123456789012:userpool/${POOL}`;
const CLIENT_ID = '7abc123clientid';
const NOW = Date.parse('2030-06-01T12:00:00Z');
const seconds = (ms: number): number => Math.floor(ms / 1000);

const issuer = new TestIssuer();
let key: TestKey;
let otherKey: TestKey;
let t: TestContext;
let instance: AuthorizerInstance;

const config = () => ({ providers: [POOL_ARN], cognitoEndpoint: issuer.endpoint, identityValidationExpression: `^${CLIENT_ID}$` });
const idClaims = (overrides: Record<string, unknown> = {}) => ({
  sub: 'user-1',
  aud: CLIENT_ID,
  token_use: 'id',
  iss: issuer.issuer(POOL),
  email: 'alice@example.com',
  'cognito:groups': ['admins'],
  iat: seconds(NOW) - 60,
  exp: seconds(NOW) + 3600,
  ...overrides,
});
const accessClaims = (overrides: Record<string, unknown> = {}) => ({
  sub: 'user-1',
  client_id: CLIENT_ID,
  token_use: 'access',
  scope: 'orders/read orders/write',
  iss: issuer.issuer(POOL),
  exp: seconds(NOW) + 3600,
  ...overrides,
});

beforeAll(async () => {
  key = generateTestKey('key-1');
  otherKey = generateTestKey('key-2');
  issuer.keys = [key];
  await issuer.start();
});

beforeEach(async () => {
  t = createTestContext({ now: NOW, http: fetchHttpClient() });
  issuer.jwksFetches = 0;
  instance = await createInstance(cognitoAuthorizer, config(), t.create);
});

afterEach(() => t.dispose());
afterAll(() => issuer.stop());

const decide = (token: string | undefined, scopes?: string[]) => instance.authorize(buildTokenRequest(token, { authorizationScopes: scopes }), t.authorize());

describe('cognito-user-pools authorizer', () => {
  it('allows a valid ID token, raw or with Bearer, exposing claims', async () => {
    const token = signToken(idClaims(), key);
    const decision = await decide(token);
    expect(decision).toMatchObject({ effect: 'allow', principalId: 'user-1', claims: { email: 'alice@example.com', 'cognito:groups': '["admins"]', token_use: 'id' } });
    await expect(decide(`Bearer ${token}`)).resolves.toMatchObject({ effect: 'allow' });
  });

  it('denies expired, not-yet-valid, wrong-issuer and wrong-audience tokens with 401', async () => {
    const cases = [
      signToken(idClaims({ exp: seconds(NOW) - 1 }), key),
      signToken(idClaims({ nbf: seconds(NOW) + 600 }), key),
      signToken(idClaims({ iss: issuer.issuer('us-east-1_OtherPool') }), key),
      signToken(idClaims({ aud: 'someone-else' }), key),
    ];
    for (const token of cases) await expect(decide(token)).resolves.toMatchObject({ effect: 'deny', status: 401 });
  });

  it('expires a cached verified token at its exp', async () => {
    const token = signToken(idClaims({ exp: seconds(NOW) + 60 }), key);
    await expect(decide(token)).resolves.toMatchObject({ effect: 'allow' });
    t.advance(61_000);
    await expect(decide(token)).resolves.toMatchObject({ effect: 'deny', status: 401 });
  });

  it('refuses a token signed with a different key under a known kid', async () => {
    const forged = signToken(idClaims(), otherKey, { kid: key.kid });
    await expect(decide(forged)).resolves.toMatchObject({ effect: 'deny', status: 401 });
  });

  it('refuses alg none, HS256 keyed with the public key, and unknown algorithms', async () => {
    const publicPem = Buffer.from(key.publicKey.export({ type: 'spki', format: 'pem' }));
    const tricks = [
      signToken(idClaims(), key, { alg: 'none' }),
      signToken(idClaims(), key, { alg: 'HS256', hmacSecret: publicPem }),
      signToken(idClaims(), key, { alg: 'RS512' }),
      signToken(idClaims(), key, { alg: 'ES256' }),
    ];
    for (const token of tricks) {
      const decision = await decide(token);
      expect(decision).toMatchObject({ effect: 'deny', status: 401 });
      expect(decision).toHaveProperty('reason', expect.stringMatching(/algorithm/));
    }
  });

  it('checks scopes: access tokens with one of the method scopes pass; ID tokens and missing scopes do not', async () => {
    await expect(decide(signToken(accessClaims(), key), ['orders/read'])).resolves.toMatchObject({ effect: 'allow', scopes: ['orders/read', 'orders/write'] });
    await expect(decide(signToken(accessClaims({ scope: 'profile' }), key), ['orders/read'])).resolves.toMatchObject({ effect: 'deny', status: 401 });
    await expect(decide(signToken(idClaims(), key), ['orders/read'])).resolves.toMatchObject({ effect: 'deny', status: 401 });
  });

  it('rejects access tokens (no aud) on methods without scopes when a validation expression is set', async () => {
    await expect(decide(signToken(accessClaims(), key))).resolves.toMatchObject({ effect: 'deny', status: 401 });
  });

  it('takes only identity tokens on methods without scopes, with or without a validation expression (AWS)', async () => {
    const open = await createInstance(cognitoAuthorizer, { providers: [POOL_ARN], cognitoEndpoint: issuer.endpoint }, t.create);
    const without = (token: string) => open.authorize(buildTokenRequest(token), t.authorize());
    await expect(without(signToken(idClaims(), key))).resolves.toMatchObject({ effect: 'allow', principalId: 'user-1' });
    // A valid access token, even one carrying an aud, proves an OAuth grant, not an identity: 401 without scopes…
    await expect(without(signToken(accessClaims(), key))).resolves.toMatchObject({ effect: 'deny', status: 401 });
    await expect(without(signToken(accessClaims({ aud: CLIENT_ID }), key))).resolves.toMatchObject({ effect: 'deny', status: 401 });
    await expect(decide(signToken(accessClaims({ aud: CLIENT_ID }), key))).resolves.toMatchObject({ effect: 'deny', status: 401 });
    // …and any other token_use too; the same access token is accepted where the method has scopes.
    await expect(without(signToken(idClaims({ token_use: 'refresh' }), key))).resolves.toMatchObject({ effect: 'deny', status: 401 });
    await expect(open.authorize(buildTokenRequest(signToken(accessClaims(), key), { authorizationScopes: ['orders/read'] }), t.authorize())).resolves.toMatchObject({
      effect: 'allow',
    });
  });

  it('tells identity from access tokens of OIDC issuers without token_use: aud and no scope, Keycloak typ ID', async () => {
    const realm = issuer.issuer('realms/portico');
    const oidc = await createInstance(cognitoAuthorizer, { providers: [realm] }, t.create);
    const check = (claims: Record<string, unknown>) => oidc.authorize(buildTokenRequest(signToken(claims, key)), t.authorize());
    const { token_use: _none, ...idToken } = idClaims({ iss: realm });
    await expect(check(idToken)).resolves.toMatchObject({ effect: 'allow' });
    await expect(check({ ...idToken, typ: 'ID' })).resolves.toMatchObject({ effect: 'allow' });
    await expect(check({ ...idToken, typ: 'Bearer' })).resolves.toMatchObject({ effect: 'deny', status: 401 });
    await expect(check({ ...idToken, scope: 'openid profile' })).resolves.toMatchObject({ effect: 'deny', status: 401 });
    await expect(check({ ...idToken, scp: ['read'] })).resolves.toMatchObject({ effect: 'deny', status: 401 });
    const { aud: _aud, ...noAudience } = idToken;
    await expect(check(noAudience)).resolves.toMatchObject({ effect: 'deny', status: 401 });
  });

  it('fetches the key set once, serves verified tokens from cache, and refreshes on an unknown kid (rate-limited)', async () => {
    const token = signToken(idClaims(), key);
    for (let i = 0; i < 5; i++) await expect(decide(token)).resolves.toMatchObject({ effect: 'allow' });
    expect(issuer.jwksFetches).toBe(1);

    const rotated = generateTestKey('key-3');
    issuer.keys = [key, rotated];
    t.advance(31_000);
    await expect(decide(signToken(idClaims(), rotated))).resolves.toMatchObject({ effect: 'allow' });
    expect(issuer.jwksFetches).toBe(2);

    // Forged kids cannot make the gateway hammer the issuer: within the refresh interval no new fetch happens.
    for (let i = 0; i < 5; i++) await decide(signToken(idClaims(), otherKey, { kid: `forged-${i}` }));
    expect(issuer.jwksFetches).toBe(2);
  });

  it('answers fail (500) when the key set cannot be fetched, and recovers', async () => {
    issuer.available = false;
    const down = await createInstance(cognitoAuthorizer, config(), t.create);
    await expect(down.authorize(buildTokenRequest(signToken(idClaims(), key)), t.authorize())).resolves.toMatchObject({ effect: 'fail' });
    issuer.available = true;
    t.advance(10_000);
    await expect(down.authorize(buildTokenRequest(signToken(idClaims(), key)), t.authorize())).resolves.toMatchObject({ effect: 'allow' });
  });

  it('accepts any OIDC issuer URL, finding its keys through discovery', async () => {
    const oidc = await createInstance(cognitoAuthorizer, { providers: [issuer.issuer('realms/portico')] }, t.create);
    const token = signToken(idClaims({ iss: issuer.issuer('realms/portico') }), key);
    await expect(oidc.authorize(buildTokenRequest(`Bearer ${token}`), t.authorize())).resolves.toMatchObject({ effect: 'allow', principalId: 'user-1' });
  });

  it('validates its config', () => {
    expectConfigRejected(cognitoAuthorizer, { providers: [] }, '/providers');
    expectConfigRejected(cognitoAuthorizer, { providers: [POOL_ARN], identityValidationExpression: '(' }, '/identityValidationExpression');
  });
});

describe('COGNITO_USER_POOLS through the host', () => {
  it('serves a verified token from the host cache until its exp, keyed with the method scopes', async () => {
    let clock = NOW;
    const compiled = compileAuthorizer(
      { id: 'cog1', name: 'cog', type: 'COGNITO_USER_POOLS', providerARNs: [POOL_ARN], identitySource: 'method.request.header.Authorization', authorizerResultTtlInSeconds: 300 },
      { apiId: 'api', stageName: 'prod', variables: {} },
      { registry: new PluginRegistry(), cognitoEndpoint: issuer.endpoint, now: () => clock },
    );
    if (!compiled.ok) throw new Error(compiled.reason);
    const input = (token: string | undefined, scopes: string[] = []): AuthorizationInput => ({
      methodArn: 'arn:aws:execute-api:us-east-1:123456789012:api/prod/GET/',
      httpMethod: 'GET',
      resource: '/',
      path: '/',
      headers: token === undefined ? {} : { authorization: token },
      rawHeaders: token === undefined ? [] : ['Authorization', token],
      query: () => undefined,
      multiValueQuery: () => ({}),
      pathParameters: {},
      contextValue: () => undefined,
      requestContext: { accountId: '1', apiId: 'api', stage: 'prod', requestId: 'r', resourceId: 'x', resourcePath: '/', httpMethod: 'GET', path: '/prod/', requestTimeEpoch: clock, identity: { sourceIp: '127.0.0.1' } },
      authorizationScopes: scopes,
    });
    try {
      const token = signToken(idClaims({ exp: seconds(NOW) + 60 }), key);
      await expect(Promise.resolve(compiled.authorizer.authorize(input(undefined), 'r'))).resolves.toMatchObject({ kind: 'unauthorized' });
      await expect(Promise.resolve(compiled.authorizer.authorize(input(token), 'r'))).resolves.toMatchObject({ kind: 'allow', principalId: 'user-1', claims: { email: 'alice@example.com' } });
      // The same token on a scoped method is another question (an ID token cannot satisfy scopes).
      await expect(Promise.resolve(compiled.authorizer.authorize(input(token, ['orders/read']), 'r'))).resolves.toMatchObject({ kind: 'unauthorized' });
      clock += 61_000;
      await expect(Promise.resolve(compiled.authorizer.authorize(input(token), 'r'))).resolves.toMatchObject({ kind: 'unauthorized' });
    } finally {
      await compiled.authorizer.close();
    }
  });
});

conformanceSuite(cognitoAuthorizer, () => ({
  config: config(),
  now: NOW,
  http: fetchHttpClient(),
  allowedRequests: [buildTokenRequest(signToken(idClaims(), key))],
  deniedRequests: [buildTokenRequest(signToken(idClaims({ exp: seconds(NOW) - 10 }), key)), buildTokenRequest(signToken(idClaims(), key, { alg: 'none' }))],
}));
