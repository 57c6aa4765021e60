import { parseLambdaUri } from './function-arn.js';
import type { FunctionRunner, InvokeOptions, InvokeResult } from './types.js';

/**
 * Invokes the function a Lambda authorizer's `authorizerUri` names (stage variables already substituted) through
 * the process's runner: what `@portico/engine-authorizers` expects as its `invokeFunction`. The data plane and the
 * control plane's TestInvokeAuthorizer share it, so a test runs the function exactly as a request would.
 */
export function functionUriInvoker(runner: FunctionRunner): (uri: string, payload: string, options: InvokeOptions) => Promise<InvokeResult> {
  return async (uri, payload, options) => {
    const parsed = parseLambdaUri(uri, {});
    if (!parsed.ok) return { kind: 'failed', status: 500, message: parsed.reason };
    return runner.invoke(parsed.target, payload, options);
  };
}
