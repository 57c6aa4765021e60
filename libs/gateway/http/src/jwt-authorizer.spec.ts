import type { JwksRegistry } from '@portico/engine-authorizers';
import { createJwksRegistry } from './jwks-registry.js';
import { createVerifiedTokenCache, JwtAuthorizer } from './jwt-authorizer.js';
import { TestIssuer } from './test-issuer.js';

describe('JwtAuthorizer', () => {
  let idp: TestIssuer;
  let registry: JwksRegistry;
  beforeAll(async () => {
    idp = await TestIssuer.start();
    registry = createJwksRegistry({ cooldownMs: 0 });
  });
  afterAll(() => idp.close());
  const authorizer = (audience = ['client-1']) => new JwtAuthorizer({ issuer: idp.issuer, audience }, registry, createVerifiedTokenCache());

  it('accepts a valid token, bare or Bearer, and passes claims as strings', async () => {
    const token = await idp.sign({ email: 'a@example.com' });
    const outcome = await authorizer().authorize(`Bearer ${token}`, undefined);
    expect(outcome).toMatchObject({ ok: true, principalId: 'user-1', scopes: null, claims: { sub: 'user-1', email: 'a@example.com', iss: idp.issuer } });
    expect(outcome.ok && typeof outcome.claims.exp).toBe('string');
    expect((await authorizer().authorize(token, undefined)).ok).toBe(true);
  });

  it('accepts client_id in place of aud (access tokens)', async () => {
    const token = await idp.sign({ aud: undefined, client_id: 'client-1', scope: 'read write' });
    expect(await authorizer().authorize(token, ['write'])).toMatchObject({ ok: true, scopes: ['read', 'write'] });
  });

  it.each([
    ['expired', async () => idp.sign({}, { expiresIn: Math.floor(Date.now() / 1000) - 10 }), 'the token has expired'],
    ['wrong audience', async () => idp.sign({ aud: 'other' }), 'the token does not have a valid audience'],
    ['unknown issuer', async () => idp.sign({}, { issuer: 'https://elsewhere.example' }), 'the token does not have a valid issuer'],
    ['not yet valid', async () => idp.sign({ nbf: Math.floor(Date.now() / 1000) + 600 }), 'the token is not valid yet'],
    ['malformed', async () => 'not.a.token', 'the token is malformed'],
  ])('refuses a token that is %s with 401 and www-authenticate', async (_name, make, description) => {
    const outcome = await authorizer().authorize(await make(), undefined);
    expect(outcome).toMatchObject({ ok: false, status: 401 });
    expect(!outcome.ok && outcome.wwwAuthenticate).toBe(`Bearer scope="" error="invalid_token" error_description="${description}"`);
  });

  it('answers 403 insufficient_scope when the token lacks every route scope', async () => {
    const token = await idp.sign({ scope: 'read' });
    const outcome = await authorizer().authorize(token, ['admin']);
    expect(outcome).toMatchObject({ ok: false, status: 403 });
    expect(!outcome.ok && outcome.wwwAuthenticate).toContain('error="insufficient_scope"');
  });

  it('caches verified tokens and picks up a rotated key', async () => {
    const a = authorizer();
    const token = await idp.sign();
    expect((await a.authorize(token, undefined)).ok).toBe(true);
    const fetches = idp.jwksFetches;
    expect((await a.authorize(token, undefined)).ok).toBe(true);
    expect(idp.jwksFetches).toBe(fetches);
    await idp.rotate();
    const rotated = await idp.sign();
    expect((await a.authorize(rotated, undefined)).ok).toBe(true);
    expect(idp.jwksFetches).toBe(fetches + 1);
  });
});
