// The machinery both /v2 fuzz specs share (http-api-fuzz, websocket-api-fuzz): hostile values, generated requests
// for a route table (ids from `valid`, JSON bodies of the route's fields, query strings, content types), and the
// property: never a 5xx, an error is AWS-shaped, a rejected write changes nothing (a full database dump before and
// after it is the same).
import fc from 'fast-check';
import type { DatabaseDumper } from '../support/database-dump.js';
import { encodeSegment, signedFetch } from '../support/signed-fetch.js';
import type { TestResponse } from '../support/test-control-plane.js';

export interface FuzzRoute {
  method: string;
  path: string;
  fields?: string[];
  query?: string[];
}

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
  { weight: 3, arbitrary: fc.string({ unit: fc.constantFrom('\u0000', '\u007f', '\ud800', '/', '{', '}', '+', ' ', 'a', '%', '.', ':', '$'), maxLength: 12 }) },
  { weight: 3, arbitrary: fc.constantFrom('', ' ', '\u0000', '$default', 'GET /{proxy+}/x', 'integrations/', 'x'.repeat(1025), 'x'.repeat(70_000), '-1', 'null') },
);

export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 5, arbitrary: hostileString },
    { weight: 1, arbitrary: fc.integer() },
    { weight: 1, arbitrary: fc.constantFrom(0, -1, 1.5, 2 ** 53, 1e308, 30_001) },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 2, arbitrary: fc.array(tie('value'), { maxLength: 3 }) },
    { weight: 2, arbitrary: fc.dictionary(hostileString.filter((k) => k.length < 100), tie('value'), { maxKeys: 3 }) },
  ),
})).value;


export interface FuzzTarget {
  /** The control plane's URL. */
  readonly url: string;
  readonly dumper: DatabaseDumper;
  readonly routes: readonly FuzzRoute[];
  /** Valid values of each path parameter (fixtures made in beforeAll). */
  readonly valid: Record<string, string[]>;
  /** Plausible member values, so that some bodies are valid but for one member and reach the deeper checks. */
  readonly plausible: fc.Arbitrary<unknown>;
  readonly seed: number;
  /** The property must have seen at least this many accepted requests (the fixtures are not all refused). */
  readonly minAccepted: number;
}

type Route = FuzzRoute;

/** Runs the property over 600 generated requests; throws on the first counterexample. */
export async function fuzzV2Routes(target: FuzzTarget): Promise<void> {
  const { url, dumper, routes: ROUTES, valid, plausible, seed: SEED } = target;
  function fieldsBody(fields: readonly string[]): fc.Arbitrary<unknown> {
    const member = fc.oneof({ weight: 3, arbitrary: plausible }, { weight: 2, arbitrary: hostileValue });
    const any = fc.record(Object.fromEntries(fields.map((field) => [field, member])), { requiredKeys: [] });
    const few = fc.subarray([...fields], { minLength: 1, maxLength: Math.min(2, fields.length) }).chain((keys) => fc.record(Object.fromEntries(keys.map((key) => [key, member]))));
    return fc.oneof(any, few);
  }

  interface Generated {
    route: Route;
    params: Record<string, string>;
    query: Array<[string, string]>;
    body?: string;
    contentType: string;
  }

  function parameter(name: string): fc.Arbitrary<string> {
    return fc.oneof(
      { weight: 20, arbitrary: fc.constantFrom(...valid[name]!) },
      { weight: 2, arbitrary: hostileString.filter((s) => s.length > 0 && s.length <= 5000) },
      { weight: 1, arbitrary: fc.constantFrom('\u0000', 'x'.repeat(5000), valid[name]![0]!.toUpperCase()) },
    );
  }

  function request(route: Route): fc.Arbitrary<Generated> {
    const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    const params = fc.record(Object.fromEntries(names.map((n) => [n, parameter(n)])));
    const queryValue = fc.oneof(hostileString, fc.constantFrom('1', '0', '501', 'true', 'JSON', 'YAML', 'prepend', 'prod')).map((v) => Buffer.from(v, 'utf8').toString('utf8'));
    const query = fc.uniqueArray(fc.tuple(fc.constantFrom(...(route.query ?? ['x'])), queryValue), { maxLength: route.query ? 3 : 1, selector: ([key]) => key });
    const json: fc.Arbitrary<unknown> = route.fields ? fieldsBody(route.fields) : fc.constant(undefined);
    const body: fc.Arbitrary<string | undefined> = fc.oneof(
      { weight: 8, arbitrary: json.map((b) => (b === undefined ? undefined : JSON.stringify(b))) },
      { weight: 1, arbitrary: fc.constantFrom('{', '[]', '"x"', 'null', '{"body":"openapi: 3.0.1\\ninfo: {title: x}\\npaths: {}"}', '{"body":"{\\"swagger\\":\\"2.0\\"}"}', '{"body":"a: &a [*a]"}') },
      { weight: 1, arbitrary: hostileValue.map((v) => JSON.stringify(v) ?? 'undefined') },
    );
    const contentType = fc.oneof({ weight: 8, arbitrary: fc.constant('application/json') }, { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/xml', 'garbage') });
    return fc.record({ route: fc.constant(route), params, query, body, contentType });
  }

  function pathOf(g: Generated): string {
    return g.route.path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeSegment(g.params[name]!));
  }

  function awsShapeProblem(res: TestResponse): string | undefined {
    if (res.status >= 500) return 'a 5xx';
    if (!res.headers.get('x-amzn-requestid')) return 'no x-amzn-RequestId';
    if (res.status < 400) return undefined;
    if (!res.headers.get('x-amzn-errortype')) return 'no x-amzn-ErrorType';
    try {
      if (typeof (JSON.parse(res.text) as { message?: unknown })?.message !== 'string') return 'no "message" in the body';
    } catch {
      return 'a body that is not JSON';
    }
    return undefined;
  }

  const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
  let before = await dumper.dump();
  const outcomes = { requests: 0, accepted: 0, rejectedWrites: 0 };
  // Deleting a fixture would leave the other routes nothing to fuzz: deletes get at least one hostile id.
  const arbitrary = fc.constantFrom(...ROUTES).chain((route) => request(route).filter((g) => route.method !== 'DELETE' || Object.entries(g.params).some(([n, v]) => !valid[n]!.includes(v))));
  await fc.assert(
    fc.asyncProperty(arbitrary, async (g) => {
      const path = pathOf(g);
      const res = await signedFetch(url, g.route.method, path, { query: g.query, body: g.route.method === 'GET' ? undefined : g.body, contentType: g.contentType });
      outcomes.requests++;
      const what = `${g.route.method} ${path.slice(0, 300)} ${(g.body ?? '').slice(0, 300)}`;
      const problem = awsShapeProblem(res);
      if (problem) throw new Error(`${what} → ${res.status}: ${problem}\n${res.text.slice(0, 500)}`);
      if (res.status < 400) {
        outcomes.accepted++;
        if (WRITE_METHODS.has(g.route.method)) before = await dumper.dump();
        return;
      }
      if (!WRITE_METHODS.has(g.route.method)) return;
      outcomes.rejectedWrites++;
      const after = await dumper.dump();
      if (JSON.stringify(after) !== JSON.stringify(before)) {
        const changed = Object.keys(after).filter((t) => JSON.stringify(after[t]) !== JSON.stringify(before[t]));
        throw new Error(`${what} → ${res.status} ${res.text.slice(0, 200)} changed tables ${changed.join(', ')}`);
      }
    }),
    { seed: SEED, numRuns: 600, endOnFailure: true, includeErrorInReport: false },
  );
  expect(outcomes.rejectedWrites).toBeGreaterThan(200);
  expect(outcomes.accepted).toBeGreaterThan(target.minAccepted);
}
