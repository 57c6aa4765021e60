import { allow, defineAuthorizer, deny, fail, schema, type AuthorizerDecision, type AuthorizerPlugin, type ContextValue, type PolicyDocument } from '@portico/plugin-sdk';
import { buildRequestEvent, buildTokenEvent } from './build-authorizer-event.js';

/** How one function invocation ended; the Lambda runner's `InvokeResult` has this shape. */
export type FunctionOutcome =
  | { readonly kind: 'success'; readonly payload: string }
  | { readonly kind: 'function-error'; readonly error: { readonly errorMessage?: string; readonly errorType?: string } }
  | { readonly kind: 'timeout'; readonly message: string }
  | { readonly kind: 'failed'; readonly message: string };

/** Invokes the function an `authorizerUri` names (stage variables already substituted). Never rejects. */
export type FunctionInvoker = (
  functionUri: string,
  payload: string,
  options: { readonly deadline: number; readonly requestId: string },
) => Promise<FunctionOutcome>;

export const lambdaConfigSchema = schema.object({
  description: 'A Lambda TOKEN or REQUEST authorizer',
  properties: {
    functionUri: schema.string({
      description: "The authorizer's authorizerUri (arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{functionArn}/invocations)",
      minLength: 1,
    }),
  },
  required: ['functionUri'],
});

const CONTEXT_TYPES = new Set(['string', 'number', 'boolean']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads a Lambda authorizer's output (spec §3.4). `principalId` and `policyDocument` are required; `context` must
 * be flat (string, number, boolean values; objects and arrays are refused as AWS does); anything else is a broken
 * authorizer (500, not cached).
 */
export function parseAuthorizerOutput(payload: string): AuthorizerDecision {
  let output: unknown;
  try {
    output = JSON.parse(payload);
  } catch {
    return fail('authorizer output is not JSON');
  }
  if (!isRecord(output)) return fail('authorizer output is not an object');
  const principalId = typeof output.principalId === 'number' ? String(output.principalId) : output.principalId;
  if (typeof principalId !== 'string' || principalId === '') return fail('authorizer output has no principalId');
  const policy = output.policyDocument;
  if (!isRecord(policy) || (!Array.isArray(policy.Statement) && !isRecord(policy.Statement))) return fail('authorizer output has no valid policyDocument');
  let context: Record<string, ContextValue> | undefined;
  if (output.context !== undefined && output.context !== null) {
    if (!isRecord(output.context)) return fail('authorizer context is not an object');
    context = {};
    for (const [key, value] of Object.entries(output.context)) {
      if (!CONTEXT_TYPES.has(typeof value)) return fail(`authorizer context.${key} is not a string, number or boolean`);
      context[key] = value as ContextValue;
    }
  }
  const usageIdentifierKey = output.usageIdentifierKey;
  if (usageIdentifierKey !== undefined && usageIdentifierKey !== null && typeof usageIdentifierKey !== 'string') {
    return fail('authorizer usageIdentifierKey is not a string');
  }
  const statement = Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];
  return allow({
    principalId,
    policyDocument: { ...(policy as object), Statement: statement } as unknown as PolicyDocument,
    ...(context ? { context } : {}),
    ...(typeof usageIdentifierKey === 'string' ? { usageIdentifierKey } : {}),
  });
}

/**
 * Lambda TOKEN and REQUEST authorizers on the plugin SDK: builds AWS's exact event, invokes the function through
 * the Lambda runner the host provides, and maps its answer (spec §3.4): an error whose message is exactly
 * `Unauthorized` → 401; any other error, a timeout or a malformed output → 500; otherwise the returned policy,
 * which the host evaluates against each method ARN.
 */
export function createLambdaAuthorizer(invoke: FunctionInvoker): AuthorizerPlugin<typeof lambdaConfigSchema> {
  return defineAuthorizer({
    name: 'lambda',
    version: '1.0.0',
    sdk: '^1.0.0',
    description: 'AWS Lambda TOKEN and REQUEST authorizers',
    configSchema: lambdaConfigSchema,
    create(config) {
      return {
        async authorize(request, ctx) {
          if (request.type === 'TOKEN' && !request.authorizationToken) return deny(401, 'no token');
          const event = request.type === 'TOKEN' ? buildTokenEvent(request) : buildRequestEvent(request);
          let outcome: FunctionOutcome;
          try {
            outcome = await invoke(config.functionUri, JSON.stringify(event), { deadline: ctx.deadline, requestId: ctx.requestId });
          } catch (error) {
            return fail(`authorizer invocation failed: ${error instanceof Error ? error.message : String(error)}`);
          }
          switch (outcome.kind) {
            case 'success':
              return parseAuthorizerOutput(outcome.payload);
            case 'function-error':
              // AWS's contract: exactly "Unauthorized" means "could not authenticate".
              return outcome.error.errorMessage === 'Unauthorized' ? deny(401, 'authorizer answered Unauthorized') : fail(`authorizer error: ${outcome.error.errorMessage ?? 'unknown'}`);
            case 'timeout':
              return fail(`authorizer timed out: ${outcome.message}`);
            case 'failed':
              return fail(`authorizer could not be invoked: ${outcome.message}`);
          }
        },
      };
    },
  });
}
