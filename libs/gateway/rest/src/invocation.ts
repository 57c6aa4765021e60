import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { formatRequestTime, GatewayRequest, type TrailStep } from '@portico/gateway-core';
import type { MethodRequest } from '@portico/engine-integrations';
import type { PolicyEffect } from '@portico/engine-policy';
import { proxyEventAuthorizer, type AuthorizerResult } from './authorizer-result.js';
import type { IamIdentity } from './iam/iam-identity.js';
import type { CompiledPrincipal } from './iam/iam-directory.js';
import type { RequestTrace } from './request-trace.js';

const NO_PARAMETERS: Readonly<Record<string, string>> = Object.freeze({});

/** Stage facts an invocation needs for `$context`, set once the stage is resolved. */
export interface InvocationStage {
  readonly apiId: string;
  readonly stageName: string;
  readonly deploymentId: string;
  /** The stage sent this request to its canary deployment (`$context.isCanaryRequest`). */
  readonly canary?: boolean;
}

/**
 * One REST request's state while it runs through the pipeline: the method request integrations read, and the
 * `$context` variables (computed when asked for, so a request pays only for what its config uses). The
 * protocol-neutral part (ids, timing, client, body, response sink) is `GatewayRequest`'s.
 */
export class Invocation extends GatewayRequest implements MethodRequest {
  rawQuery = '';
  contextPath = '';
  /** The raw request path below the stage (`/pets/1`), as routed; what policies and authorizers match against. */
  stagePath = '';
  /** The custom domain mapping the request came through (`v1/orders`, `""` for `(none)`); undefined on execute-api. */
  basePathMatched: string | undefined = undefined;
  pathParameters: Readonly<Record<string, string>> = NO_PARAMETERS;

  apiId: string | undefined;
  stage: InvocationStage | undefined;
  resourceId: string | undefined;
  resourcePath: string | undefined;
  integrationLatencyMs: number | undefined;
  integrationStatus: number | undefined;
  integrationError: string | undefined;
  errorType: string | undefined;
  errorMessage: string | null | undefined;
  /** Why the request validator refused the request (`$context.error.validationErrorString`). */
  validationErrorString: string | undefined;
  /** The API key value and id once the usage-plan guard accepted them (`$context.identity.apiKey[Id]`). */
  apiKey: string | undefined;
  apiKeyId: string | undefined;
  /** The SigV4-authenticated principal of an AWS_IAM method (`$context.identity.userArn`, …). */
  iamIdentity: IamIdentity | undefined;
  /** That principal with its identity policies (the stage cache checks `execute-api:InvalidateCache` with them). */
  iamPrincipal: CompiledPrincipal | undefined;
  /** The stage cache's verdict for this request (CacheHitCount / CacheMissCount); undefined: not a cached method. */
  cacheResult: 'hit' | 'miss' | undefined;
  /** The resource policy's verdict before a CUSTOM method's authorizer ran (table A ends in the authorizer step). */
  resourcePolicyEffect: PolicyEffect | undefined;
  /** `usageIdentifierKey` from a Lambda authorizer, the key source of APIs with apiKeySource AUTHORIZER. */
  usageIdentifierKey: string | undefined;
  /** The authorizer's answer once it allowed the request (`$context.authorizer.*`, `requestContext.authorizer`). */
  authorizer: AuthorizerResult | undefined;
  /** Why the authorizer refused or failed (`$context.authorizer.error`, for logs). */
  authorizerError: string | undefined;
  /** The authorizer that answered and whether its result was cached (the decision trail). */
  authorizerId: string | undefined;
  authorizerType: string | undefined;
  authorizerCached: boolean | undefined;
  /** The step that answered instead of the integration, and why (set on refusal paths only; decision-trail.ts). */
  trailStep: TrailStep | undefined;
  /** This request's spans; only set when the gateway traces (request-trace.ts). */
  trace: RequestTrace | undefined;
  /** `traceparent`/`tracestate` for the backend, set by the traced integration step; undefined with tracing off. */
  traceHeaders: string[] | undefined;

  private query: Record<string, string | string[] | undefined> | undefined;

  /** `res` is where the answer goes; a test that never answers may leave it out. */
  constructor(
    req: IncomingMessage,
    now: () => number,
    private readonly accountId: string,
    res?: ServerResponse,
  ) {
    super(req, res as ServerResponse, now);
  }

  get traceId(): string {
    // 24 hex digits of the request id (its last 24, dashes skipped): the trace id follows the request id.
    const id = this.requestId;
    return `Root=1-${Math.floor(this.startedAt / 1000).toString(16)}-${id.slice(9, 13)}${id.slice(14, 18)}${id.slice(19, 23)}${id.slice(24)}`;
  }

  queryValues(name: string): readonly string[] | undefined {
    this.query ??= parseQuery(this.rawQuery);
    const value = this.query[name];
    return value === undefined ? undefined : typeof value === 'string' ? [value] : value;
  }

  /** `requestContext.authorizer` for Lambda proxy events. */
  authorizerEventContext(): Record<string, unknown> | undefined {
    return this.authorizer ? proxyEventAuthorizer(this.authorizer) : undefined;
  }

  /** Every query parameter with all its values (authorizer events). */
  multiValueQuery(): Record<string, string[]> {
    this.query ??= parseQuery(this.rawQuery);
    const out: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(this.query)) if (value !== undefined) out[name] = typeof value === 'string' ? [value] : [...value];
    return out;
  }

  /** `$context.<name>` as a string; undefined when unset. */
  contextValue(name: string): string | undefined {
    const value = this.contextVariable(name);
    return value === undefined || value === null ? undefined : String(value);
  }

  /** `$context.<name>` as its value (a number stays a number; `error.message` may be null); undefined when unset. */
  contextVariable(name: string): string | number | null | undefined {
    switch (name) {
      case 'requestId':
      case 'awsEndpointRequestId':
        return this.requestId;
      case 'extendedRequestId':
        return this.extendedRequestId;
      case 'apiId':
        return this.apiId;
      case 'stage':
        return this.stage?.stageName;
      case 'deploymentId':
        return this.stage?.deploymentId;
      case 'accountId':
        return this.accountId;
      case 'resourceId':
        return this.resourceId;
      case 'resourcePath':
        return this.resourcePath;
      case 'httpMethod':
        return this.httpMethod;
      case 'path':
        return this.contextPath;
      case 'protocol':
        return `HTTP/${this.req.httpVersion}`;
      case 'requestTime':
        return formatRequestTime(this.startedAt);
      case 'requestTimeEpoch':
        return this.startedAt;
      case 'domainName':
        return this.headers.host;
      case 'customDomain.basePathMatched':
        return this.basePathMatched;
      case 'domainPrefix': {
        const host = this.headers.host;
        return host === undefined ? undefined : host.split('.')[0];
      }
      case 'identity.sourceIp':
        return this.sourceIp;
      case 'identity.userAgent':
        return this.headers['user-agent'];
      case 'identity.apiKey':
        return this.apiKey;
      case 'identity.apiKeyId':
        return this.apiKeyId;
      case 'identity.accountId':
        return this.iamIdentity?.accountId;
      case 'identity.caller':
        return this.iamIdentity?.caller;
      case 'identity.user':
        return this.iamIdentity?.user;
      case 'identity.userArn':
        return this.iamIdentity?.userArn;
      case 'identity.accessKey':
        return this.iamIdentity?.accessKey;
      case 'isCanaryRequest':
        return this.stage?.canary ? 'true' : 'false';
      case 'status':
        return this.status || undefined;
      case 'responseLength':
        return this.responseLength;
      case 'responseLatency':
        return Math.round(performance.now() - this.startedPerf);
      case 'integrationLatency':
      case 'integration.latency':
        return this.integrationLatencyMs === undefined ? undefined : Math.round(this.integrationLatencyMs);
      case 'integrationStatus':
      case 'integration.integrationStatus':
      case 'integration.status':
        return this.integrationStatus;
      case 'integrationErrorMessage':
      case 'integration.error':
        return this.integrationError;
      case 'error.message':
        return this.errorMessage;
      case 'error.messageString':
        return this.errorMessage === undefined ? undefined : JSON.stringify(this.errorMessage);
      case 'error.responseType':
        return this.errorType;
      case 'error.validationErrorString':
        return this.validationErrorString;
      case 'portico.decision':
        return this.decision();
      default:
        return name.startsWith('authorizer.') ? this.authorizerVariable(name.slice('authorizer.'.length)) : undefined;
    }
  }

  /**
   * The short decision code (`$context.portico.decision`): the refusing step's, else the gateway response type of a
   * gateway-generated answer, else `ALLOWED` (the integration answered).
   */
  decision(): string {
    return this.trailStep?.decision ?? this.errorType ?? 'ALLOWED';
  }

  /** `$context.authorizer.<key>`: principalId, integrationLatency, error, Cognito `claims.<name>`, or a context key. */
  private authorizerVariable(key: string): string | number | undefined {
    if (key === 'error') return this.authorizerError;
    const result = this.authorizer;
    if (!result) return undefined;
    if (key === 'principalId') return result.claims ? result.claims.sub : result.principalId;
    if (key === 'integrationLatency') return result.integrationLatency;
    if (key.startsWith('claims.')) return result.claims?.[key.slice('claims.'.length)];
    // Context values reach templates and mappings as strings (spec §3.4).
    return Object.hasOwn(result.context, key) ? String(result.context[key]) : undefined;
  }

  /**
   * The `$context` record for access logs: flat dotted keys, unset variables left out. Built field by field
   * (no per-name dispatch); `responseLatencyMs` is the latency the record reports.
   */
  contextRecord(responseLatencyMs: number): Record<string, unknown> {
    const record: Record<string, unknown> = {
      requestId: this.requestId,
      awsEndpointRequestId: this.requestId,
      extendedRequestId: this.extendedRequestId,
      accountId: this.accountId,
      httpMethod: this.httpMethod,
      path: this.contextPath,
      protocol: `HTTP/${this.req.httpVersion}`,
      requestTime: formatRequestTime(this.startedAt),
      requestTimeEpoch: this.startedAt,
      'identity.sourceIp': this.sourceIp,
      isCanaryRequest: this.stage?.canary ? 'true' : 'false',
      responseLatency: Math.round(responseLatencyMs),
      'portico.decision': this.decision(),
    };
    const host = this.headers.host;
    if (host !== undefined) {
      record.domainName = host;
      record.domainPrefix = host.split('.')[0];
    }
    if (this.basePathMatched !== undefined) record['customDomain.basePathMatched'] = this.basePathMatched;
    const userAgent = this.headers['user-agent'];
    if (userAgent !== undefined) record['identity.userAgent'] = userAgent;
    if (this.apiKey !== undefined) record['identity.apiKey'] = this.apiKey;
    if (this.apiKeyId !== undefined) record['identity.apiKeyId'] = this.apiKeyId;
    if (this.iamIdentity) {
      record['identity.accountId'] = this.iamIdentity.accountId;
      record['identity.caller'] = this.iamIdentity.caller;
      record['identity.user'] = this.iamIdentity.user;
      record['identity.userArn'] = this.iamIdentity.userArn;
      record['identity.accessKey'] = this.iamIdentity.accessKey;
    }
    if (this.apiId !== undefined) record.apiId = this.apiId;
    if (this.stage) {
      record.stage = this.stage.stageName;
      record.deploymentId = this.stage.deploymentId;
    }
    if (this.resourceId !== undefined) record.resourceId = this.resourceId;
    if (this.resourcePath !== undefined) record.resourcePath = this.resourcePath;
    if (this.status) record.status = this.status;
    if (this.responseLength !== undefined) record.responseLength = this.responseLength;
    if (this.integrationLatencyMs !== undefined) {
      record.integrationLatency = record['integration.latency'] = Math.round(this.integrationLatencyMs);
    }
    if (this.integrationStatus !== undefined) record.integrationStatus = record['integration.status'] = this.integrationStatus;
    if (this.integrationError !== undefined) record.integrationErrorMessage = record['integration.error'] = this.integrationError;
    if (this.errorType !== undefined) {
      record['error.responseType'] = this.errorType;
      record['error.message'] = this.errorMessage;
      record['error.messageString'] = JSON.stringify(this.errorMessage ?? null);
      if (this.validationErrorString !== undefined) record['error.validationErrorString'] = this.validationErrorString;
    }
    return record;
  }
}
