// A WebSocket REQUEST authorizer that names the caller's usage-plan key (`usageIdentifierKey`, the key source of
// `apiKeySelectionExpression: $context.authorizer.usageIdentifierKey`): the `Key` query parameter, allowed as is.
export const handler = async (event) => ({
  principalId: 'keyed-user',
  policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }] },
  usageIdentifierKey: event.queryStringParameters?.Key,
});
