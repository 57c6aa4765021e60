const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(?::[A-Za-z0-9_$-]{1,128})?$/;
const LAMBDA_INVOCATION_ARN = /^arn:aws[a-z-]*:apigateway:[a-z0-9-]+:lambda:path\/2015-03-31\/functions\/(arn:aws[a-z-]*:lambda:[^/]+)\/invocations$/;

/**
 * Whether `uri` names a Lambda function (its ARN or API Gateway's invocation ARN of it); stage variables allowed.
 * The one check of HTTP and WebSocket APIs' Lambda integration URIs: whatever it takes, the data plane's
 * `parseLambdaUri` (after `lambdaInvocationUri`) compiles.
 */
export function isLambdaUri(uri: string): boolean {
  const plain = uri.replace(/\$\{stageVariables\.[A-Za-z0-9_]+\}/g, 'x');
  const inner = LAMBDA_INVOCATION_ARN.exec(plain)?.[1] ?? plain;
  return LAMBDA_ARN.test(inner);
}
