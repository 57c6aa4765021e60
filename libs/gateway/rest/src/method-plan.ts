import type { StageDeployments } from '@portico/gateway-core';
import type { Router } from '@portico/engine-routing';
import type { StageAuthorizers } from './authorization-step.js';
import type { GatewayResponses } from './gateway-responses.js';
import type { InvocationStage } from './invocation.js';
import type { RestStep } from './rest-step.js';

/**
 * One method's precompiled plan: where it sits, and its steps in the order they run (method-steps in
 * compile-gateway.ts). A method the data plane cannot serve safely has no steps, carries a `refusal`, and
 * answers 500 API_CONFIGURATION_ERROR.
 */
export interface MethodPlan {
  readonly resourceId: string;
  readonly resourcePath: string;
  readonly refusal: string | undefined;
  readonly steps: readonly RestStep[] | undefined;
}

/** A stage: its name, and the deployment(s) it serves. */
export interface CompiledStage {
  readonly apiId: string;
  readonly stageName: string;
  readonly deployments: StageDeployments<CompiledDeployment>;
}

/** A deployment compiled for a stage: what a request that reached the stage is routed and answered by. */
export interface CompiledDeployment extends InvocationStage {
  readonly canary: boolean;
  /** The stage's `accessLogSettings.format`, when it has one. */
  readonly accessLogFormat: string | undefined;
  readonly router: Router<MethodPlan>;
  readonly responses: GatewayResponses;
  /** `disableExecuteApiEndpoint`: the execute-api URL forms answer 403 Forbidden. */
  readonly disabled: boolean;
  /** The deployment's compiled authorizers for this stage (closed with the config revision). */
  readonly authorizers: StageAuthorizers;
}
