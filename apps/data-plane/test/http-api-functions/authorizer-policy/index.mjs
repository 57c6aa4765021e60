// A payload 1.0 Lambda authorizer answering an IAM policy: token "allow" may invoke GET routes only; any
// other token is "Unauthorized" (401).
export const handler = async (event) => {
  if (event.identitySource !== 'allow') throw new Error('Unauthorized');
  const [arn, stage] = event.methodArn.split('/');
  return {
    principalId: 'policy-user',
    policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: `${arn}/${stage}/GET/*` }] },
    context: { version: event.version, type: event.type },
  };
};
