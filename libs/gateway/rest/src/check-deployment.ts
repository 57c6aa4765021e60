import type { AuthorizerSnapshot, DeploymentSnapshot, MethodSnapshot } from '@portico/contracts';
import { bindAuthorizer, PluginRegistry } from '@portico/engine-authorizers';
import { OriginPools, VpcLinkTargets, type VpcLinkDirectory } from '@portico/engine-integrations';
import { compileBinaryMediaTypes, type FunctionRunner } from '@portico/engine-lambda';
import { parsePolicy } from '@portico/engine-policy';
import { compileRouter } from '@portico/engine-routing';
import { validateConfig } from '@portico/plugin-sdk';
import { guardRefusal } from './guard-refusal.js';
import { compileMethodIntegration } from './lambda/compile-method-integration.js';

/** What the deploy-time check needs of the control plane. */
export interface DeploymentCheckOptions {
  /**
   * The variables of the stage the deployment goes to (CreateDeployment with a stageName). Undefined without a
   * stage: what depends on stage variables cannot be known yet and is left to the stage that serves it.
   */
  readonly stageVariables?: Readonly<Record<string, string>>;
  /** The authorizer plugins the control plane loaded (PORTICO_PLUGINS), as the data planes load them. */
  readonly registry?: PluginRegistry;
}

/** Compiling never runs a function; the check's runner is never called. */
const NO_RUNNER: FunctionRunner = {
  invoke: () => Promise.reject(new Error('the deployment check never invokes functions')),
  close: () => Promise.resolve(),
};

/**
 * Any link id compiles: the control plane checks a literal connectionId against its links when the integration is
 * written, and a link named through a stage variable is the serving stage's (a data plane refuses one it lacks).
 */
const ANY_VPC_LINK: VpcLinkDirectory = { link: (id) => new VpcLinkTargets(id, []) };

/** Pools the check's compiles lease (undici pools open no connection until a request; released after each check). */
const checkPools = new OriginPools();

const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

const usesStageVariables = (value: unknown): boolean => JSON.stringify(value).includes('stageVariables');

/**
 * The serving compiler run over a snapshot at deploy time, without serving anything: what a data plane would
 * refuse to serve — a resource tree it cannot route, a method it would answer with 500 API_CONFIGURATION_ERROR
 * (an authorization type it does not enforce, an integration that does not compile), a method whose authorizer
 * is missing or does not compile (500 AUTHORIZER_CONFIGURATION_ERROR), a resource policy that does not parse
 * (everyone denied). Nothing is started: no plugin instance is created, no function invoked, no connection made.
 * Empty when the data plane would serve every method.
 */
export function checkDeployment(snapshot: DeploymentSnapshot, options: DeploymentCheckOptions = {}): string[] {
  const problems: string[] = [];
  const staged = options.stageVariables !== undefined;
  const stageVariables = options.stageVariables ?? {};
  const registry = options.registry ?? new PluginRegistry();

  try {
    compileRouter(snapshot.resources.map((resource) => ({ path: resource.path, methods: resource.resourceMethods })));
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
    return problems;
  }

  const authorizers = new Map<string, AuthorizerSnapshot>(snapshot.authorizers.map((a) => [a.id, a]));
  const brokenAuthorizers = new Map<string, string | undefined>();
  const authorizerProblem = (authorizer: AuthorizerSnapshot): string | undefined => {
    if (brokenAuthorizers.has(authorizer.id)) return brokenAuthorizers.get(authorizer.id);
    let problem: string | undefined;
    const bound = bindAuthorizer(authorizer, stageVariables, { registry, invokeFunction: () => Promise.reject(new Error('never invoked')) });
    if (!bound.ok) problem = bound.reason;
    else {
      const validation = validateConfig(bound.binding.plugin.configSchema, bound.binding.config);
      if (!validation.ok) problem = `invalid ${bound.binding.plugin.name} config: ${validation.issues.map((i) => `${i.path || '(root)'} ${i.message}`).join('; ')}`;
    }
    // Settings read from stage variables are checked when a stage is known (the data plane checks them again).
    if (problem !== undefined && !staged && usesStageVariables(authorizer)) problem = undefined;
    brokenAuthorizers.set(authorizer.id, problem);
    return problem;
  };

  const lease = checkPools.lease();
  try {
    const context = {
      apiId: snapshot.restApiId,
      stageVariables,
      lease,
      maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
      vpcLinks: ANY_VPC_LINK,
      runner: NO_RUNNER,
      binaryMediaTypes: compileBinaryMediaTypes(snapshot.api.binaryMediaTypes),
    };
    for (const resource of snapshot.resources) {
      for (const [verb, method] of Object.entries(resource.resourceMethods)) {
        const where = `${verb} ${resource.path}`;
        let refusal = guardRefusal(method);
        if (!refusal) {
          const compiled = compileMethodIntegration(method, context);
          if (!compiled.ok && (staged || !usesStageVariables(method.methodIntegration))) refusal = compiled.reason;
        }
        if (refusal) problems.push(`${where}: ${refusal}`);
        const authorizerIssue = methodAuthorizerProblem(method, authorizers, authorizerProblem);
        if (authorizerIssue) problems.push(`${where}: ${authorizerIssue}`);
      }
    }
  } finally {
    void lease.release();
  }

  const policy = snapshot.api.policy;
  if (policy !== undefined && policy !== '') {
    const parsed = parsePolicy(policy, 'resource');
    if (!parsed.ok) problems.push(`the resource policy does not parse: ${parsed.message}`);
  }
  return problems;
}

function methodAuthorizerProblem(
  method: MethodSnapshot,
  authorizers: ReadonlyMap<string, AuthorizerSnapshot>,
  problemOf: (authorizer: AuthorizerSnapshot) => string | undefined,
): string | undefined {
  if (method.authorizationType !== 'CUSTOM' && method.authorizationType !== 'COGNITO_USER_POOLS') return undefined;
  const authorizer = method.authorizerId === undefined ? undefined : authorizers.get(method.authorizerId);
  if (!authorizer) return `authorizer ${method.authorizerId ?? '(none)'} is not in the deployment`;
  const problem = problemOf(authorizer);
  return problem === undefined ? undefined : `authorizer ${authorizer.id}: ${problem}`;
}
