import type { IncomingMessage } from 'node:http';
import type { DeploymentSnapshot, MethodSnapshot, StageConfig } from '@portico/contracts';
import {
  authorize,
  compilePolicy,
  conditionContext,
  EMPTY_CONTEXT,
  maskAccountInArn,
  methodArn,
  parsePolicy,
  timeKeys,
  type Caller,
  type CompiledPolicy,
  type EvaluationRequest,
  type ExecuteApiScope,
  type PolicyEffect,
} from '@portico/engine-policy';
import type { TrailStep } from '@portico/gateway-core';
import { verifySignature, type VerifyErrorType, type VerifyOptions } from '@portico/engine-sigv4';
import type { Invocation } from '../invocation.js';
import { refusal, type GatewayAnswer, type Refusal } from '../refusal.js';
import { bufferBody } from './buffer-body.js';
import type { CompiledPrincipal, IamCredential, IamDirectory, NetworkSource } from './iam-directory.js';

/** Data-plane IAM settings (from the app's environment). */
export interface IamGatewayOptions {
  /** SigV4 clock window for AWS_IAM methods; default 5 minutes (API Gateway's). */
  clockSkewMs?: number;
  /** Addresses/CIDRs of proxies in front of the data plane whose X-Forwarded-For is believed. */
  trustedProxies?: readonly string[];
}

/** A refusal, rendered as the stage's gateway response of that type. */
export type AccessDenial = Refusal;

/**
 * Runs before the authorizer, API key and integration: private-API network, SigV4, policies. Synchronous unless
 * the method is AWS_IAM (the signature covers the body, which is read first).
 */
export type AccessStep = (invocation: Invocation) => AccessDenial | undefined | Promise<AccessDenial | undefined>;

export interface StageAccessContext {
  readonly directory: IamDirectory;
  readonly region: string;
  readonly accountId: string;
  readonly maxBodyBytes: number;
  readonly clockSkewMs: number;
  readonly now: () => number;
  readonly clientAddress: (peer: string, forwardedFor: string | string[] | undefined) => string;
}

const ACTION = 'execute-api:Invoke';

/**
 * How the resource policy combines with the method's authorization (spec §3.3): `table` (NONE and AWS_IAM, tables
 * A/B), `deny-only` (CUSTOM, before the authorizer), `must-allow` (COGNITO_USER_POOLS).
 */
type ResourcePolicyMode = 'table' | 'deny-only' | 'must-allow';

/** The SigV4 verifier's failures as gateway responses (sigv4 README): each keeps AWS's errorType and text. */
const SIGNATURE_FAILURES: Record<VerifyErrorType, GatewayAnswer> = {
  MissingAuthenticationTokenException: 'MISSING_AUTHENTICATION_TOKEN',
  IncompleteSignatureException: 'INVALID_SIGNATURE',
  InvalidSignatureException: 'INVALID_SIGNATURE',
  UnrecognizedClientException: 'INVALID_SIGNATURE',
};

/** The SigV4 verifier's failures as decision codes (the decision trail). */
const SIGNATURE_DECISIONS: Record<VerifyErrorType, string> = {
  MissingAuthenticationTokenException: 'SIGNATURE_MISSING',
  IncompleteSignatureException: 'SIGNATURE_INCOMPLETE',
  InvalidSignatureException: 'SIGNATURE_INVALID',
  UnrecognizedClientException: 'SIGNATURE_UNKNOWN_ACCESS_KEY',
};

const FORBIDDEN = refusal('FORBIDDEN', {
  trail: { step: 'network', outcome: 'refused', decision: 'PRIVATE_API_NETWORK_DENY', reason: 'the client address is in no VPC endpoint this private API admits' },
});
const TOO_LARGE = refusal('REQUEST_TOO_LARGE', { trail: { step: 'payload', outcome: 'refused', decision: 'REQUEST_TOO_LARGE', reason: 'the body is over the payload limit' } });

/**
 * A stage's access rules, compiled once per config revision (spec §3.2–3.3, §1.6): the API's resource policy
 * (with `execute-api:/…` expanded), whether it is PRIVATE and through which VPC endpoints, and per method the
 * step that enforces them with the method's authorization type.
 */
export class StageAccess {
  private readonly scope: ExecuteApiScope;
  private readonly resourcePolicy: CompiledPolicy | undefined;
  private readonly brokenPolicy: boolean;
  private readonly isPrivate: boolean;
  private readonly endpointIds: ReadonlySet<string>;
  private readonly verifyOptions: VerifyOptions;

  constructor(
    snapshot: DeploymentSnapshot,
    private readonly stage: StageConfig,
    private readonly ctx: StageAccessContext,
    warnings: string[],
  ) {
    this.scope = { region: ctx.region, accountId: ctx.accountId, apiId: stage.restApiId };
    this.verifyOptions = { service: 'execute-api', region: ctx.region, clockSkewMs: ctx.clockSkewMs, now: ctx.now, lookup: ctx.directory.lookup };
    const policy = snapshot.api.policy;
    let compiled: CompiledPolicy | undefined;
    let broken = false;
    if (policy !== undefined && policy !== '') {
      const parsed = parsePolicy(policy, 'resource');
      if (parsed.ok) compiled = compilePolicy(parsed.policy, { executeApi: this.scope });
      else {
        // Security: fail closed. A policy that does not parse cannot say who is allowed, so nobody is.
        broken = true;
        warnings.push(`${stage.restApiId}/${stage.stageName}: resource policy does not parse (${parsed.message}); every request is denied`);
      }
    }
    this.resourcePolicy = compiled;
    this.brokenPolicy = broken;
    this.isPrivate = snapshot.api.endpointConfiguration.types.includes('PRIVATE');
    this.endpointIds = new Set(snapshot.api.endpointConfiguration.vpcEndpointIds ?? []);
  }

  /** The method's access step; undefined when the method has nothing to check (no cost on the request path). */
  step(method: MethodSnapshot): AccessStep | undefined {
    const iam = method.authorizationType === 'AWS_IAM';
    if (!iam && !this.resourcePolicy && !this.isPrivate && !this.brokenPolicy) return undefined;
    // CUSTOM: the pre-authorization pass (an explicit Deny refuses before the Lambda authorizer runs; the rest of
    // table A is the authorizer step's). COGNITO_USER_POOLS: the resource policy alone must explicitly Allow.
    const mode: ResourcePolicyMode = method.authorizationType === 'CUSTOM' ? 'deny-only' : method.authorizationType === 'COGNITO_USER_POOLS' ? 'must-allow' : 'table';
    // The path below the stage (`invocation.stagePath`) is what the method ARN names.
    return (invocation) => this.check(invocation, invocation.req, invocation.stagePath, iam, mode);
  }

  private check(invocation: Invocation, req: IncomingMessage, path: string, iam: boolean, mode: ResourcePolicyMode): AccessDenial | undefined | Promise<AccessDenial | undefined> {
    const clientIp = this.ctx.clientAddress(invocation.sourceIp, req.headers['x-forwarded-for']);

    // Private APIs answer only requests arriving through one of their VPC endpoints' networks.
    let network: NetworkSource | undefined;
    if (this.isPrivate) {
      network = this.ctx.directory.networkOf(clientIp);
      if (!network || (this.endpointIds.size > 0 && !this.endpointIds.has(network.vpceId))) return FORBIDDEN;
    }
    if (!iam) return this.evaluate(invocation, req, path, mode, clientIp, network, undefined);
    // HTTP/1.1: a request with neither Content-Length nor Transfer-Encoding has no body; it is verified at once,
    // without buffering an empty stream or a promise.
    if (!invocation.body || !hasBody(req)) return this.admit(invocation, req, path, mode, clientIp, network, this.authenticate(req, undefined));
    return bufferBody(invocation.body, this.ctx.maxBodyBytes).then((buffered) => {
      if (!buffered) return TOO_LARGE;
      invocation.body = buffered.replay;
      return this.admit(invocation, req, path, mode, clientIp, network, this.authenticate(req, buffered.bytes));
    });
  }

  /** Records the SigV4 caller's identity and asks the policies; a failed authentication is the answer itself. */
  private admit(
    invocation: Invocation,
    req: IncomingMessage,
    path: string,
    mode: ResourcePolicyMode,
    clientIp: string,
    network: NetworkSource | undefined,
    authenticated: AccessDenial | { credential: IamCredential; accessKeyId: string },
  ): AccessDenial | undefined {
    if ('kind' in authenticated) return authenticated;
    const principal = authenticated.credential.principal;
    const caller = principal.caller;
    invocation.iamIdentity = { accountId: caller.accountId, caller: caller.userId, user: caller.userId, userArn: caller.arn, accessKey: authenticated.accessKeyId };
    invocation.iamPrincipal = principal;
    return this.evaluate(invocation, req, path, mode, clientIp, network, principal);
  }

  /** The policies' verdict (spec §3.3); `principal` is the SigV4-authenticated caller of an AWS_IAM method. */
  private evaluate(
    invocation: Invocation,
    req: IncomingMessage,
    path: string,
    mode: ResourcePolicyMode,
    clientIp: string,
    network: NetworkSource | undefined,
    principal: CompiledPrincipal | undefined,
  ): AccessDenial | undefined {
    const iam = principal !== undefined;
    const caller: Caller | undefined = principal?.caller;
    const identityPolicies: readonly CompiledPolicy[] = principal?.policies ?? [];
    const identityUsesContext = principal?.usesContext ?? false;

    const resource = methodArn(this.scope, this.stage.stageName, invocation.httpMethod, path === '' ? '/' : path);
    if (this.brokenPolicy) return accessDenied(caller, resource, true, BROKEN_POLICY);
    // A private API without a resource policy admits nobody (AWS: "or every call is denied").
    if (this.isPrivate && !this.resourcePolicy) return accessDenied(caller, resource, false, PRIVATE_WITHOUT_POLICY);
    if (!iam && !this.resourcePolicy) return undefined;

    // The request context is built only when some policy reads it (conditions, variables): most do not.
    const needsContext = identityUsesContext || (this.resourcePolicy?.usesContext ?? false);
    const context = needsContext
      ? conditionContext(caller, {
          ...this.timeKeys(),
          'aws:SourceIp': clientIp,
          'aws:SecureTransport': invocation.protocol === 'https' ? 'true' : 'false',
          'aws:UserAgent': header(req, 'user-agent'),
          'aws:Referer': header(req, 'referer'),
          'aws:SourceVpc': network?.vpcId,
          'aws:SourceVpce': network?.vpceId,
        })
      : EMPTY_CONTEXT;
    const request = { caller, action: ACTION, resource, context };

    if (mode === 'deny-only') {
      const effect = this.resourcePolicy?.evaluate(request);
      // The rest of table A runs after the authorizer (authorization-step.ts): an Allow here admits a request the
      // authorizer's policy is silent on.
      invocation.resourcePolicyEffect = effect;
      return effect === 'Deny' ? accessDenied(caller, resource, true, this.resourceTrail(request, 'Deny')) : undefined;
    }
    if (mode === 'must-allow') {
      const effect = this.resourcePolicy?.evaluate(request);
      if (effect === undefined || effect === 'Allow') return undefined;
      return accessDenied(caller, resource, effect === 'Deny', effect === 'Deny' ? this.resourceTrail(request, 'Deny') : RESOURCE_POLICY_NO_ALLOW);
    }
    const result = authorize({ request, identityPolicies, resourcePolicy: this.resourcePolicy, resourceAccountId: this.ctx.accountId });
    if (result.decision.allowed) return undefined;
    return accessDenied(caller, resource, result.decision.explicitDeny, this.tableTrail(request, identityPolicies, result.identity, result.resource));
  }

  /**
   * Why the policies refused (the decision trail), found again after the decision: refusals only, never the
   * hot path. An explicit Deny names its statement (`Sid`, else its index); an implicit deny each side's verdict.
   */
  private tableTrail(request: EvaluationRequest, identityPolicies: readonly CompiledPolicy[], identity: PolicyEffect, resource: PolicyEffect | undefined): TrailStep {
    const principalArn = request.caller?.arn;
    if (identity === 'Deny') {
      for (let i = 0; i < identityPolicies.length; i++) {
        const statement = identityPolicies[i].matchingStatement(request, 'Deny');
        if (statement) {
          return { step: 'identity-policy', outcome: 'refused', decision: 'IDENTITY_POLICY_DENY', policy: 'identity', policyIndex: i, statementIndex: statement.index, ...(statement.sid === undefined ? {} : { statementSid: statement.sid }), principalArn };
        }
      }
      return { step: 'identity-policy', outcome: 'refused', decision: 'IDENTITY_POLICY_DENY', policy: 'identity', principalArn };
    }
    if (resource === 'Deny') return { ...this.resourceTrail(request, 'Deny'), ...(principalArn === undefined ? {} : { principalArn }) };
    const verdicts = { identityPolicy: request.caller ? identity : undefined, resourcePolicy: resource ?? 'none' };
    if (!request.caller) return { step: 'resource-policy', outcome: 'refused', decision: 'RESOURCE_POLICY_NO_ALLOW', policy: 'resource', ...verdicts, reason: 'no statement of the resource policy allows this request' };
    if (request.caller.accountId !== this.ctx.accountId) {
      return { step: 'resource-policy', outcome: 'refused', decision: 'CROSS_ACCOUNT_NO_ALLOW', policy: 'resource', principalArn, ...verdicts, reason: 'a caller of another account needs an Allow from both its identity policies and the resource policy' };
    }
    return { step: 'identity-policy', outcome: 'refused', decision: 'IAM_NO_ALLOW', policy: 'identity', principalArn, ...verdicts, reason: 'neither the identity policies nor the resource policy allow this request' };
  }

  private resourceTrail(request: EvaluationRequest, effect: 'Allow' | 'Deny'): TrailStep {
    const statement = this.resourcePolicy?.matchingStatement(request, effect);
    return {
      step: 'resource-policy',
      outcome: 'refused',
      decision: 'RESOURCE_POLICY_DENY',
      policy: 'resource',
      ...(statement ? { statementIndex: statement.index } : {}),
      ...(statement?.sid === undefined ? {} : { statementSid: statement.sid }),
    };
  }

  private cachedSecond = -1;
  private cachedTimeKeys: ReturnType<typeof timeKeys> | undefined;

  /** aws:CurrentTime / aws:EpochTime, formatted once per second. */
  private timeKeys(): ReturnType<typeof timeKeys> {
    const now = this.ctx.now();
    const second = Math.floor(now / 1000);
    if (second !== this.cachedSecond || !this.cachedTimeKeys) {
      this.cachedSecond = second;
      this.cachedTimeKeys = timeKeys(now);
    }
    return this.cachedTimeKeys;
  }

  private authenticate(req: IncomingMessage, body: Buffer | undefined): AccessDenial | { credential: IamCredential; accessKeyId: string } {
    const result = verifySignature(
      { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body },
      this.verifyOptions,
    );
    if (!result.ok) {
      return refusal(SIGNATURE_FAILURES[result.errorType], {
        errorType: result.errorType,
        message: result.message,
        trail: { step: 'signature', outcome: 'refused', decision: SIGNATURE_DECISIONS[result.errorType] },
      });
    }
    const credential = result.credential as IamCredential;
    if (credential.expiresAt !== undefined && credential.expiresAt <= this.ctx.now()) {
      return refusal('EXPIRED_TOKEN', {
        errorType: 'ExpiredTokenException',
        message: 'The security token included in the request is expired',
        trail: { step: 'signature', outcome: 'refused', decision: 'TOKEN_EXPIRED', principalArn: credential.principal.caller.arn },
      });
    }
    return { credential, accessKeyId: result.accessKeyId };
  }
}

const BROKEN_POLICY: TrailStep = { step: 'resource-policy', outcome: 'refused', decision: 'RESOURCE_POLICY_INVALID', policy: 'resource', reason: 'the resource policy does not parse: every request is denied' };
const PRIVATE_WITHOUT_POLICY: TrailStep = { step: 'resource-policy', outcome: 'refused', decision: 'PRIVATE_API_NO_RESOURCE_POLICY', policy: 'resource', reason: 'a private API without a resource policy admits nobody' };
const RESOURCE_POLICY_NO_ALLOW: TrailStep = { step: 'resource-policy', outcome: 'refused', decision: 'RESOURCE_POLICY_NO_ALLOW', policy: 'resource', reason: 'this authorization type needs an explicit Allow of the resource policy' };

function accessDenied(caller: Caller | undefined, resource: string, explicitDeny: boolean, trail: TrailStep): AccessDenial {
  return {
    kind: 'refused',
    type: 'ACCESS_DENIED',
    errorType: 'AccessDeniedException',
    message: `User: ${caller?.arn ?? 'anonymous'} is not authorized to perform: ${ACTION} on resource: ${maskAccountInArn(resource)}${explicitDeny ? ' with an explicit deny' : ''}`,
    trail,
  };
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}
