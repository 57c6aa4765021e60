import { invokedFunctionArn, lambdaInvocationUri, parseLambdaUri } from './function-arn.js';

const uri = (fn: string) => `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${fn}/invocations`;

describe('parseLambdaUri', () => {
  it('resolves a function ARN', () => {
    expect(parseLambdaUri(uri('arn:aws:lambda:eu-west-1:123456789012:function:echo'), {})).toEqual({
      ok: true,
      target: { functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:echo', functionName: 'echo', qualifier: undefined, region: 'eu-west-1', accountId: '123456789012' },
    });
  });

  it('resolves aliases and versions', () => {
    const result = parseLambdaUri(uri('arn:aws:lambda:us-east-1:123456789012:function:echo:live'), {});
    expect(result.ok && result.target).toMatchObject({ functionName: 'echo', qualifier: 'live' });
    const version = parseLambdaUri(uri('arn:aws:lambda:us-east-1:123456789012:function:echo:7'), {});
    expect(version.ok && version.target.qualifier).toBe('7');
  });

  it('substitutes stage variables in the function name and alias', () => {
    const result = parseLambdaUri(uri('arn:aws:lambda:us-east-1:123456789012:function:${stageVariables.fn}:${stageVariables.alias}'), { fn: 'greet', alias: 'prod' });
    expect(result.ok && result.target).toMatchObject({ functionName: 'greet', qualifier: 'prod' });
    expect(parseLambdaUri(uri('arn:aws:lambda:us-east-1:123456789012:function:${stageVariables.missing}'), {}).ok).toBe(false);
  });

  it('refuses URIs that do not invoke a function', () => {
    expect(parseLambdaUri('arn:aws:apigateway:us-east-1:s3:path/bucket/key', {}).ok).toBe(false);
    expect(parseLambdaUri(uri('arn:aws:sns:us-east-1:123456789012:topic'), {}).ok).toBe(false);
  });

  it('reports the invoked ARN qualified and complete', () => {
    const result = parseLambdaUri(uri('echo:live'), {});
    if (!result.ok) throw new Error(result.reason);
    expect(invokedFunctionArn(result.target, '000000000000')).toBe('arn:aws:lambda:us-east-1:000000000000:function:echo:live');
  });
});

describe('lambdaInvocationUri', () => {
  it('forms the invocation URI of a bare function ARN and leaves every other URI as given', () => {
    const arn = 'arn:aws:lambda:eu-west-1:123456789012:function:echo:live';
    expect(lambdaInvocationUri(arn, 'us-east-1')).toBe(`arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${arn}/invocations`);
    const invocation = `arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/${arn}/invocations`;
    expect(lambdaInvocationUri(invocation, 'us-east-1')).toBe(invocation);
    expect(lambdaInvocationUri('arn:aws:apigateway:us-east-1:s3:path/b/k', 'us-east-1')).toBe('arn:aws:apigateway:us-east-1:s3:path/b/k');
    // Formed, then parsed: the function keeps its own region.
    const parsed = parseLambdaUri(lambdaInvocationUri(arn, 'us-east-1'), {});
    expect(parsed.ok && parsed.target).toMatchObject({ functionName: 'echo', qualifier: 'live', region: 'eu-west-1' });
  });
});
