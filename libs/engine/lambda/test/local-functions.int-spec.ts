import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFunctionRunner, parseFunctionArn, type FunctionRunner, type FunctionTarget } from '../src/index.js';

const functionsDir = fileURLToPath(new URL('../../../../examples/functions', import.meta.url));

function target(name: string): FunctionTarget {
  const parsed = parseFunctionArn(`arn:aws:lambda:us-east-1:123456789012:function:${name}`, 'us-east-1');
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.target;
}

describe('local functions (worker threads)', () => {
  let runner: FunctionRunner;
  const soon = () => ({ deadline: Date.now() + 20_000, requestId: 'gateway-request' });

  beforeAll(() => {
    runner = createFunctionRunner({ functionsDir, region: 'us-east-1', accountId: '000000000000' });
  });
  afterAll(() => runner.close());

  it('runs an async handler with the Lambda context', async () => {
    const result = await runner.invoke(target('echo'), JSON.stringify({ hello: 'world' }), soon());
    expect(result.kind).toBe('success');
    if (result.kind !== 'success') return;
    const body = JSON.parse(JSON.parse(result.payload).body);
    expect(body.event).toEqual({ hello: 'world' });
    expect(body.context).toMatchObject({
      functionName: 'echo',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:echo',
      memoryLimitInMB: '128',
      logGroupName: '/aws/lambda/echo',
    });
    expect(body.context.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.context.remainingTimeInMillis).toBeGreaterThan(0);
    expect(body.context.remainingTimeInMillis).toBeLessThanOrEqual(3000);
  });

  it('runs a callback-style handler', async () => {
    const result = await runner.invoke(target('callback'), JSON.stringify({}), soon());
    expect(result).toEqual({ kind: 'success', payload: JSON.stringify({ statusCode: 200, body: 'callback ok from callback' }) });
    const failed = await runner.invoke(target('callback'), JSON.stringify({ queryStringParameters: { fail: '1' } }), soon());
    expect(failed).toMatchObject({ kind: 'function-error', error: { errorType: 'Error', errorMessage: 'callback failure' } });
  });

  it('reports an unhandled error as Lambda does: errorType, errorMessage, trace', async () => {
    const result = await runner.invoke(target('error'), JSON.stringify({ what: 'pet 7' }), soon());
    expect(result.kind).toBe('function-error');
    if (result.kind !== 'function-error') return;
    const payload = JSON.parse(result.payload);
    expect(payload).toMatchObject({ errorType: 'NotFoundError', errorMessage: 'Not found: pet 7' });
    expect(payload.trace[0]).toBe('NotFoundError: Not found: pet 7');
  });

  it("stops a function at its own timeout and reports Lambda's message", async () => {
    const result = await runner.invoke(target('timeout'), JSON.stringify({ ms: 60_000 }), soon());
    expect(result.kind).toBe('function-error');
    if (result.kind !== 'function-error') return;
    expect(result.error.errorType).toBe('Sandbox.Timedout');
    expect(result.error.errorMessage).toMatch(/^RequestId: [0-9a-f-]{36} Error: Task timed out after 1\.00 seconds$/);
    // The environment was replaced: the function still runs afterwards.
    const again = await runner.invoke(target('timeout'), JSON.stringify({ ms: 1 }), soon());
    expect(again).toMatchObject({ kind: 'success' });
  });

  it("does not count a cold start's module load against the function's timeout (Lambda's init phase is separate)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portico-slow-init-'));
    mkdirSync(join(dir, 'slow-init'));
    // A module that takes 1.5 s to load, with a 1 s function timeout: the handler itself is instant.
    writeFileSync(join(dir, 'slow-init', 'index.mjs'), 'await new Promise((r) => setTimeout(r, 1500));\nexport const handler = async () => ({ statusCode: 200, body: "warm" });\n');
    writeFileSync(join(dir, 'slow-init', 'function.json'), JSON.stringify({ timeout: 1 }));
    const slow = createFunctionRunner({ functionsDir: dir, region: 'us-east-1', accountId: '000000000000' });
    try {
      const result = await slow.invoke(target('slow-init'), JSON.stringify({}), soon());
      expect(result).toEqual({ kind: 'success', payload: JSON.stringify({ statusCode: 200, body: 'warm' }) });
    } finally {
      await slow.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives up at the caller deadline (the integration timeout)', async () => {
    const result = await runner.invoke(target('timeout'), JSON.stringify({ ms: 60_000 }), { deadline: Date.now() + 100, requestId: 'r' });
    expect(result.kind).toBe('timeout');
  });

  it('refuses a payload that is not JSON as the Invoke API does (the gateway answers 500)', async () => {
    expect(await runner.invoke(target('echo'), 'not json', soon())).toMatchObject({ kind: 'failed', status: 500 });
    expect(await runner.invoke(target('echo'), '{}', soon())).toMatchObject({ kind: 'success' });
  });

  it('reports a function that is not local and whose Invoke API cannot be reached as a failure', async () => {
    const local = createFunctionRunner({
      functionsDir,
      region: 'us-east-1',
      accountId: '000000000000',
      lambdaEndpoint: 'http://127.0.0.1:9',
      credentials: async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }),
    });
    try {
      const result = await local.invoke(target('no-such-function'), '{}', soon());
      expect(result.kind).toBe('failed');
    } finally {
      await local.close();
    }
  });

  it('keeps workers warm: module state survives between invocations', async () => {
    await runner.invoke(target('echo'), '{}', soon());
    const second = await runner.invoke(target('echo'), '{}', soon());
    expect(second.kind === 'success' && JSON.parse(JSON.parse(second.payload).body).coldStart).toBe(false);
  });
});
