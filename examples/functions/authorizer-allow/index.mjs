// A Lambda authorizer (TOKEN or REQUEST) that allows every method of the API and stage it is asked about, with a
// context the integration sees as requestContext.authorizer / $context.authorizer.*.
export const handler = async (event) => {
  // arn:aws:execute-api:{region}:{account}:{api}/{stage}/{verb}/{path}: everything of this API and stage.
  const [arn, stage] = event.methodArn.split('/');
  return {
    principalId: 'user-allow',
    policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: `${arn}/${stage}/*/*` }] },
    context: { type: event.type, tier: 'gold', quota: 3 },
  };
};
