// A Lambda REQUEST authorizer as in AWS's documentation example: it allows when a header, a query parameter and
// a stage variable carry the expected values, and reports which event keys it received.
export const handler = async (event) => {
  const ok =
    event.headers?.HeaderAuth1 === 'headerValue1' &&
    event.queryStringParameters?.QueryString1 === 'queryValue1' &&
    event.stageVariables?.StageVar1 === 'stageValue1';
  if (!ok) throw new Error('Unauthorized');
  const [arn, stage] = event.methodArn.split('/');
  return {
    principalId: 'request-user',
    policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: `${arn}/${stage}/*/*` }] },
    context: { eventKeys: Object.keys(event).sort().join(','), contextKeys: Object.keys(event.requestContext).sort().join(','), type: event.type },
  };
};
