import type { DecisionTrail, TrailStep } from '@portico/gateway-core';
import type { Invocation } from './invocation.js';

/*
 * The REST pipeline's decision trail (gateway-core decision-trail.ts). The step that answered puts its `TrailStep`
 * on the invocation when it refuses (Refusal.trail, or the router's constants below); the steps that passed
 * before it are read back from what the invocation already holds (principal ARN, authorizer id, API key id), so
 * a request that passes pays nothing for the trail.
 */

export const UNKNOWN_API: TrailStep = { step: 'target', outcome: 'not-found', decision: 'UNKNOWN_API', reason: 'neither the Host nor the path names an API this data plane serves' };
export const MISSING_STAGE: TrailStep = { step: 'target', outcome: 'not-found', decision: 'MISSING_STAGE', reason: 'the path names no stage' };
export const UNKNOWN_STAGE: TrailStep = { step: 'target', outcome: 'not-found', decision: 'UNKNOWN_STAGE', reason: 'the API has no deployed stage of that name' };
export const ENDPOINT_DISABLED: TrailStep = { step: 'target', outcome: 'refused', decision: 'EXECUTE_API_ENDPOINT_DISABLED', reason: 'disableExecuteApiEndpoint is set: only custom domains serve this API' };
export const TOO_LARGE: TrailStep = { step: 'payload', outcome: 'refused', decision: 'REQUEST_TOO_LARGE', reason: 'Content-Length is over the payload limit' };
export const ROUTE_NOT_FOUND: TrailStep = { step: 'route', outcome: 'not-found', decision: 'ROUTE_NOT_FOUND', reason: 'no resource and method of the deployment match the path and verb' };
export const INTERNAL_ERROR: TrailStep = { step: 'gateway', outcome: 'failed', decision: 'INTERNAL_ERROR', reason: 'the pipeline failed (logged on the data plane)' };

export const methodNotServable = (resourcePath: string): TrailStep => ({
  step: 'route',
  outcome: 'matched',
  decision: 'METHOD_NOT_SERVABLE',
  resourcePath,
  reason: 'the method cannot be served safely (see the data plane warning for this revision)',
});

export const integrationFailed = (responseType: string): TrailStep => ({ step: 'integration', outcome: 'failed', decision: responseType, responseType });

/** The step that answered when it left no trail of its own (request validation, other gateway responses). */
function answeringStep(invocation: Invocation): TrailStep {
  const type = invocation.errorType ?? 'UNKNOWN';
  if (type === 'BAD_REQUEST_PARAMETERS' || type === 'BAD_REQUEST_BODY') return { step: 'validation', outcome: 'refused', decision: type, responseType: type };
  return { step: 'gateway', outcome: 'refused', decision: type, responseType: type };
}

/** The trail of a gateway-generated answer, built once it is written. */
export function restDecisionTrail(invocation: Invocation): DecisionTrail {
  const decided = invocation.trailStep ?? answeringStep(invocation);
  const steps: TrailStep[] = [];
  if (invocation.resourcePath !== undefined && decided.step !== 'route') {
    steps.push({ step: 'route', outcome: 'matched', resourcePath: invocation.resourcePath, routeKey: `${invocation.httpMethod} ${invocation.resourcePath}` });
  }
  if (invocation.iamIdentity && decided.step !== 'signature') steps.push({ step: 'signature', outcome: 'passed', principalArn: invocation.iamIdentity.userArn });
  if (invocation.resourcePolicyEffect !== undefined && decided.step !== 'resource-policy') {
    steps.push({ step: 'resource-policy', outcome: 'passed', policy: 'resource', resourcePolicy: invocation.resourcePolicyEffect });
  }
  if (invocation.authorizer && decided.step !== 'authorizer') {
    steps.push({
      step: 'authorizer',
      outcome: 'passed',
      ...(invocation.authorizerId === undefined ? {} : { authorizerId: invocation.authorizerId }),
      ...(invocation.authorizerType === undefined ? {} : { authorizerType: invocation.authorizerType }),
      ...(invocation.authorizerCached === undefined ? {} : { cached: invocation.authorizerCached }),
    });
  }
  if (invocation.apiKeyId !== undefined && decided.step !== 'api-key') steps.push({ step: 'api-key', outcome: 'passed', apiKeyId: invocation.apiKeyId });
  steps.push(decided);
  const url = invocation.req.url ?? '/';
  const q = url.indexOf('?');
  return {
    requestId: invocation.requestId,
    time: new Date(invocation.startedAt).toISOString(),
    apiType: 'REST',
    ...(invocation.apiId === undefined ? {} : { apiId: invocation.apiId }),
    ...(invocation.stage ? { stage: invocation.stage.stageName } : {}),
    httpMethod: invocation.httpMethod,
    // Without the query string: it may carry credentials (presigned SigV4, API keys in custom schemes).
    path: q < 0 ? url : url.slice(0, q),
    status: invocation.status,
    decision: decided.decision ?? invocation.decision(),
    decidedBy: decided.step,
    steps,
  };
}
