/** A Lambda function as an integration or authorizer URI names it. */
export interface FunctionTarget {
  /** The function ARN as written in the URI (after stage-variable substitution). */
  readonly functionArn: string;
  readonly functionName: string;
  /** Alias or version (`…:function:name:live`); undefined for the unqualified function ($LATEST). */
  readonly qualifier: string | undefined;
  /** Region of the function (from its ARN, else the integration URI's region). */
  readonly region: string;
  /** Account of the function; undefined when the ARN names a bare function. */
  readonly accountId: string | undefined;
}

export type ParseFunctionResult = { readonly ok: true; readonly target: FunctionTarget } | { readonly ok: false; readonly reason: string };

const STAGE_VARIABLE = /\$\{stageVariables\.([A-Za-z0-9_]+)\}/g;

// arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{functionArn}/invocations
const INTEGRATION_URI = /^arn:(aws[a-z-]*):apigateway:([a-z0-9-]+):lambda:path\/2015-03-31\/functions\/(.+)\/invocations$/;
// arn:aws:lambda:{region}:{account}:function:{name}[:{qualifier}]
const FUNCTION_ARN = /^arn:(aws[a-z-]*):lambda:([a-z0-9-]+):(\d{12}):function:([A-Za-z0-9_-]{1,64})(?::([A-Za-z0-9_$-]{1,128}))?$/;
const FUNCTION_NAME = /^([A-Za-z0-9_-]{1,64})(?::([A-Za-z0-9_$-]{1,128}))?$/;

/**
 * Parses a function ARN (or a bare `name[:qualifier]`, which Lambda's Invoke API also accepts). `defaultRegion` is
 * the region of the integration URI, used when the ARN has none.
 */
export function parseFunctionArn(functionArn: string, defaultRegion: string): ParseFunctionResult {
  const arn = FUNCTION_ARN.exec(functionArn);
  if (arn) {
    return {
      ok: true,
      target: { functionArn, functionName: arn[4], qualifier: arn[5], region: arn[2], accountId: arn[3] },
    };
  }
  const bare = FUNCTION_NAME.exec(functionArn);
  if (bare) return { ok: true, target: { functionArn, functionName: bare[1], qualifier: bare[2], region: defaultRegion, accountId: undefined } };
  return { ok: false, reason: `${JSON.stringify(functionArn)} is not a Lambda function ARN` };
}

// arn:aws:lambda:… (a function ARN, as HTTP APIs and WebSocket APIs also take for an integrationUri)
const BARE_FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:/;

/**
 * The invocation URI of an integration URI that names a Lambda function by its bare ARN, which API Gateway v2
 * accepts beside the invocation URI (HTTP APIs document it; WebSocket APIs take it too, as aws-cdk's first
 * WebSocket Lambda integration relied on: aws/aws-cdk#13820). Any other URI is returned as given.
 */
export function lambdaInvocationUri(uri: string, region: string): string {
  return BARE_FUNCTION_ARN.test(uri) ? `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${uri}/invocations` : uri;
}

/**
 * Resolves a Lambda integration URI (spec §2.4) to its function, once per stage: `${stageVariables.x}` is
 * substituted first (a function name or alias may come from the stage, spec §2.8; a missing variable is empty).
 */
export function parseLambdaUri(uri: string, stageVariables: Readonly<Record<string, string>>): ParseFunctionResult {
  const text = uri.replace(STAGE_VARIABLE, (_all, name: string) => stageVariables[name] ?? '');
  const match = INTEGRATION_URI.exec(text);
  if (!match) {
    return {
      ok: false,
      reason: `integration uri ${JSON.stringify(text)} is not a Lambda invocation URI (arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{functionArn}/invocations)`,
    };
  }
  return parseFunctionArn(match[3], match[2]);
}

/** The ARN Lambda reports as `invokedFunctionArn`: the qualified ARN, completed with region and account. */
export function invokedFunctionArn(target: FunctionTarget, accountId: string): string {
  const base = `arn:aws:lambda:${target.region}:${target.accountId ?? accountId}:function:${target.functionName}`;
  return target.qualifier ? `${base}:${target.qualifier}` : base;
}
