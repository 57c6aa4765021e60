import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import type { Context } from 'aws-lambda';
import { runTypedHandler } from '../test/fixtures/typed-handler.js';
import { sampleRequest } from './proxy-event.spec.js';

const fixture = fileURLToPath(new URL('../test/fixtures/typed-handler.ts', import.meta.url));

describe('@types/aws-lambda handlers and Portico events', () => {
  it('a handler typed APIGatewayProxyHandler type-checks against buildProxyEvent (strict)', () => {
    const program = ts.createProgram([fixture], {
      strict: true,
      noEmit: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      types: ['node'],
      skipLibCheck: true,
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);
  });

  it('runs on a Portico event and its result passes the proxy response validator', async () => {
    const context = { functionName: 'typed', awsRequestId: 'id', getRemainingTimeInMillis: () => 1000 } as unknown as Context;
    const result = await runTypedHandler(sampleRequest(), context);
    if (!result.ok) throw new Error(result.reason);
    expect(JSON.parse(result.response.body.toString())).toEqual({
      path: '/hello/world',
      method: 'POST',
      sourceIp: '192.168.196.186',
      query: 'me',
      proxy: 'hello/world',
      stage: 'testStage',
      epoch: 1589522469693,
    });
  });
});
