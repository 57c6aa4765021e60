// A WebSocket REQUEST authorizer keyed by the `Auth` header: allow (the exact methodArn, with a context),
// wildcard (`…/{stage}/*/*`, which does not match `$connect`), deny, or anything else → Unauthorized.
export const handler = async (event) => {
  const auth = event.headers.Auth ?? event.headers.auth;
  const [arn, stage] = event.methodArn.split('/');
  const policy = (effect, resource) => ({ Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }] });
  if (auth === 'allow') return { principalId: 'user-1', policyDocument: policy('Allow', event.methodArn), context: { tier: 'gold', n: 1 } };
  if (auth === 'wildcard') return { principalId: 'user-1', policyDocument: policy('Allow', `${arn}/${stage}/*/*`) };
  if (auth === 'deny') return { principalId: 'user-1', policyDocument: policy('Deny', event.methodArn) };
  throw new Error('Unauthorized');
};
