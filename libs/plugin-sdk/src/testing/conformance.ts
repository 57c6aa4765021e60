import type { PluginHttpClient } from '../context.js';
import { decisionProblem, type AuthorizerDecision } from '../decisions.js';
import { checkPlugin, type AuthorizerInstance, type AuthorizerPlugin } from '../define-authorizer.js';
import type { AuthorizerRequest } from '../request.js';
import { buildRequest, buildTokenRequest } from './request-builders.js';
import { createInstance } from './run-authorize.js';
import { createTestContext, hangingHttpClient, type TestContext } from './test-context.js';

/**
 * What the conformance suite needs to know about a plugin.
 * @example
 * conformanceSuite(plugin, () => ({ config: { issuer: server.url }, http: fetchLikeClient, allowedRequests: [buildTokenRequest(goodToken)], deniedRequests: [buildTokenRequest(expiredToken)] }));
 */
export interface ConformanceOptions {
  /** A valid config (as an operator writes it; defaults are applied by validation). */
  readonly config: unknown;
  /** HTTP the plugin may use while it is created and while it authorizes (e.g. a JWKS server). */
  readonly http?: PluginHttpClient;
  /** Requests the plugin must allow; used to prove that instances made by repeated `create` calls agree. */
  readonly allowedRequests?: readonly AuthorizerRequest[];
  /** Requests the plugin must deny (401 or 403). */
  readonly deniedRequests?: readonly AuthorizerRequest[];
  /** Clock for the test context (epoch ms), e.g. a time at which the sample credentials are valid. */
  readonly now?: number;
  /** Deadline given to `authorize` in the deadline check (default 50 ms). */
  readonly deadlineMs?: number;
  /** How long past the deadline `authorize` may take to settle (default 1000 ms; generous for loaded CI hosts). */
  readonly graceMs?: number;
}

/**
 * One check's outcome.
 * @example
 * for (const r of await checkConformance(plugin, options)) console.log(r.ok ? 'ok  ' : 'FAIL', r.name, r.problem ?? '');
 */
export interface ConformanceResult {
  readonly name: string;
  readonly ok: boolean;
  readonly problem?: string;
}

/** Credentials that are malformed in every common scheme. */
const MALFORMED_TOKENS: readonly string[] = [
  '',
  ' ',
  'Bearer',
  'Bearer ',
  'Bearer a.b.c',
  'Bearer ....',
  'eyJhbGciOiJub25lIn0.e30.',
  'eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.',
  'Basic Zm9vOmJhcg==',
  'HMAC-SHA256 Credential=,Signature=',
  '%E0%A4%A',
  '\u0000\u0001\u0002',
  '😀'.repeat(64),
  'x'.repeat(16_384),
  'null',
  '{}',
];

const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString'];

/** Requests with no credential at all, in the shapes a host produces. */
function anonymousRequests(): AuthorizerRequest[] {
  return [buildRequest(), buildTokenRequest(undefined), buildRequest({ type: 'REQUEST', identitySource: [] })];
}

function malformedRequests(): AuthorizerRequest[] {
  const requests: AuthorizerRequest[] = [];
  for (const token of MALFORMED_TOKENS) {
    requests.push(buildTokenRequest(token));
    requests.push(
      buildRequest({
        headers: { authorization: token, 'x-signature': token, 'x-date': token, 'x-api-key': token },
        query: { token, signature: token },
        identitySource: [token, token],
      }),
    );
  }
  const hostile: Record<string, string> = {};
  for (const name of PROTOTYPE_NAMES) Object.defineProperty(hostile, name, { value: 'x', enumerable: true });
  requests.push(buildRequest({ headers: hostile, query: hostile, stageVariables: hostile, identitySource: ['x'] }));
  requests.push(buildRequest({ headers: { authorization: ['Bearer a', 'Bearer b'] }, identitySource: ['Bearer a, Bearer b'] }));
  return requests;
}

async function decide(instance: AuthorizerInstance, request: AuthorizerRequest, t: TestContext, timeoutMs = 5000): Promise<AuthorizerDecision> {
  const decision = await instance.authorize(request, t.authorize({ timeoutMs }));
  const problem = decisionProblem(decision);
  if (problem) throw new Error(`malformed decision: ${problem}`);
  return decision;
}

const summary = (d: AuthorizerDecision): string =>
  d.effect === 'allow' ? `allow ${d.principalId}` : d.effect === 'deny' ? `deny ${d.status}` : 'fail';

const describeRequest = (r: AuthorizerRequest): string =>
  JSON.stringify({ type: r.type, token: r.authorizationToken?.slice(0, 40), identitySource: r.identitySource.map((v) => v.slice(0, 40)) });

const errorText = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

type Check = (plugin: AuthorizerPlugin, options: ConformanceOptions) => Promise<string | undefined>;

/**
 * The checks every authorizer plugin must pass. Each returns the problem, or undefined when it passes.
 * They run without a test framework; {@link conformanceSuite} wraps them for Jest.
 */
const CHECKS: ReadonlyArray<readonly [string, Check]> = [
  [
    'is a valid plugin definition for this SDK',
    async (plugin) => {
      const check = checkPlugin(plugin);
      return check.ok ? undefined : check.problems.join('; ');
    },
  ],
  [
    'accepts the sample config and creates an instance',
    async (plugin, options) => {
      const t = createTestContext({ now: options.now, http: options.http });
      try {
        await createInstance(plugin, options.config, t.create);
        return undefined;
      } finally {
        t.dispose();
      }
    },
  ],
  [
    'no credential never throws and is never allowed',
    async (plugin, options) => {
      const t = createTestContext({ now: options.now, http: options.http });
      try {
        const instance = await createInstance(plugin, options.config, t.create);
        for (const request of anonymousRequests()) {
          let decision: AuthorizerDecision;
          try {
            decision = await decide(instance, request, t);
          } catch (error) {
            return `threw on ${describeRequest(request)}: ${errorText(error)}`;
          }
          if (decision.effect === 'allow') return `allowed a request without a credential: ${describeRequest(request)}`;
        }
        return undefined;
      } finally {
        t.dispose();
      }
    },
  ],
  [
    'malformed input never throws and is never allowed',
    async (plugin, options) => {
      const t = createTestContext({ now: options.now, http: options.http });
      try {
        const instance = await createInstance(plugin, options.config, t.create);
        for (const request of malformedRequests()) {
          let decision: AuthorizerDecision;
          try {
            decision = await decide(instance, request, t);
          } catch (error) {
            return `threw on ${describeRequest(request)}: ${errorText(error)}`;
          }
          if (decision.effect === 'allow') return `allowed a malformed request: ${describeRequest(request)}`;
        }
        return undefined;
      } finally {
        t.dispose();
      }
    },
  ],
  [
    'the deadline is respected',
    async (plugin, options) => {
      const deadlineMs = options.deadlineMs ?? 50;
      const graceMs = options.graceMs ?? 1000;
      const t = createTestContext({ now: options.now, http: options.http });
      try {
        const instance = await createInstance(plugin, options.config, t.create);
        // Outbound calls never answer here; only honouring ctx.signal lets authorize settle.
        const requests = [...(options.allowedRequests ?? []), buildTokenRequest('Bearer conformance'), buildRequest({ identitySource: ['x'] })];
        for (const request of requests) {
          const ctx = t.authorize({ timeoutMs: deadlineMs, http: hangingHttpClient() });
          let timer: ReturnType<typeof setTimeout> | undefined;
          const late = new Promise<'late'>((resolve) => {
            timer = setTimeout(() => resolve('late'), deadlineMs + graceMs);
          });
          const settled = Promise.resolve()
            .then(() => instance.authorize(request, ctx))
            .then(
              () => 'settled' as const,
              () => 'settled' as const,
            );
          const outcome = await Promise.race([settled, late]);
          clearTimeout(timer);
          if (outcome === 'late') return `authorize did not settle within ${graceMs} ms after its deadline on ${describeRequest(request)} (pass ctx.signal to what you await)`;
        }
        return undefined;
      } finally {
        t.dispose();
      }
    },
  ],
  [
    'create is repeatable',
    async (plugin, options) => {
      const t = createTestContext({ now: options.now, http: options.http });
      try {
        const instances: AuthorizerInstance[] = [];
        for (let i = 0; i < 3; i++) instances.push(await createInstance(plugin, options.config, t.create));
        const samples = [...(options.allowedRequests ?? []), ...(options.deniedRequests ?? []), ...anonymousRequests()];
        for (const request of samples) {
          const decisions = await Promise.all(instances.map((instance) => decide(instance, request, t)));
          const seen = new Set(decisions.map(summary));
          if (seen.size !== 1) return `instances disagree on ${describeRequest(request)}: ${[...seen].join(' vs ')}`;
        }
        for (const instance of instances) await instance.close?.();
        return undefined;
      } finally {
        t.dispose();
      }
    },
  ],
  [
    'allows the sample credentials and denies the bad ones',
    async (plugin, options) => {
      const t = createTestContext({ now: options.now, http: options.http });
      try {
        const instance = await createInstance(plugin, options.config, t.create);
        for (const request of options.allowedRequests ?? []) {
          const decision = await decide(instance, request, t);
          if (decision.effect !== 'allow') return `expected allow, got ${summary(decision)} on ${describeRequest(request)}`;
        }
        for (const request of options.deniedRequests ?? []) {
          const decision = await decide(instance, request, t);
          if (decision.effect !== 'deny') return `expected deny, got ${summary(decision)} on ${describeRequest(request)}`;
        }
        return undefined;
      } finally {
        t.dispose();
      }
    },
  ],
];

/**
 * Runs the conformance checks without a test framework.
 *
 * @example
 * const results = await checkConformance(plugin, { config: { secret: 'x'.repeat(32) } });
 * const failed = results.filter((r) => !r.ok);
 */
export async function checkConformance(plugin: AuthorizerPlugin, options: ConformanceOptions): Promise<ConformanceResult[]> {
  const results: ConformanceResult[] = [];
  for (const [name, check] of CHECKS) {
    let problem: string | undefined;
    try {
      problem = await check(plugin, options);
    } catch (error) {
      problem = errorText(error);
    }
    results.push(problem === undefined ? { name, ok: true } : { name, ok: false, problem });
  }
  return results;
}

/**
 * A test runner's `describe`/`it` (Jest's globals, or `node:test`'s exports).
 * @example
 * import { describe, it } from 'node:test';
 * conformanceSuite(plugin, options, { describe, it });
 */
export interface TestRunner {
  describe(name: string, body: () => void): unknown;
  it(name: string, body: () => Promise<void>, timeout?: number): unknown;
}

/**
 * Registers the conformance checks as tests: one test per check, failing with the problem found. Uses Jest's
 * global `describe`/`it`, or the runner passed as the third argument (e.g. `node:test`).
 *
 * @example
 * // hmac-authorizer.conformance.spec.ts
 * import { conformanceSuite, buildRequest } from '@portico/plugin-sdk/testing';
 * import plugin from './index.js';
 *
 * conformanceSuite(plugin, { config: { secret: 'x'.repeat(32) }, allowedRequests: [signedRequest()] });
 * @example
 * // with node:test
 * import { describe, it } from 'node:test';
 * conformanceSuite(plugin, { config: { secret: 'x'.repeat(32) } }, { describe, it });
 */
export function conformanceSuite(plugin: AuthorizerPlugin, options: ConformanceOptions | (() => ConformanceOptions), runner?: TestRunner): void {
  const found = runner ?? (globalThis as unknown as Partial<TestRunner>);
  if (typeof found.describe !== 'function' || typeof found.it !== 'function') {
    throw new Error("conformanceSuite needs describe/it: Jest's globals, or pass node:test's as the third argument");
  }
  const { describe, it } = found as TestRunner;
  describe(`${plugin.name} conformance`, () => {
    for (const [name, check] of CHECKS) {
      it(
        name,
        async () => {
          const problem = await check(plugin, typeof options === 'function' ? options() : options);
          if (problem !== undefined) throw new Error(problem);
        },
        30_000,
      );
    }
  });
}
