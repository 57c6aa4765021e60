import { Inject, Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { createFunctionRunner, type FunctionRunner } from '@portico/engine-lambda';
import type { ControlPlaneConfig } from '../../config.js';
import { CONTROL_PLANE_CONFIG } from '../../common/tokens.js';

/** Injection token for the function runner TestInvokeAuthorizer invokes Lambda authorizers through. */
export const FUNCTION_RUNNER = Symbol('FunctionRunner');

/**
 * The data plane's runner, configured the same way (PORTICO_FUNCTIONS_DIR first, else the Invoke API at
 * PORTICO_LAMBDA_ENDPOINT): a test invocation runs the function as a request would. Workers start on first use.
 */
export const functionRunnerProvider: Provider = {
  provide: FUNCTION_RUNNER,
  inject: [CONTROL_PLANE_CONFIG],
  useFactory: (config: ControlPlaneConfig): FunctionRunner =>
    createFunctionRunner({ functionsDir: config.functionsDir, lambdaEndpoint: config.lambdaEndpoint, region: config.region, accountId: config.accountId }),
};

/** Stops the runner's worker threads and connections when the app closes. */
@Injectable()
export class FunctionRunnerLifecycle implements OnApplicationShutdown {
  constructor(@Inject(FUNCTION_RUNNER) private readonly runner: FunctionRunner) {}

  async onApplicationShutdown(): Promise<void> {
    await this.runner.close();
  }
}
