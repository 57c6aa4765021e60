import type { IncomingMessage, ServerResponse } from 'node:http';
import { EMPTY_IAM_CONFIG, type ConfigDocument, type DeploymentSnapshot, type MethodSnapshot, type StageConfig } from '@portico/contracts';
import { compileRouter, type Router } from '@portico/engine-routing';
import { OriginPools, type CompiledIntegration, type PoolLease } from '@portico/engine-integrations';
import { compileBinaryMediaTypes, createFunctionRunner, type FunctionRunner } from '@portico/engine-lambda';
import { runAuthorization, StageAuthorizers, type AuthorizationStep } from './authorization-step.js';
import type { RequestTracer } from './request-trace.js';
import { traceAccess, traceGuard, traceIntegration, tracedAuthorization, type RunAuthorization, type UsageGuard } from './traced-steps.js';
import { GatewayResponses } from './gateway-responses.js';
import { StageAccess, type AccessStep, type StageAccessContext } from './iam/access-guard.js';
import { compileClientAddress } from './iam/client-address.js';
import { IamDirectory } from './iam/iam-directory.js';
import { incompleteSignatureMessage } from './incomplete-signature.js';
import { Invocation, type InvocationStage } from './invocation.js';
import { resolveInvokeTarget } from './resolve-invoke-target.js';
import { InvocationRecord } from './invocation-record.js';
import type { CompiledGateway, GatewayOptions } from './types.js';
import { compileUsagePlanTables, MethodGuard, processThrottleStore, type UsagePlanTables } from './usage-plan-guard.js';
import type { ThrottleStore } from '@portico/engine-throttling';
import { compileMethodIntegration } from './lambda/compile-method-integration.js';

const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

const INTERNAL_SERVER_ERROR = '{"message":"Internal server error"}';

/** The stage a request reached: the gateway only ever sets `invocation.stage` to one of its compiled stages. */
const stageOf = (invocation: Invocation): CompiledStage | undefined => invocation.stage as CompiledStage | undefined;

/** Nothing matches: 403 Missing Authentication Token, or AWS's complaint about a non-SigV4 Authorization header. */
function missingAuthenticationToken(responses: GatewayResponses, invocation: Invocation, req: IncomingMessage, res: ServerResponse): void {
  const message = req.headers.authorization === undefined ? undefined : incompleteSignatureMessage(req.headers);
  responses.render(invocation, res, 'MISSING_AUTHENTICATION_TOKEN', message ? { message, errorType: 'IncompleteSignatureException' } : undefined);
}

/** Process-wide pools, so that consecutive configs share connections to the same origins. */
const sharedOriginPools = new OriginPools();

/** Without a runner in the options: the Lambda Invoke API at AWS, created once per process on first use. */
let sharedFunctionRunner: FunctionRunner | undefined;

/**
 * One method's precompiled step plan. Guards come first; only what the method needs is in the plan. A method
 * the data plane cannot serve safely carries a `refusal` and answers 500 API_CONFIGURATION_ERROR.
 */
interface MethodPlan {
  readonly resourceId: string;
  readonly resourcePath: string;
  readonly integration: CompiledIntegration | undefined;
  readonly refusal: string | undefined;
  /** Resource policy, private-API networks and AWS_IAM signatures (iam/access-guard.ts); undefined: none apply. */
  readonly access: AccessStep | undefined;
  /** CUSTOM / COGNITO_USER_POOLS methods: the authorizer to run first (spec §3.4–3.5). */
  readonly authorization: AuthorizationStep | undefined;
  /** How `authorization` runs: `runAuthorization`, or its traced form when the gateway traces. */
  readonly authorize: RunAuthorization;
  /** API key check and throttling/quota (usage plans, stage and account limits). */
  readonly guard: UsageGuard;
}

interface CompiledStage extends InvocationStage {
  readonly router: Router<MethodPlan>;
  readonly responses: GatewayResponses;
  readonly accessLogFormat: string | undefined;
  /** `disableExecuteApiEndpoint`: the execute-api URL forms answer 403 Forbidden. */
  readonly disabled: boolean;
  /** The stage's compiled authorizers (closed with the config revision). */
  readonly authorizers: StageAuthorizers;
}

/**
 * Why a method is refused before its integration runs. Authorization other than NONE is a later issue; serving
 * such a method without its check would expose it, so it answers 500 instead (security). API keys are checked
 * by the method's guard.
 */
function guardRefusal(method: MethodSnapshot): string | undefined {
  // CUSTOM and COGNITO_USER_POOLS run their authorizer step (authorization-step.ts); AWS_IAM its access step.
  if (method.authorizationType !== 'NONE' && method.authorizationType !== 'CUSTOM' && method.authorizationType !== 'COGNITO_USER_POOLS' && method.authorizationType !== 'AWS_IAM') {
    return `authorizationType ${method.authorizationType} is not enforced by this data plane yet`;
  }
  return undefined;
}

function compileStage(
  stage: StageConfig,
  snapshot: DeploymentSnapshot,
  lease: PoolLease,
  maxBodyBytes: number,
  warnings: string[],
  runner: FunctionRunner,
  usage: { tables: UsagePlanTables; store: ThrottleStore },
  opts: GatewayOptions,
  accessContext: StageAccessContext,
): CompiledStage {
  const where = `${stage.restApiId}/${stage.stageName}`;
  const access = new StageAccess(snapshot, stage, accessContext, warnings);
  const authorizers = StageAuthorizers.compile(
    snapshot,
    stage,
    { ...opts.authorizers, runner, now: opts.now, region: opts.region, accountId: opts.accountId },
    warnings,
  );
  const binaryMediaTypes = compileBinaryMediaTypes(snapshot.api.binaryMediaTypes);
  const context = { apiId: stage.restApiId, stageVariables: stage.variables, lease, maxBodyBytes, runner, binaryMediaTypes };
  const routes = snapshot.resources.map((resource) => {
    const methods: Record<string, MethodPlan> = {};
    for (const [verb, method] of Object.entries(resource.resourceMethods)) {
      let refusal = guardRefusal(method);
      let integration: CompiledIntegration | undefined;
      if (!refusal) {
        const compiled = compileMethodIntegration(method, context);
        if (compiled.ok) integration = compiled.integration;
        else refusal = compiled.reason;
      }
      if (refusal) warnings.push(`${where} ${verb} ${resource.path}: refused (${refusal}); it answers 500 API_CONFIGURATION_ERROR`);
      const guard = new MethodGuard(
        {
          apiId: stage.restApiId,
          stageName: stage.stageName,
          resourcePath: resource.path,
          verb,
          apiKeyRequired: method.apiKeyRequired,
          apiKeySource: snapshot.api.apiKeySource,
          methodSettings: stage.methodSettings,
        },
        usage.tables,
        usage.store,
      );
      const authorization = authorizers.step(method);
      if (authorization?.missing) warnings.push(`${where} ${verb} ${resource.path}: ${authorization.broken}; it answers 500 AUTHORIZER_CONFIGURATION_ERROR`);
      const accessStep = access.step(method);
      // Tracing on: the same steps, each wrapped in its span (traced-steps.ts); off: the bare steps.
      methods[verb] = opts.tracer
        ? {
            resourceId: resource.id,
            resourcePath: resource.path,
            integration: integration && traceIntegration(integration),
            refusal,
            access: accessStep && traceAccess(accessStep, method.authorizationType),
            authorization,
            authorize: tracedAuthorization,
            guard: traceGuard(guard),
          }
        : { resourceId: resource.id, resourcePath: resource.path, integration, refusal, access: accessStep, authorization, authorize: runAuthorization, guard };
    }
    return { path: resource.path, methods };
  });
  const responses = GatewayResponses.compile(snapshot.gatewayResponses, stage.variables);
  for (const warning of responses.warnings) warnings.push(`${where}: ${warning}`);
  return {
    apiId: stage.restApiId,
    stageName: stage.stageName,
    deploymentId: stage.deploymentId,
    router: compileRouter(routes),
    responses: responses.renderer,
    accessLogFormat: stage.accessLogSettings?.format || undefined,
    disabled: snapshot.api.disableExecuteApiEndpoint,
    authorizers,
  };
}

/**
 * Compiles a config document into a request handler, off the request path: per stage a route table and per
 * method a step plan. Throws when the document does not compile (a stage pointing at a missing deployment, a
 * malformed resource tree); a single method that cannot be served is refused, reported, and the rest serves.
 */
export function compileGateway(doc: ConfigDocument, opts: GatewayOptions): CompiledGateway {
  const maxBodyBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const lease = (opts.originPools ?? sharedOriginPools).lease();
  const runner = opts.functionRunner ?? (sharedFunctionRunner ??= createFunctionRunner({ region: opts.region, accountId: opts.accountId }));
  const warnings: string[] = [];
  const apis = new Map<string, Map<string, CompiledStage>>();
  const usage = { tables: compileUsagePlanTables(doc, opts.accountId), store: opts.throttle ?? processThrottleStore() };
  const accessContext: StageAccessContext = {
    directory: IamDirectory.compile(doc.iam ?? EMPTY_IAM_CONFIG, opts.region, warnings),
    region: opts.region,
    accountId: opts.accountId,
    maxBodyBytes,
    clockSkewMs: opts.iam?.clockSkewMs ?? 5 * 60_000,
    now: opts.now ?? Date.now,
    clientAddress: compileClientAddress(opts.iam?.trustedProxies ?? []),
  };
  try {
    for (const stage of doc.stages) {
      const snapshot = doc.deployments[stage.deploymentId];
      if (!snapshot) throw new Error(`stage ${stage.restApiId}/${stage.stageName} points at missing deployment ${stage.deploymentId}`);
      if (snapshot.restApiId !== stage.restApiId) {
        throw new Error(`stage ${stage.restApiId}/${stage.stageName} points at a deployment of API ${snapshot.restApiId}`);
      }
      const apiId = stage.restApiId.toLowerCase();
      let stages = apis.get(apiId);
      if (!stages) apis.set(apiId, (stages = new Map()));
      stages.set(stage.stageName, compileStage(stage, snapshot, lease, maxBodyBytes, warnings, runner, usage, opts, accessContext));
    }
  } catch (error) {
    void lease.release();
    throw error;
  }
  // Refused methods are reported once per config; without a logger they still reach stderr.
  const warn = opts.onWarning ?? ((message: string) => console.warn(`portico data plane: ${message}`));
  for (const warning of warnings) warn(warning);
  const gateway = new Gateway(doc.revision, apis, lease, opts, maxBodyBytes, warnings);
  return gateway;
}

class Gateway implements CompiledGateway {
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

  async close(): Promise<void> {
    const authorizers = [...this.apis.values()].flatMap((stages) => [...stages.values()].map((stage) => stage.authorizers.close()));
    await Promise.all([this.lease.release(), ...authorizers]);
  }

  /**
   * Never rejects (`handle` drops the promise): every failure is answered, and the request is recorded. One
   * async function for the whole request, awaiting only what is pending (the integration, and a step that could
   * not decide at once): each further async layer would cost a promise and a microtask per request. With a
   * tracer the request's spans open before it is routed and close once it is answered.
   */
  private async run(req: IncomingMessage, res: ServerResponse, tracer?: RequestTracer): Promise<void> {
    let invocation: Invocation | undefined;
    try {
      invocation = new Invocation(req, this.now, this.opts.accountId);
      if (tracer) invocation.trace = tracer.start(invocation);
      const plan = this.route(invocation, req, res);
      if (plan) {
        const stage = stageOf(invocation) as CompiledStage;
        const path = invocation.stagePath;
        // Resource policy, private-API networks and AWS_IAM signatures (spec §3.2–3.3), before any authorizer runs.
        if (plan.access) {
          let denial = plan.access(invocation, req, path);
          if (denial instanceof Promise) denial = await denial;
          if (denial) return stage.responses.render(invocation, res, denial.type, denial);
        }
        // Authorization (spec §3.4–3.5) before API keys: an AUTHORIZER key source reads the authorizer's usageIdentifierKey.
        if (plan.authorization) {
          let allowed = plan.authorize(plan.authorization, invocation, path, stage.responses, res);
          if (allowed instanceof Promise) allowed = await allowed;
          if (!allowed) return;
        }
        // Usage plans (spec §4): the API key, then a token from every bucket that applies and the key's quota.
        let denial = plan.guard.check(invocation);
        if (denial instanceof Promise) denial = await denial;
        if (denial) return stage.responses.render(invocation, res, denial);
        const outcome = await (plan.integration as CompiledIntegration).invoke(invocation, res);
        invocation.integrationLatencyMs = outcome.integrationLatencyMs;
        invocation.integrationStatus = outcome.integrationStatus;
        if (outcome.kind === 'responded') {
          invocation.status = outcome.status;
          invocation.responseLength = outcome.responseLength;
        } else {
          invocation.integrationError = outcome.error;
          stage.responses.render(invocation, res, outcome.responseType, { statusHint: outcome.statusCode, message: outcome.message });
        }
      }
    } catch (error) {
      this.reportError(error);
      this.answerFailure(invocation, res);
    } finally {
      if (invocation) this.finish(invocation);
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
    this.record(invocation, stageOf(invocation));
  }

  /**
   * A step threw (a bug or broken infrastructure): 500 API_CONFIGURATION_ERROR from the stage the request reached
   * (its customisation applies), else the catalog's. If that answer throws too (a customised header node refuses),
   * a bare 500; a response already started is cut, since its status can no longer change.
   */
  private answerFailure(invocation: Invocation | undefined, res: ServerResponse): void {
    try {
      if (res.headersSent) res.destroy();
      else if (invocation) (stageOf(invocation)?.responses ?? GatewayResponses.defaults).render(invocation, res, 'API_CONFIGURATION_ERROR');
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
   * Resolves the API, stage and method (synchronously): the method's plan when the request reaches one with an
   * integration, else undefined once the gateway response is written. `invocation.stage` is the stage it reached
   * (for the record), `invocation.stagePath` the path below it.
   */
  private route(invocation: Invocation, req: IncomingMessage, res: ServerResponse): MethodPlan | undefined {
    const apiIdHeader = req.headers['x-apigw-api-id'];
    const target = resolveInvokeTarget(req.headers.host, req.url ?? '/', typeof apiIdHeader === 'string' ? apiIdHeader : undefined);
    if (!target) {
      GatewayResponses.defaults.render(invocation, res, 'FORBIDDEN');
      return undefined;
    }
    invocation.rawQuery = target.rawQuery;
    invocation.contextPath = target.contextPath;
    invocation.stagePath = target.path;
    const stages = this.apis.get(target.apiId);
    if (!stages) {
      GatewayResponses.defaults.render(invocation, res, 'FORBIDDEN');
      return undefined;
    }
    invocation.apiId = target.apiId;
    if (target.stage === undefined) {
      missingAuthenticationToken(GatewayResponses.defaults, invocation, req, res);
      return undefined;
    }
    const stage = stages.get(target.stage);
    if (!stage) {
      GatewayResponses.defaults.render(invocation, res, 'FORBIDDEN');
      return undefined;
    }
    invocation.apiId = stage.apiId;
    invocation.stage = stage;
    if (stage.disabled) {
      stage.responses.render(invocation, res, 'FORBIDDEN');
      return undefined;
    }

    // Payload limit: a declared length is checked before anything runs; a chunked body is counted as it streams.
    const declared = req.headers['content-length'];
    if (declared !== undefined) {
      const length = Number(declared);
      if (length > this.maxBodyBytes) {
        stage.responses.render(invocation, res, 'REQUEST_TOO_LARGE');
        return undefined;
      }
      invocation.contentLength = length;
      if (length > 0) invocation.body = req;
    } else if (req.headers['transfer-encoding'] !== undefined) {
      invocation.body = req;
    }

    const override = req.headers['x-http-method-override'];
    if (typeof override === 'string' && override !== '') invocation.httpMethod = override.toUpperCase();

    const match = stage.router.match(invocation.httpMethod, target.path);
    if (!match) {
      missingAuthenticationToken(stage.responses, invocation, req, res);
      return undefined;
    }
    const plan = match.value;
    invocation.resourceId = plan.resourceId;
    invocation.resourcePath = plan.resourcePath;
    invocation.pathParameters = match.pathParameters;
    if (!plan.integration) {
      stage.responses.render(invocation, res, 'API_CONFIGURATION_ERROR');
      return undefined;
    }
    return plan;
  }

  private record(invocation: Invocation, stage: CompiledStage | undefined): void {
    const observe = this.opts.observe;
    if (!observe || (this.opts.observeOnlyAccessLogged && !stage?.accessLogFormat)) return;
    try {
      observe(new InvocationRecord(invocation, stage?.stageName, stage?.accessLogFormat));
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
