// Bad input on the VPC link routes (fast-check, fixed seed, SigV4-signed): no 5xx, every refusal AWS-shaped, and a
// refused write changes nothing in the database. (The admin fuzz suite covers the other routes.)
import { CreateVpcLinkCommand } from '@aws-sdk/client-api-gateway';
import fc from 'fast-check';
import { openDatabaseDumper, type DatabaseDumper } from './support/database-dump.js';
import { startTestControlPlane, type TestControlPlane } from './support/test-control-plane.js';

let cp: TestControlPlane;
let dumper: DatabaseDumper;
let linkId: string;

beforeAll(async () => {
  cp = await startTestControlPlane({ adminRequestsPerSecond: 1_000_000 });
  linkId = (await cp.client.send(new CreateVpcLinkCommand({ name: 'fixture', targetArns: ['10.0.0.1:80'] }))).id!;
  dumper = await openDatabaseDumper(cp.database.url);
});

afterAll(async () => {
  await dumper?.close();
  await cp?.close();
});

const hostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom('', ' ', 'a\u0000b', 'x'.repeat(3000), '10.0.0.1:99999', 'host:0', '[::1]:80', 'arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/net/a/b', 'arn:aws:s3:::bucket'),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.string({ maxLength: 30 }), fc.integer(), fc.constant('10.0.0.2:8080')), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 10 }), fc.oneof(fc.string({ maxLength: 10 }), fc.integer()), { maxKeys: 3 }),
);

const createBody = fc.record({ name: hostile, description: hostile, targetArns: hostile, tags: hostile }, { requiredKeys: [] });
const patchBody = fc.record({
  patchOperations: fc.array(fc.record({ op: fc.oneof(fc.constantFrom('replace', 'add', 'remove', 'move'), hostile), path: fc.oneof(fc.constantFrom('/name', '/description', '/targetArns', '/status', '/'), hostile), value: hostile }, { requiredKeys: [] }), { maxLength: 3 }),
});

describe('VPC link routes under bad input', () => {
  it('never answers 5xx, answers AWS-shaped errors, and a refused write changes nothing', async () => {
    const requests = fc.oneof(
      fc.record({ method: fc.constant('POST'), path: fc.constant('/vpclinks'), body: fc.oneof(createBody.map((b) => JSON.stringify(b)), fc.constantFrom('{', '[]', 'null', '"x"')) }),
      fc.record({ method: fc.constant('PATCH'), path: fc.constantFrom(`/vpclinks/${linkId}`, '/vpclinks/nope00', '/vpclinks/%00'), body: fc.oneof(patchBody.map((b) => JSON.stringify(b)), fc.constantFrom('{}', '[]')) }),
      fc.record({ method: fc.constantFrom('GET', 'DELETE'), path: fc.constantFrom('/vpclinks/nope00', '/vpclinks/%00', '/vpclinks/x%2Fy', '/vpclinks?limit=0', '/vpclinks?position=%%'), body: fc.constant('') }),
    );
    let refusedWrites = 0;
    await fc.assert(
      fc.asyncProperty(requests, async ({ method, path, body }) => {
        const before = method === 'GET' ? undefined : await dumper.dump();
        const res = await cp.request(method, path, { body: body === '' ? undefined : body, headers: { 'content-type': 'application/json' } });
        expect(res.status).toBeLessThan(500);
        if (res.status >= 400) {
          expect(res.headers.get('x-amzn-errortype')).toMatch(/^[A-Za-z]+Exception$/);
          expect(typeof (res.json() as { message?: unknown }).message).toBe('string');
          if (before) {
            refusedWrites++;
            expect(await dumper.dump()).toEqual(before);
          }
        }
      }),
      { seed: 20261202, numRuns: 250 },
    );
    expect(refusedWrites).toBeGreaterThan(100);
  });
});
