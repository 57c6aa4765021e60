// A Lambda authorizer whose policy explicitly denies the method it is asked about: the client gets 403.
export const handler = async (event) => ({
  principalId: 'user-deny',
  policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Deny', Resource: event.methodArn }] },
});
