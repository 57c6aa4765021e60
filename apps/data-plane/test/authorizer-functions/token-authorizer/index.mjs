// A Lambda TOKEN authorizer in the style of AWS's blueprint: the token decides the outcome, so tests can drive
// every branch (allow, deny, "Unauthorized", a crash, a malformed answer, a policy scoped to GET only).
const policy = (principalId, effect, resource, extra = {}) => ({
  principalId,
  policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }] },
  ...extra,
});

export const handler = async (event) => {
  // arn:aws:execute-api:{region}:{account}:{api}/{stage}/{verb}/{path}: everything of this API and stage.
  const [arn, stage] = event.methodArn.split('/');
  const everything = `${arn}/${stage}/*/*`;
  switch (event.authorizationToken) {
    case 'Bearer allow':
      return policy('user-allow', 'Allow', everything, { context: { tier: 'gold', quota: 3, admin: true }, usageIdentifierKey: 'authorizer-issued-key-0001' });
    case 'Bearer get-only':
      return policy('user-get', 'Allow', `${arn}/${stage}/GET/*`);
    case 'Bearer deny':
      return policy('user-deny', 'Deny', everything);
    case 'Bearer malformed':
      return { principalId: 'no-policy' };
    case 'Bearer crash':
      throw new Error('database connection refused');
    default:
      throw new Error('Unauthorized');
  }
};
