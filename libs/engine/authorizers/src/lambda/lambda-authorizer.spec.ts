import { buildRequest, buildTokenRequest, conformanceSuite } from '@portico/plugin-sdk/testing';
import { buildRequestEvent } from './build-authorizer-event.js';
import { createLambdaAuthorizer, parseAuthorizerOutput, type FunctionInvoker } from './lambda-authorizer.js';

const policy = { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: '*' }] };

/** A local function that allows the token "Bearer allow" and answers at the deadline at the latest, as the runner does. */
const invoke: FunctionInvoker = (_uri, payload, options) => {
  const event = JSON.parse(payload) as { authorizationToken?: string; headers?: Record<string, string> };
  const token = event.authorizationToken ?? event.headers?.authorization;
  if (token === 'Bearer allow') return Promise.resolve({ kind: 'success', payload: JSON.stringify({ principalId: 'u1', policyDocument: policy }) });
  if (token === 'Bearer conformance') {
    return new Promise((resolve) => setTimeout(() => resolve({ kind: 'timeout', message: 'deadline' }), Math.max(0, options.deadline - Date.now())));
  }
  return Promise.resolve({ kind: 'function-error', error: { errorMessage: 'Unauthorized' } });
};

conformanceSuite(createLambdaAuthorizer(invoke), {
  config: { functionUri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations' },
  allowedRequests: [buildTokenRequest('Bearer allow')],
  deniedRequests: [buildTokenRequest('Bearer nope')],
});

describe('parseAuthorizerOutput', () => {
  it('accepts AWS’s documented output and a single Statement object', () => {
    expect(parseAuthorizerOutput(JSON.stringify({ principalId: 7, policyDocument: { Version: '2012-10-17', Statement: policy.Statement[0] }, context: { a: 'b' }, usageIdentifierKey: 'k' }))).toEqual({
      effect: 'allow',
      principalId: '7',
      policyDocument: { Version: '2012-10-17', Statement: [policy.Statement[0]] },
      context: { a: 'b' },
      usageIdentifierKey: 'k',
    });
  });

  it('fails (500) on anything AWS rejects', () => {
    for (const payload of ['not json', '[]', '{}', '{"principalId":"u"}', JSON.stringify({ principalId: 'u', policyDocument: policy, context: { a: [1] } }), JSON.stringify({ principalId: 'u', policyDocument: policy, usageIdentifierKey: 1 })]) {
      expect(parseAuthorizerOutput(payload).effect).toBe('fail');
    }
  });
});

describe('buildRequestEvent', () => {
  it('keeps the client’s header case and AWS’s key set', () => {
    const event = buildRequestEvent({ ...buildRequest({ headers: { HeaderAuth1: 'v' }, query: { q: ['1', '2'] } }), rawHeaders: ['HeaderAuth1', 'v'] });
    expect(event.headers).toEqual({ HeaderAuth1: 'v' });
    expect(event.multiValueQueryStringParameters).toEqual({ q: ['1', '2'] });
    expect(event.queryStringParameters).toEqual({ q: '2' });
  });
});
