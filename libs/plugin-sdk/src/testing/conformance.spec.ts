import { schema } from '../config-schema.js';
import { allow, deny } from '../decisions.js';
import { defineAuthorizer } from '../define-authorizer.js';
import { checkConformance, conformanceSuite } from './conformance.js';
import { expectConfigAccepted, expectConfigRejected } from './config-assertions.js';
import { buildRequest, buildTokenRequest } from './request-builders.js';
import { runAuthorize } from './run-authorize.js';

const configSchema = schema.object({
  description: 'Accepts one static bearer token',
  properties: { token: schema.string({ description: 'The accepted token', minLength: 8 }) },
  required: ['token'],
});

const staticToken = defineAuthorizer({
  name: 'static-token',
  version: '1.0.0',
  sdk: '^1.0.0',
  configSchema,
  create(config) {
    const expected = `Bearer ${config.token}`;
    return {
      authorize: (request) => (request.authorizationToken === expected ? allow({ principalId: 'static' }) : deny(401, 'wrong token')),
    };
  },
});

conformanceSuite(staticToken, {
  config: { token: 'abcdefgh' },
  allowedRequests: [buildTokenRequest('Bearer abcdefgh')],
  deniedRequests: [buildTokenRequest('Bearer wrong')],
});

describe('harness', () => {
  it('runs one authorization', async () => {
    await expect(runAuthorize(staticToken, { token: 'abcdefgh' }, buildTokenRequest('Bearer abcdefgh'))).resolves.toEqual({
      effect: 'allow',
      principalId: 'static',
    });
  });

  it('asserts accepted and rejected configs', () => {
    expect(expectConfigAccepted(staticToken, { token: 'abcdefgh' })).toEqual({ token: 'abcdefgh' });
    expect(expectConfigRejected(staticToken, { token: 'short' }, '/token')).toHaveLength(1);
    expect(() => expectConfigRejected(staticToken, { token: 'abcdefgh' })).toThrow(/accepted a config/);
    expect(() => expectConfigAccepted(staticToken, {})).toThrow(/\/token: is required/);
  });

  it('builds request views with lower-case headers and the method ARN', () => {
    const request = buildRequest({ httpMethod: 'POST', path: '/orders', headers: { 'X-Sig': ['a', 'b'] }, query: { q: ['1', '2'] } });
    expect(request.headers['x-sig']).toBe('a, b');
    expect(request.multiValueHeaders['x-sig']).toEqual(['a', 'b']);
    expect(request.queryStringParameters.q).toBe('2');
    expect(request.methodArn).toBe('arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/test/POST/orders');
  });
});

describe('checkConformance finds broken plugins', () => {
  const problemsOf = async (plugin: Parameters<typeof checkConformance>[0]) =>
    Object.fromEntries((await checkConformance(plugin, { config: {}, deadlineMs: 10, graceMs: 200 })).filter((r) => !r.ok).map((r) => [r.name, r.problem]));
  const empty = schema.object({ description: 'nothing to set', properties: {} });

  it('a plugin that throws on garbage and allows anonymous callers', async () => {
    const sloppy = defineAuthorizer({
      name: 'sloppy',
      version: '1.0.0',
      sdk: '^1.0.0',
      configSchema: empty,
      create: () => ({
        authorize(request) {
          if (request.authorizationToken === undefined) return allow({ principalId: 'anyone' });
          return JSON.parse(request.authorizationToken) as never;
        },
      }),
    });
    const problems = await problemsOf(sloppy);
    expect(problems['no credential never throws and is never allowed']).toMatch(/allowed a request without a credential/);
    expect(problems['malformed input never throws and is never allowed']).toMatch(/threw on/);
  });

  it('a plugin that ignores the deadline', async () => {
    const slow = defineAuthorizer({
      name: 'slow',
      version: '1.0.0',
      sdk: '^1.0.0',
      configSchema: empty,
      create: () => ({
        async authorize(request, ctx) {
          if (request.identitySource.length === 0) return deny(401);
          await ctx.http.request('https://idp.example/introspect');
          return deny(401);
        },
      }),
    });
    const problems = await problemsOf(slow);
    expect(problems['the deadline is respected']).toMatch(/did not settle/);
  });

  it('a plugin whose create is not repeatable', async () => {
    let created = 0;
    const flaky = defineAuthorizer({
      name: 'flaky',
      version: '1.0.0',
      sdk: '^1.0.0',
      configSchema: empty,
      create: () => {
        created += 1;
        const status = created % 2 === 0 ? 403 : 401;
        return { authorize: () => deny(status) };
      },
    });
    const problems = await problemsOf(flaky);
    expect(problems['create is repeatable']).toMatch(/instances disagree/);
  });
});
