// Returns the event it received (AWS_PROXY) and the Lambda context facts, so tests and users can see both.
// Module state lives as long as the warm execution environment: `coldStart` is true once per environment.
let coldStart = true;

export const handler = async (event, context) => {
  const cold = coldStart;
  coldStart = false;
  return {
    statusCode: 200,
    headers: { 'Content-Type': 'application/json', 'X-Function': context.functionName },
    multiValueHeaders: { 'X-Multi': ['one', 'two'] },
    body: JSON.stringify({
      event,
      context: {
        awsRequestId: context.awsRequestId,
        functionName: context.functionName,
        functionVersion: context.functionVersion,
        invokedFunctionArn: context.invokedFunctionArn,
        memoryLimitInMB: context.memoryLimitInMB,
        logGroupName: context.logGroupName,
        remainingTimeInMillis: context.getRemainingTimeInMillis(),
      },
      coldStart: cold,
    }),
  };
};
