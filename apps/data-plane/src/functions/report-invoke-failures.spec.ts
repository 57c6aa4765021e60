import type { FunctionRunner, FunctionTarget, InvokeResult } from '@portico/engine-lambda';
import type { Logger } from '../logger.js';
import { reportInvokeFailures } from './report-invoke-failures.js';

const target = (functionName: string): FunctionTarget => ({
  functionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
  functionName,
  qualifier: undefined,
  region: 'us-east-1',
  accountId: '123456789012',
});

describe('reportInvokeFailures', () => {
  it('logs the cause once per function per minute and passes every result through', async () => {
    const failed: InvokeResult = { kind: 'failed', status: 502, message: 'Lambda Invoke API request failed: connect ECONNREFUSED', endpoint: 'http://127.0.0.1:1' };
    const inner: FunctionRunner = { invoke: async (t) => (t.functionName === 'ok' ? { kind: 'success', payload: '{}' } : failed), close: async () => undefined };
    const lines: { message: string; fields?: Record<string, unknown> }[] = [];
    const log: Logger = { log: (_level, message, fields) => void lines.push({ message, fields }) };
    let clock = 0;
    const runner = reportInvokeFailures(inner, log, () => clock);
    const options = { deadline: Number.MAX_SAFE_INTEGER, requestId: 'r' };
    for (let i = 0; i < 5; i++) expect(await runner.invoke(target('gone'), '{}', options)).toBe(failed);
    await runner.invoke(target('other'), '{}', options);
    await runner.invoke(target('ok'), '{}', options);
    expect(lines.map((l) => l.fields?.functionName)).toEqual(['gone', 'other']);
    expect(lines[0].fields).toMatchObject({ endpoint: 'http://127.0.0.1:1', status: 502, error: failed.kind === 'failed' ? failed.message : '' });
    clock = 60_000;
    await runner.invoke(target('gone'), '{}', options);
    expect(lines).toHaveLength(3);
    expect(lines[2].fields).toMatchObject({ functionName: 'gone', suppressedSinceLastReport: 4 });
  });
});
