import { defaultProvider } from '@aws-sdk/credential-provider-node';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { FunctionTarget } from './function-arn.js';
import { InvokeApi } from './invoke-api.js';
import { LocalFunctions } from './local-functions.js';
import type { FunctionRunner, InvokeOptions, InvokeResult } from './types.js';

export interface FunctionRunnerOptions {
  /** `PORTICO_FUNCTIONS_DIR`: local functions, looked up first by function name. */
  readonly functionsDir?: string;
  /** `PORTICO_LAMBDA_ENDPOINT`: where the Invoke API lives when a function is not local (default: AWS). */
  readonly lambdaEndpoint?: string;
  readonly region: string;
  readonly accountId: string;
  /** Credentials for the Invoke API; default: the standard AWS chain, resolved on first use. */
  readonly credentials?: AwsCredentialIdentityProvider;
  /** Warm worker threads per local function (its concurrency); default 2. */
  readonly maxWorkersPerFunction?: number;
}

class CompositeFunctionRunner implements FunctionRunner {
  private readonly local: LocalFunctions | undefined;
  private remote: InvokeApi | undefined;

  constructor(private readonly options: FunctionRunnerOptions) {
    this.local = options.functionsDir
      ? new LocalFunctions({
          directory: options.functionsDir,
          region: options.region,
          accountId: options.accountId,
          maxWorkersPerFunction: options.maxWorkersPerFunction,
        })
      : undefined;
  }

  invoke(target: FunctionTarget, payload: string, options: InvokeOptions): Promise<InvokeResult> {
    if (this.local?.has(target.functionName)) return this.local.invoke(target, payload, options);
    // Created on first use: the credential chain is only consulted by deployments that call real functions.
    this.remote ??= new InvokeApi({
      endpoint: this.options.lambdaEndpoint,
      credentials: this.options.credentials ?? defaultProvider(),
    });
    return this.remote.invoke(target, payload, options);
  }

  async close(options?: { readonly abort?: boolean }): Promise<void> {
    await Promise.all([this.local?.close(), this.remote?.close(options?.abort === true)]);
  }
}

/**
 * The process's function runner: a local function of the target's name when `functionsDir` has one, else the
 * Lambda Invoke API. Shared by every config revision (warm workers and connections survive config swaps).
 */
export function createFunctionRunner(options: FunctionRunnerOptions): FunctionRunner {
  return new CompositeFunctionRunner(options);
}
