import type { IncomingMessage, ServerResponse } from 'node:http';
import { rawHeader, runSteps, type DomainTarget } from '@portico/gateway-core';
import type { PoolLease } from '@portico/engine-integrations';
import * as trail from './decision-trail.js';
import { GatewayResponses } from './gateway-responses.js';
import { incompleteSignatureMessage } from './incomplete-signature.js';
import { Invocation } from './invocation.js';
import { InvocationRecord } from './invocation-record.js';
import type { CompiledDeployment, CompiledStage, MethodPlan } from './method-plan.js';
import type { RequestTracer } from './request-trace.js';
import { resolveInvokeTarget, type InvokeTarget } from './resolve-invoke-target.js';
import type { StepAnswer } from './rest-step.js';
import type { CompiledGateway, GatewayOptions } from './types.js';

const INTERNAL_SERVER_ERROR = '{"message":"Internal server error"}';

/** The deployment a request reached: the gateway only ever sets `invocation.stage` to one of its compiled ones. */
const deploymentOf = (invocation: Invocation): CompiledDeployment | undefined => invocation.stage as CompiledDeployment | undefined;

/** Nothing matches: 403 Missing Authentication Token, or AWS's complaint about a non-SigV4 Authorization header. */
function missingAuthenticationToken(responses: GatewayResponses, invocation: Invocation): void {
  const message = invocation.headers.authorization === undefined ? undefined : incompleteSignatureMessage(invocation.headers);
  responses.render(invocation, invocation.response, 'MISSING_AUTHENTICATION_TOKEN', message ? { message, errorType: 'IncompleteSignatureException' } : undefined);
}

/** A compiled config of REST APIs: routes a request to its method's plan and runs the plan's steps. */
export class RestGateway implements CompiledGateway {
  private readonly now: () => number;

  constructor(
    readonly revision: string,
    private readonly apis: ReadonlyMap<string, ReadonlyMap<string, CompiledStage>>,
    private readonly lease: PoolLease,
    private readonly opts: GatewayOptions,
    private readonly maxBodyBytes: number,
    readonly warnings: readonly string[],
  ) {
    this.now = opts.now ?? Date.now;
    const tracer = opts.tracer;
    this.handle = tracer ? (req, res) => void this.run(req, res, tracer) : (req, res) => void this.run(req, res);
  }

  /** Chosen once per config: with tracing off no tracer is passed, and the steps are the bare ones. */
  readonly handle: (req: IncomingMessage, res: ServerResponse) => void;

  /** A request a custom domain maps to one of this config's REST APIs (resolved by the invoke path); false if not one. */
  serveMapped(target: DomainTarget, req: IncomingMessage, res: ServerResponse): boolean {
    if (!this.apis.has(target.apiId)) return false;
    void this.run(req, res, this.opts.tracer, target);
    return true;
  }

  async close(): Promise<void> {
    const authorizers: Promise<void>[] = [];
    for (const stages of this.apis.values()) {
      for (const stage of stages.values()) for (const deployment of stage.deployments.all()) authorizers.push(deployment.authorizers.close());
    }
    await Promise.all([this.lease.release(), ...authorizers]);
  }

  /**
   * Never rejects (`handle` drops the promise): every failure is answered, and the request is recorded. One
   * async function for the whole request, awaiting only what is pending (the integration, and a step that could
   * not decide at once): each further async layer would cost a promise and a microtask per request. With a
   * tracer the request's spans open before it is routed and close once it is answered.
   */
  private async run(req: IncomingMessage, res: ServerResponse, tracer?: RequestTracer, mapped?: DomainTarget): Promise<void> {
    let invocation: Invocation | undefined;
    try {
      invocation = new Invocation(req, this.now, this.opts.accountId, res);
      if (tracer) invocation.trace = tracer.start(invocation);
      const plan = this.route(invocation, mapped);
      if (plan) {
        // The method's steps in their order (compile-gateway.ts methodSteps): the first answer ends the plan.
        let answer = runSteps(plan, invocation);
        if (answer instanceof Promise) answer = await answer;
        if (answer) this.conclude(invocation, answer);
      }
    } catch (error) {
      this.reportError(error);
      this.answerFailure(invocation, res);
    } finally {
      if (invocation) this.finish(invocation);
    }
  }

  /** A step's answer: the integration's outcome recorded, and every refusal or failure rendered by the stage. */
  private conclude(invocation: Invocation, answer: StepAnswer): void {
    const responses = (deploymentOf(invocation) as CompiledDeployment).responses;
    if (answer.kind === 'refused') {
      if (answer.trail) invocation.trailStep = answer.trail;
      return responses.render(invocation, invocation.response, answer.type, answer);
    }
    invocation.integrationLatencyMs = answer.integrationLatencyMs;
    invocation.integrationStatus = answer.integrationStatus;
    if (answer.kind === 'responded') {
      invocation.status = answer.status;
      invocation.responseLength = answer.responseLength;
    } else {
      invocation.integrationError = answer.error;
      invocation.trailStep = trail.integrationFailed(answer.responseType);
      responses.render(invocation, invocation.response, answer.responseType, { statusHint: answer.statusCode, message: answer.message });
    }
  }

  /** Closes the request's spans (when traced) and records it. */
  private finish(invocation: Invocation): void {
    if (invocation.trace) {
      try {
        invocation.trace.end(invocation);
      } catch (error) {
        this.reportError(error);
      }
    }
    this.record(invocation, deploymentOf(invocation));
    // Gateway-generated answers only (render sets errorType): a passed request records nothing.
    const decisions = this.opts.decisions;
    if (decisions && invocation.errorType !== undefined) {
      try {
        decisions.record(trail.restDecisionTrail(invocation));
      } catch (error) {
        this.reportError(error);
      }
    }
  }

  /**
   * A step threw (a bug or broken infrastructure): 500 API_CONFIGURATION_ERROR from the stage the request reached
   * (its customisation applies), else the catalog's. If that answer throws too (a customised header node refuses),
   * a bare 500; a response already started is cut, since its status can no longer change.
   */
  private answerFailure(invocation: Invocation | undefined, res: ServerResponse): void {
    if (invocation) invocation.trailStep = trail.INTERNAL_ERROR;
    try {
      if (res.headersSent) res.destroy();
      else if (invocation) (deploymentOf(invocation)?.responses ?? GatewayResponses.defaults).render(invocation, invocation.response, 'API_CONFIGURATION_ERROR');
      else res.writeHead(500, { 'content-type': 'application/json' }).end(INTERNAL_SERVER_ERROR);
      return;
    } catch (error) {
      this.reportError(error);
    }
    if (invocation) invocation.status = 500;
    try {
      if (res.headersSent) res.destroy();
      else res.writeHead(500, { 'content-type': 'application/json' }).end(INTERNAL_SERVER_ERROR);
    } catch {
      res.destroy();
    }
  }

  /**
   * Resolves the API, stage and method (synchronously): the method's steps when the request reaches one with an
   * integration, else undefined once the gateway response is written. `invocation.stage` is the deployment it
   * reached on its stage (for the record), `invocation.stagePath` the path below the stage.
   */
  private route(invocation: Invocation, viaDomain: DomainTarget | undefined): MethodPlan['steps'] {
    const req = invocation.req;
    // Headers read from the raw list: a pass-through request then never builds node's header object.
    const raw = invocation.rawHeaders;
    // A custom domain's Host names no API, its mapping does (resolved by the invoke path, libs/gateway/core).
    const target: InvokeTarget | undefined = viaDomain
      ? { apiId: viaDomain.apiId, stage: viaDomain.stage, path: viaDomain.path, rawQuery: viaDomain.rawQuery, contextPath: viaDomain.rawPath === '' ? '/' : viaDomain.rawPath }
      : resolveInvokeTarget(rawHeader(raw, 'host'), req.url ?? '/', rawHeader(raw, 'x-apigw-api-id', false));
    if (viaDomain) invocation.basePathMatched = viaDomain.basePathMatched;
    if (!target) {
      invocation.trailStep = trail.UNKNOWN_API;
      GatewayResponses.defaults.render(invocation, invocation.response, 'FORBIDDEN');
      return undefined;
    }
    invocation.rawQuery = target.rawQuery;
    invocation.contextPath = target.contextPath;
    invocation.stagePath = target.path;
    const stages = this.apis.get(target.apiId);
    if (!stages) {
      invocation.trailStep = trail.UNKNOWN_API;
      GatewayResponses.defaults.render(invocation, invocation.response, 'FORBIDDEN');
      return undefined;
    }
    invocation.apiId = target.apiId;
    if (target.stage === undefined) {
      invocation.trailStep = trail.MISSING_STAGE;
      missingAuthenticationToken(GatewayResponses.defaults, invocation);
      return undefined;
    }
    const stage = stages.get(target.stage);
    if (!stage) {
      invocation.trailStep = trail.UNKNOWN_STAGE;
      GatewayResponses.defaults.render(invocation, invocation.response, 'FORBIDDEN');
      return undefined;
    }
    // Deployment vs stage: the stage picks the deployment this request runs on (its canary's share of requests at
    // random, as AWS draws them; the base deployment otherwise).
    const deployment = stage.deployments.pick();
    invocation.apiId = stage.apiId;
    invocation.stage = deployment;
    // disableExecuteApiEndpoint closes the execute-api URL forms only: custom domains keep serving, as on AWS.
    if (deployment.disabled && viaDomain === undefined) {
      invocation.trailStep = trail.ENDPOINT_DISABLED;
      deployment.responses.render(invocation, invocation.response, 'FORBIDDEN');
      return undefined;
    }

    // Payload limit: a declared length is checked before anything runs; a chunked body is counted as it streams.
    const declared = rawHeader(raw, 'content-length');
    if (declared !== undefined) {
      const length = Number(declared);
      if (length > this.maxBodyBytes) {
        invocation.trailStep = trail.TOO_LARGE;
        deployment.responses.render(invocation, invocation.response, 'REQUEST_TOO_LARGE');
        return undefined;
      }
      invocation.contentLength = length;
      if (length > 0) invocation.body = req;
    } else if (rawHeader(raw, 'transfer-encoding') !== undefined) {
      invocation.body = req;
    }

    const override = rawHeader(raw, 'x-http-method-override', false);
    if (override !== undefined && override !== '') invocation.httpMethod = override.toUpperCase();

    const match = deployment.router.match(invocation.httpMethod, target.path);
    if (!match) {
      invocation.trailStep = trail.ROUTE_NOT_FOUND;
      missingAuthenticationToken(deployment.responses, invocation);
      return undefined;
    }
    const plan = match.value;
    invocation.resourceId = plan.resourceId;
    invocation.resourcePath = plan.resourcePath;
    invocation.pathParameters = match.pathParameters;
    if (!plan.steps) {
      invocation.trailStep = trail.methodNotServable(plan.resourcePath);
      deployment.responses.render(invocation, invocation.response, 'API_CONFIGURATION_ERROR');
      return undefined;
    }
    return plan.steps;
  }

  private record(invocation: Invocation, deployment: CompiledDeployment | undefined): void {
    const observe = this.opts.observe;
    if (!observe || (this.opts.observeOnlyAccessLogged && !deployment?.accessLogFormat)) return;
    try {
      observe(new InvocationRecord(invocation, deployment?.stageName, deployment?.accessLogFormat));
    } catch (error) {
      this.reportError(error);
    }
  }

  private reportError(error: unknown): void {
    try {
      if (this.opts.onError) this.opts.onError(error);
      else console.error('portico data plane: request pipeline error', error);
    } catch {
      // The logger itself failed: the request is answered regardless, and there is nowhere left to report.
    }
  }
}
