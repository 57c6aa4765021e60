import { EMPTY_IAM_CONFIG, type ConfigDocument, type DeploymentSnapshot, type MethodSnapshot, type StageConfig } from '@portico/contracts';
import { StageDeployments } from '@portico/gateway-core';
import { compileRouter } from '@portico/engine-routing';
import { OriginPools, staticVpcLinks, type CompiledIntegration, type PoolLease, type VpcLinkDirectory } from '@portico/engine-integrations';
import { compileBinaryMediaTypes, createFunctionRunner, type FunctionRunner } from '@portico/engine-lambda';
import type { ThrottleStore } from '@portico/engine-throttling';
import { runAuthorization, StageAuthorizers, type AuthorizationStep } from './authorization-step.js';
import { GatewayResponses } from './gateway-responses.js';
import { guardRefusal } from './guard-refusal.js';
import { StageAccess, type StageAccessContext } from './iam/access-guard.js';
import { compileClientAddress } from './iam/client-address.js';
import { IamDirectory } from './iam/iam-directory.js';
import { compileMethodIntegration } from './lambda/compile-method-integration.js';
import { SnapshotValidators, type MethodValidation } from '@portico/engine-validation';
import { requestValidationStep } from './request-validation-step.js';
import { responsePhaseStep } from './response-phase-step.js';
import { decompressRequestStep } from './compression/decompress-request.js';
import { StageCache } from './cache/stage-cache.js';
import { randomBytes } from 'node:crypto';
import type { CompiledDeployment, CompiledStage, MethodPlan } from './method-plan.js';
import { RestGateway } from './rest-gateway.js';
import type { RestStep } from './rest-step.js';
import { traceAccess, traceAuthorization, traceIntegration, traceUsage } from './traced-steps.js';
import type { CompiledGateway, GatewayOptions } from './types.js';
import { compileUsagePlanTables, MethodGuard, processThrottleStore, type UsagePlanTables } from './usage-plan-guard.js';

const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Process-wide pools, so that consecutive configs share connections to the same origins. */
const sharedOriginPools = new OriginPools();

/** Without a runner in the options: the Lambda Invoke API at AWS, created once per process on first use. */
let sharedFunctionRunner: FunctionRunner | undefined;

/** What compiling one deployment for a stage needs from the document and the options (shared by its stages). */
interface DeploymentContext {
  readonly lease: PoolLease;
  readonly maxBodyBytes: number;
  readonly warnings: string[];
  readonly runner: FunctionRunner;
  readonly usage: { readonly tables: UsagePlanTables; readonly store: ThrottleStore };
  readonly opts: GatewayOptions;
  readonly access: StageAccessContext;
  readonly vpcLinks: VpcLinkDirectory;
  readonly stageCache: StageCache;
  readonly stageCacheKey: Buffer;
}

/** Without a stage cache in the options: one in-memory cache per process, shared by every config revision. */
let sharedStageCache: StageCache | undefined;

/**
 * The key of encrypted cache entries: the document's (derived from the control plane's master key, so every
 * replica reads the others' entries); without one (a standalone file) a key of this process only, so its entries
 * in a shared store are unreadable to anyone else.
 */
let processStageCacheKey: Buffer | undefined;

/**
 * A method's plan, in the order the steps run: access (resource policy, private-API network, AWS_IAM SigV4)
 * before any authorizer, so that an explicit Deny costs no Lambda call; the authorizer before the usage plan,
 * because an AUTHORIZER key source reads the authorizer's usageIdentifierKey; then the usage plan (API key, a
 * token from every bucket that applies, the key's quota); then the request validator (required parameters, the
 * body against its model); the integration last. Only what the method needs is in the list. With tracing on each step is compiled wrapped in its span.
 */
function methodSteps(
  method: MethodSnapshot,
  access: StageAccess,
  authorization: AuthorizationStep | undefined,
  guard: MethodGuard,
  validation: MethodValidation | undefined,
  integration: CompiledIntegration,
  traced: boolean,
  maxBodyBytes: number,
  responsePhase: RestStep | undefined,
): RestStep[] {
  const steps: RestStep[] = [];
  const accessStep = access.step(method);
  if (accessStep) steps.push(traced ? traceAccess(accessStep, method.authorizationType) : accessStep);
  if (authorization) {
    const step: RestStep = (invocation) => runAuthorization(authorization, invocation);
    steps.push(traced ? traceAuthorization(step) : step);
  }
  const usage: RestStep = (invocation) => guard.run(invocation);
  steps.push(traced ? traceUsage(usage) : usage);
  // Payloads a mapping template or validator reads are decompressed first; proxy integrations pass them as they came.
  const mapped = method.methodIntegration.type;
  if (mapped === 'HTTP' || mapped === 'MOCK' || mapped === 'AWS') steps.push(decompressRequestStep(maxBodyBytes));
  if (validation) steps.push(requestValidationStep(validation, maxBodyBytes));
  if (responsePhase) steps.push(responsePhase);
  const invoked = traced ? traceIntegration(integration) : integration;
  steps.push((invocation) => invoked.invoke(invocation, invocation.response));
  return steps;
}

/**
 * One deployment compiled for one stage (its variables, method settings and name are part of what the snapshot
 * compiles into: integration URIs, templates, throttles, method ARNs). A canary deployment is compiled the same
 * way, with the canary's deployment id and variables (`compileStage`).
 */
function compileDeployment(stage: StageConfig, snapshot: DeploymentSnapshot, ctx: DeploymentContext, canary: boolean): CompiledDeployment {
  const { opts, warnings, runner, usage } = ctx;
  const where = `${stage.restApiId}/${stage.stageName}`;
  const access = new StageAccess(snapshot, stage, ctx.access, warnings);
  const authorizers = StageAuthorizers.compile(
    snapshot,
    stage,
    { ...opts.authorizers, runner, now: opts.now, region: opts.region, accountId: opts.accountId },
    warnings,
  );
  const binaryMediaTypes = compileBinaryMediaTypes(snapshot.api.binaryMediaTypes);
  const context = { apiId: stage.restApiId, stageVariables: stage.variables, lease: ctx.lease, maxBodyBytes: ctx.maxBodyBytes, vpcLinks: ctx.vpcLinks, runner, binaryMediaTypes };
  const validators = new SnapshotValidators(snapshot);
  const responsePhase = {
    stage,
    snapshot,
    cache: ctx.stageCache,
    encryptionKey: ctx.stageCacheKey,
    region: opts.region,
    accountId: opts.accountId,
    now: opts.now ?? Date.now,
  };
  const routes = snapshot.resources.map((resource) => {
    const methods: Record<string, MethodPlan> = {};
    for (const [verb, method] of Object.entries(resource.resourceMethods)) {
      let refusal = guardRefusal(method);
      let integration: CompiledIntegration | undefined;
      // Models compile once per deployment; one that does not compile refuses its method rather than pass bodies unchecked.
      const validation = validators.compile(method);
      if (!refusal && !validation.ok) refusal = validation.reason;
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
      methods[verb] = {
        resourceId: resource.id,
        resourcePath: resource.path,
        refusal,
        steps: integration
          ? methodSteps(
              method,
              access,
              authorization,
              guard,
              validation.ok ? validation.validation : undefined,
              integration,
              opts.tracer !== undefined,
              ctx.maxBodyBytes,
              responsePhaseStep(responsePhase, resource.id, resource.path, verb, method),
            )
          : undefined,
      };
    }
    return { path: resource.path, methods };
  });
  const responses = GatewayResponses.compile(snapshot.gatewayResponses, stage.variables);
  for (const warning of responses.warnings) warnings.push(`${where}: ${warning}`);
  return {
    apiId: stage.restApiId,
    stageName: stage.stageName,
    deploymentId: stage.deploymentId,
    canary,
    accessLogFormat: stage.accessLogSettings?.format || undefined,
    router: compileRouter(routes),
    responses: responses.renderer,
    disabled: snapshot.api.disableExecuteApiEndpoint,
    authorizers,
  };
}

/**
 * A stage: its settings, and the deployment it serves, plus its canary when it has one. The canary is the canary
 * deployment's snapshot compiled for the same stage with `stageVariableOverrides` over the stage's variables (an
 * override wins, the others keep the stage's value), so a canary request differs from a base one only in which
 * compiled deployment `pick` returns.
 */
function compileStage(stage: StageConfig, snapshot: DeploymentSnapshot, ctx: DeploymentContext, doc: ConfigDocument): CompiledStage {
  const primary = compileDeployment(stage, snapshot, ctx, false);
  const canarySettings = stage.canarySettings;
  if (!canarySettings) return { apiId: stage.restApiId, stageName: stage.stageName, deployments: new StageDeployments(primary) };
  const canarySnapshot = doc.deployments[canarySettings.deploymentId];
  if (!canarySnapshot) throw new Error(`stage ${stage.restApiId}/${stage.stageName} has a canary on missing deployment ${canarySettings.deploymentId}`);
  if (canarySnapshot.restApiId !== stage.restApiId) {
    throw new Error(`stage ${stage.restApiId}/${stage.stageName} has a canary on a deployment of API ${canarySnapshot.restApiId}`);
  }
  const canaryStage: StageConfig = {
    ...stage,
    deploymentId: canarySettings.deploymentId,
    variables: { ...stage.variables, ...canarySettings.stageVariableOverrides },
  };
  const canary = compileDeployment(canaryStage, canarySnapshot, ctx, true);
  return {
    apiId: stage.restApiId,
    stageName: stage.stageName,
    deployments: new StageDeployments(primary, { deployment: canary, percentTraffic: canarySettings.percentTraffic }),
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
  const ctx: DeploymentContext = {
    lease,
    maxBodyBytes,
    warnings,
    runner,
    opts,
    vpcLinks: opts.vpcLinks ?? staticVpcLinks(doc.vpcLinks ?? []),
    usage: { tables: compileUsagePlanTables(doc, opts.accountId, opts.throttleKeys), store: opts.throttle ?? processThrottleStore() },
    stageCache: opts.stageCache ?? (sharedStageCache ??= new StageCache()),
    stageCacheKey: doc.stageCacheKey ? Buffer.from(doc.stageCacheKey, 'base64url') : (processStageCacheKey ??= randomBytes(32)),
    access: {
      directory: IamDirectory.compile(doc.iam ?? EMPTY_IAM_CONFIG, opts.region, warnings),
      region: opts.region,
      accountId: opts.accountId,
      maxBodyBytes,
      clockSkewMs: opts.iam?.clockSkewMs ?? 5 * 60_000,
      now: opts.now ?? Date.now,
      clientAddress: compileClientAddress(opts.iam?.trustedProxies ?? []),
    },
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
      stages.set(stage.stageName, compileStage(stage, snapshot, ctx, doc));
    }
  } catch (error) {
    void lease.release();
    throw error;
  }
  // Refused methods are reported once per config; without a logger they still reach stderr.
  const warn = opts.onWarning ?? ((message: string) => console.warn(`portico data plane: ${message}`));
  for (const warning of warnings) warn(warning);
  return new RestGateway(doc.revision, apis, lease, opts, maxBodyBytes, warnings);
}
