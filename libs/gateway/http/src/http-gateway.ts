import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PoolLease, VpcLinkDirectory } from '@portico/engine-integrations';
import { functionUriInvoker, type FunctionRunner } from '@portico/engine-lambda';
import type { BucketSpec, ThrottleKeys, ThrottleRequest, ThrottleStore } from '@portico/engine-throttling';
import { CompiledCors } from './cors.js';
import type { HttpApiSnapshot, HttpAuthorizerSnapshot, HttpRouteSnapshot as HttpRoute, RouteSettings } from '@portico/contracts';
import { bufferBody, compileRouteIntegration, type HttpIntegrationOutcome, type IntegrationCall, type RouteIntegration } from './http-integration.js';
import { IncomingHttpApiRequest, queryParameters, type HttpRequest } from './http-request.js';
import type { JwksRegistry } from '@portico/engine-authorizers';
import { JwtAuthorizer, type VerifiedTokens } from './jwt-authorizer.js';
import { LambdaRequestAuthorizer, type AuthorizerResultCache } from './lambda-authorizer.js';
import { applyOperations, type MappingScope } from './parameter-mapping.js';
import type { AuthorizerContextV2, EventContext } from './payload-v2.js';
import { nextRequestId } from './request-ids.js';
import { headDecorator } from './response-head.js';
import { ResponseSink, type DecisionRecorder, type DomainTarget, type ResponseDecorator, type ResponseHead, type TrailStep } from '@portico/gateway-core';
import { RouteTable } from './route-table.js';

/** Verifies an AWS_IAM route's SigV4 signature and the caller's `execute-api:Invoke` on the route ARN (spec §8.3). */
export type IamCheck = (
  req: IncomingMessage,
  request: HttpRequest,
  routeArn: string,
) => Promise<{ readonly ok: true; readonly identity: Readonly<Record<string, unknown>> } | { readonly ok: false; readonly status: 401 | 403; readonly message: string }>;

export interface HttpGatewayOptions {
  readonly region: string;
  readonly accountId: string;
  readonly lease: PoolLease;
  /** The VPC links private integrations (`connectionType: VPC_LINK`) go through; absent, such routes answer 500. */
  readonly vpcLinks?: VpcLinkDirectory;
  readonly runner: FunctionRunner;
  readonly throttle: ThrottleStore;
  /** The account bucket, shared with REST and WebSocket APIs (spec §10). */
  readonly accountBucket: BucketSpec;
  readonly jwks: JwksRegistry;
  readonly verifiedTokens: VerifiedTokens;
  readonly authorizerResults: AuthorizerResultCache;
  /** Undefined: AWS_IAM routes answer 500 (never served unchecked). */
  readonly iam?: IamCheck;
  readonly maxBodyBytes?: number;
  /** The throttle store's key names (the app builds them once, for both protocols). */
  readonly throttleKeys: ThrottleKeys;
  observe?(record: HttpRequestRecord): void;
  /** Observe only the requests of stages with an access-log format (request metrics off): no record otherwise. */
  readonly observeOnlyAccessLogged?: boolean;
  /** Where the decision trail of every gateway-generated answer goes; absent, the trail is off. */
  readonly decisions?: DecisionRecorder;
  onWarning?(message: string): void;
  onError?(error: unknown): void;
}

/** One served request, for metrics and the access log; shaped like the REST pipeline's record. */
export interface HttpRequestRecord {
  readonly apiId: string;
  readonly stage: string | undefined;
  /** The route key (`GET /pets/{id}`), AWS's per-route metric dimension. */
  readonly resourcePath: string | undefined;
  readonly routeKey: string | undefined;
  readonly httpMethod: string;
  readonly status: number;
  readonly latencyMs: number;
  readonly integrationLatencyMs?: number;
  /** Request plus response bytes (AWS's DataProcessed). */
  readonly dataProcessed: number;
  /** The route key when the route has `detailedMetricsEnabled` (AWS's per-route metrics). */
  readonly detailedRoute?: string;
  readonly accessLogFormat?: string;
  readonly context: Record<string, unknown>;
  contextValue(name: string): unknown;
}

const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

type AuthorizationStep = (
  call: RouteCall,
) => Promise<AuthorizerContextV2 | { readonly status: number; readonly message: string; readonly wwwAuthenticate?: string; readonly trail: TrailStep } | undefined>;

// Decision-trail steps of the gateway's own answers (gateway-core decision-trail.ts): constants, no request data.
const UNKNOWN_STAGE: TrailStep = { step: 'target', outcome: 'not-found', decision: 'UNKNOWN_STAGE', reason: 'no stage of that name and no $default stage' };
const ENDPOINT_DISABLED: TrailStep = { step: 'target', outcome: 'refused', decision: 'EXECUTE_API_ENDPOINT_DISABLED', reason: 'disableExecuteApiEndpoint is set' };
const TOO_LARGE: TrailStep = { step: 'payload', outcome: 'refused', decision: 'REQUEST_TOO_LARGE', reason: 'the body is over the payload limit' };
const CORS_PREFLIGHT: TrailStep = { step: 'gateway', outcome: 'passed', decision: 'CORS_PREFLIGHT', reason: 'the API\'s CORS configuration answered the preflight' };
const ROUTE_NOT_FOUND: TrailStep = { step: 'route', outcome: 'not-found', decision: 'ROUTE_NOT_FOUND', reason: 'no route of the stage matches, and it has no $default route' };
const INTERNAL_ERROR: TrailStep = { step: 'gateway', outcome: 'failed', decision: 'INTERNAL_ERROR', reason: 'the pipeline failed (logged on the data plane)' };
const THROTTLED_CODES: Record<string, string> = { route: 'THROTTLED_ROUTE', stage: 'THROTTLED_STAGE', account: 'THROTTLED_ACCOUNT' };
/** The throttle level of each compiled bucket, for the trail. */
const bucketLevels = new WeakMap<BucketSpec, string>();

interface RoutePlan {
  readonly route: HttpRoute;
  /** `detailedMetricsEnabled` of the route's settings, else the stage default. */
  readonly detailedMetrics: boolean;
  /** Buffer the body before authorization (SigV4 signs it) or the integration (a Lambda event, a body mapping). */
  readonly needsBody: boolean;
  readonly integration: RouteIntegration | undefined;
  readonly refusal: string | undefined;
  readonly authorize: AuthorizationStep | undefined;
  readonly throttle: ThrottleRequest;
  /** The trail step of a throttle refusal (the tightest bucket, as REST's usage-plan guard names it). */
  readonly throttled: TrailStep;
}

interface CompiledStage {
  readonly apiId: string;
  readonly stageName: string;
  readonly variables: Readonly<Record<string, string>>;
  readonly routes: RouteTable<RoutePlan>;
  readonly cors: CompiledCors | undefined;
  readonly disabled: boolean;
  readonly accessLogFormat: string | undefined;
}

interface CompiledApi {
  readonly stages: ReadonlyMap<string, CompiledStage>;
  readonly defaultStage: CompiledStage | undefined;
}

/**
 * What one request carries through the steps, and what its integration reads (`IntegrationCall`). One object per
 * request: the route ARN, the mapping scope and the event context are made when first read, since a
 * pass-through route reads none of them.
 */
class RouteCall implements IntegrationCall {
  authorizer: AuthorizerContextV2 | undefined = undefined;
  error: string | undefined = undefined;
  integrationStatus: number | undefined = undefined;
  integrationLatencyMs: number | undefined = undefined;
  responseLength: number | undefined = undefined;
  private routeArnValue: string | undefined = undefined;
  private scopeValue: MappingScope | undefined = undefined;
  private contextValue: EventContext | undefined = undefined;

  constructor(
    readonly plan: RoutePlan,
    readonly req: IncomingMessage,
    readonly request: IncomingHttpApiRequest,
    readonly stage: CompiledStage,
    readonly routeKey: string,
    readonly pathParameters: Readonly<Record<string, string>>,
    readonly port: number,
    private readonly options: HttpGatewayOptions,
  ) {}

  /** `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{path}` (spec §8.3). */
  get routeArn(): string {
    return (this.routeArnValue ??= `arn:aws:execute-api:${this.options.region}:${this.options.accountId}:${this.stage.apiId}/${this.stage.stageName}/${this.request.method}${this.request.path}`);
  }

  get scope(): MappingScope {
    return (this.scopeValue ??= mappingScope(this, this.options.accountId));
  }

  /** The event context integrations and Lambda authorizers see (the authorizer's answer once it gave one). */
  get context(): EventContext {
    const made = this.contextValue;
    if (made !== undefined && made.authorizer === this.authorizer) return made;
    return (this.contextValue = {
      accountId: this.options.accountId,
      apiId: this.stage.apiId,
      stage: this.stage.stageName,
      routeKey: this.routeKey,
      pathParameters: this.pathParameters,
      stageVariables: this.stage.variables,
      authorizer: this.authorizer,
    });
  }
}

function throttleOf(settings: RouteSettings | undefined): { burstLimit: number; rateLimit: number } | undefined {
  if (!settings || (settings.throttlingBurstLimit === undefined && settings.throttlingRateLimit === undefined)) return undefined;
  return { burstLimit: settings.throttlingBurstLimit ?? 5000, rateLimit: settings.throttlingRateLimit ?? 10000 };
}

const json = (message: string): string => `{"message":"${message}"}`;

/**
 * The HTTP APIs of one config revision, compiled once: per stage a route table of route plans (authorization,
 * throttle buckets, integration). `handle` serves one request addressed to an API it has.
 *
 * A request walks: stage (named first segment, else `$default`, spec §3) → disabled endpoint → payload limit →
 * CORS preflight → route (§4) → throttle (§10) → authorization (§8) → integration (§5–7). Expected outcomes are
 * answers (404, 401, 403, 429…), never throws; an exception is a 500 and is reported.
 */
export class HttpGateway {
  private constructor(
    private readonly apis: ReadonlyMap<string, CompiledApi>,
    private readonly options: HttpGatewayOptions,
    readonly warnings: readonly string[],
  ) {}

  /** Compiles one snapshot per served stage (`libs/contracts` HttpApiSnapshot), grouped by API. */
  static compile(snapshots: readonly HttpApiSnapshot[], options: HttpGatewayOptions): HttpGateway {
    const warnings: string[] = [];
    const byApi = new Map<string, Map<string, CompiledStage>>();
    const keys = options.throttleKeys;
    const invoke = functionUriInvoker(options.runner);
    for (const snapshot of snapshots) {
      const apiId = snapshot.api.apiId.toLowerCase();
      let stages = byApi.get(apiId);
      if (!stages) byApi.set(apiId, (stages = new Map()));
      stages.set(snapshot.stage.stageName, compileStage(snapshot, options, keys, invoke, warnings));
    }
    const compiled = new Map<string, CompiledApi>();
    for (const [apiId, stages] of byApi) compiled.set(apiId, { stages, defaultStage: stages.get('$default') });
    const warn = options.onWarning ?? ((message: string) => console.warn(`portico data plane: ${message}`));
    for (const warning of warnings) warn(warning);
    return new HttpGateway(compiled, options, warnings);
  }

  /** Whether `apiId` (lower-case) is one of this revision's HTTP APIs. */
  has(apiId: string): boolean {
    return this.apis.has(apiId);
  }

  /** Serves the request when `apiId` (lower-case) is one of this revision's HTTP APIs; false (nothing done) if not. */
  handle(apiId: string, req: IncomingMessage, res: ServerResponse, port: number): boolean {
    const api = this.apis.get(apiId);
    if (api === undefined) return false;
    const started = performance.now();
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const rawPath = q < 0 ? url : url.slice(0, q);
    const rawQueryString = q < 0 ? '' : url.slice(q + 1);
    // A named stage is the first segment and stays in rawPath; anything else goes to `$default` (spec §3).
    const slash = rawPath.indexOf('/', 1);
    const segment = slash < 0 ? rawPath.slice(1) : rawPath.slice(1, slash);
    const first = segment.includes('%') ? decodeSafe(segment) : segment;
    const named = first !== '$default' ? api.stages.get(first) : undefined;
    const stage = named ?? api.defaultStage;
    const path = named ? (slash < 0 ? '/' : rawPath.slice(slash)) : rawPath;
    this.serve(apiId, stage, new IncomingHttpApiRequest(req, rawPath, path, rawQueryString, nextRequestId(), Date.now()), req, res, port, started);
    return true;
  }

  /**
   * Serves a request a custom domain maps to one of this revision's HTTP APIs; false (nothing done) if not one. The
   * mapping names the stage, so no stage segment is read from the path; the mapping key stays in rawPath, as a
   * named stage's segment does, and routes match the path below it.
   */
  serveMapped(target: DomainTarget, req: IncomingMessage, res: ServerResponse, port: number): boolean {
    const api = this.apis.get(target.apiId);
    if (api === undefined) return false;
    const started = performance.now();
    const request = new IncomingHttpApiRequest(req, target.rawPath, target.path === '' ? '/' : target.path, target.rawQuery, nextRequestId(), Date.now(), target.basePathMatched);
    this.serve(target.apiId, api.stages.get(target.stage), request, req, res, port, started);
    return true;
  }

  private serve(apiId: string, stage: CompiledStage | undefined, request: IncomingHttpApiRequest, req: IncomingMessage, res: ServerResponse, port: number, started: number): void {
    const sink = new ResponseSink(res);
    // Every answer, the gateway's or the integration's, carries the request id (spec §3).
    sink.decorate(new RequestIdHeader(request.requestId));
    if (!stage) {
      this.answer(sink, 404, json('Not Found'));
      this.record(apiId, undefined, undefined, request, res, started, undefined, UNKNOWN_STAGE);
      return;
    }
    void this.run(stage, request, req, sink, port, started);
  }

  /**
   * The request's steps, in one async function (each further async layer costs a promise and a microtask per
   * request). Never rejects (`handle` drops the promise): a failure is reported and answered 500 (or the response
   * cut); every request is recorded, with its route call once a route matched.
   */
  private async run(stage: CompiledStage, request: IncomingHttpApiRequest, req: IncomingMessage, sink: ResponseSink, port: number, started: number): Promise<void> {
    let routed: RouteCall | undefined;
    // The step that answered instead of the integration (the decision trail); undefined when the integration did.
    let trail: TrailStep | undefined;
    try {
      const res = sink.res;
      // disableExecuteApiEndpoint: the default endpoint is off for every stage [I: 403 as REST]; custom domains serve.
      if (stage.disabled && request.basePathMatched === undefined) {
        this.answer(sink, 403, json('Forbidden'));
        trail = ENDPOINT_DISABLED;
        return;
      }
      const length = request.contentLength;
      if (length !== undefined && Number(length) > (this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES)) {
        this.answer(sink, 413, json('Request Entity Too Large'), { connection: 'close' });
        trail = TOO_LARGE;
        return;
      }
      const origin = stage.cors ? request.headers.origin?.[0] : undefined;
      if (stage.cors && origin !== undefined) {
        const cors = stage.cors;
        if (CompiledCors.isPreflight(request.method, origin, request.headers['access-control-request-method']?.[0])) {
          // The gateway answers preflights itself, with or without an OPTIONS route (spec §9).
          const headers = cors.preflightHeaders(origin, request.headers['access-control-request-headers']?.join(','));
          sink.send(204, [...headers.flat(), 'content-length', '0']);
          trail = CORS_PREFLIGHT;
          return;
        }
        sink.decorate(
          headDecorator((status, headers) => {
            cors.applyToResponse(origin, headers);
            return status;
          }),
        );
      }
      const match = stage.routes.select(request.method, request.path);
      if (!match) {
        this.answer(sink, 404, json('Not Found'));
        trail = ROUTE_NOT_FOUND;
        return;
      }
      const plan = match.route;
      const call = new RouteCall(plan, req, request, stage, match.routeKey, match.pathParameters, port, this.options);
      routed = call;
      if (plan.refusal || !plan.integration) {
        call.error = plan.refusal ?? 'route has no integration';
        this.answer(sink, 500, json('Internal Server Error'));
        trail = { step: 'route', outcome: 'matched', decision: 'ROUTE_NOT_SERVABLE', routeKey: match.routeKey, reason: 'the route cannot be served safely (see the data plane warning for this revision)' };
        return;
      }
      const verdict = this.options.throttle.decide(plan.throttle);
      if ((verdict instanceof Promise ? await verdict : verdict) !== 'allowed') {
        this.answer(sink, 429, json('Too Many Requests'));
        trail = plan.throttled;
        return;
      }
      if (plan.needsBody) {
        const body = await bufferBody(req, this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
        if (body === undefined) {
          this.answer(sink, 413, json('Request Entity Too Large'), { connection: 'close' });
          trail = TOO_LARGE;
          return;
        }
        request.body = body;
      }
      if (plan.authorize) {
        const result = await plan.authorize(call);
        if (result && 'status' in result) {
          call.error = result.message;
          this.answer(sink, result.status, json(result.message), result.wwwAuthenticate ? { 'www-authenticate': result.wwwAuthenticate } : undefined);
          trail = result.trail;
          return;
        }
        call.authorizer = result;
      }
      const responseMapping = plan.integration.responseMapping;
      if (responseMapping) {
        // Response parameter mapping (spec §7) by the integration's status: headers and `overwrite:statuscode`,
        // from `$response.header.*`, `$context.*`, `$stageVariables.*` and static values.
        sink.decorate(headDecorator((status, headers) => {
          const entry = responseMapping.byStatus.get(status);
          if (!entry) return status;
          // The request's scope (its methods are a class's, so it is extended, not spread) plus the response's.
          const scope: MappingScope = Object.assign(Object.create(call.scope) as MappingScope, {
            responseHeader: (name: string) => headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v).join(',') || undefined,
            responseBody: () => undefined,
          });
          const map = new Map<string, string[]>();
          for (const [name, value] of headers) (map.get(name.toLowerCase()) ?? map.set(name.toLowerCase(), []).get(name.toLowerCase())!).push(value);
          applyOperations(map, entry.headers, scope);
          headers.length = 0;
          for (const [name, values] of map) for (const value of values) headers.push([name, value]);
          const overwrite = entry.statusCode?.(scope);
          const code = overwrite === undefined ? NaN : Number(overwrite);
          return Number.isInteger(code) && code >= 100 && code <= 599 ? code : status;
        }));
      }
      const outcome: HttpIntegrationOutcome = await plan.integration.invoke(call, sink);
      call.integrationLatencyMs = outcome.integrationLatencyMs;
      if (outcome.kind === 'failed') {
        call.error = outcome.error;
        trail = { step: 'integration', outcome: 'failed', decision: outcome.status === 504 ? 'INTEGRATION_TIMEOUT' : 'INTEGRATION_FAILURE', reason: `the integration failed; the gateway answered ${outcome.status}` };
        if (!res.headersSent) this.answer(sink, outcome.status, json(outcome.message));
        else res.destroy();
      } else {
        call.integrationStatus = outcome.integrationStatus;
        call.responseLength = outcome.responseLength;
      }
    } catch (error) {
      this.options.onError?.(error);
      trail = INTERNAL_ERROR;
      if (!sink.headersSent) this.answer(sink, 500, json('Internal Server Error'));
      else sink.destroy();
    } finally {
      try {
        this.record(stage.apiId, stage, routed?.routeKey, request, sink.res, started, routed, trail);
      } catch (error) {
        // A recorder that throws must not turn into an unhandled rejection: the request is answered already.
        this.options.onError?.(error);
      }
    }
  }

  private answer(sink: ResponseSink, status: number, body: string, extra?: Record<string, string>): void {
    if (sink.headersSent) return;
    sink.send(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...extra }, body);
  }

  private record(
    apiId: string,
    stage: CompiledStage | undefined,
    routeKey: string | undefined,
    request: IncomingHttpApiRequest,
    res: ServerResponse,
    started: number,
    call: RouteCall | undefined,
    trail?: TrailStep,
  ): void {
    if (trail) this.recordTrail(apiId, stage, routeKey, request, res.statusCode, trail);
    const observe = this.options.observe;
    if (!observe || (this.options.observeOnlyAccessLogged && !stage?.accessLogFormat)) return;
    observe(new HttpInvocationRecord(stage?.apiId ?? apiId, stage, routeKey, request, res, started, call, trail?.decision ?? 'ALLOWED', this.options.accountId));
  }

  /** The decision trail of a gateway-generated answer (never the request's headers, query or body). */
  private recordTrail(apiId: string, stage: CompiledStage | undefined, routeKey: string | undefined, request: IncomingHttpApiRequest, status: number, decided: TrailStep): void {
    const decisions = this.options.decisions;
    if (!decisions) return;
    try {
      const steps: TrailStep[] = [];
      if (routeKey !== undefined && decided.step !== 'route') steps.push({ step: 'route', outcome: 'matched', routeKey });
      steps.push(decided);
      decisions.record({
        requestId: request.requestId,
        time: new Date(request.timeEpoch).toISOString(),
        apiType: 'HTTP',
        apiId: stage?.apiId ?? apiId,
        ...(stage ? { stage: stage.stageName } : {}),
        httpMethod: request.method,
        path: request.rawPath,
        status,
        decision: decided.decision ?? 'UNKNOWN',
        decidedBy: decided.step,
        steps,
      });
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  async close(): Promise<void> {
    await this.options.lease.release();
  }
}

/** Adds `apigw-requestid` to a head in either form (object or flat raw list). */
class RequestIdHeader implements ResponseDecorator {
  constructor(private readonly requestId: string) {}

  head(head: ResponseHead): void {
    if (Array.isArray(head.headers)) head.headers.push('apigw-requestid', this.requestId);
    else head.headers['apigw-requestid'] = this.requestId;
  }
}

function decodeSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** `$request.*`, `$context.*`, `$stageVariables.*` of one request, for parameter mapping and identity sources. */
function mappingScope(c: RouteCall, accountId: string): MappingScope {
  let query: Map<string, string[]> | undefined;
  let body: { value: unknown } | undefined;
  const pathParameters = c.pathParameters;
  return {
    header: (name) => c.request.headers[name]?.join(','),
    querystring: (name) => (query ??= queryParameters(c.request.rawQueryString)).get(name)?.join(','),
    body: () => {
      if (!body) {
        const raw = c.request.body;
        try {
          // Evaluated on the first 100 KB only (spec §7).
          body = { value: raw && raw.length > 0 ? JSON.parse(raw.subarray(0, 100 * 1024).toString('utf8')) : undefined };
        } catch {
          body = { value: undefined };
        }
      }
      return body.value;
    },
    path: () => c.request.path,
    pathParameter: (name) => pathParameters[name],
    context: (name) => {
      const value = contextValue(name, { apiId: c.stage.apiId, compiledStage: c.stage, routeKey: c.routeKey, request: c.request, status: undefined, latencyMs: undefined, call: c, accountId });
      return value === undefined || value === null ? undefined : String(value);
    },
    stageVariable: (name) => c.stage.variables[name],
  };
}

interface ContextSource {
  readonly apiId: string;
  readonly accountId: string;
  readonly compiledStage: CompiledStage | undefined;
  readonly routeKey: string | undefined;
  readonly request: HttpRequest;
  readonly status: number | undefined;
  readonly latencyMs: number | undefined;
  readonly call: RouteCall | undefined;
}

const NO_CONTEXT_OBJECT: Record<string, unknown> = Object.freeze({});

/**
 * One served request's record, handed to `observe`: one object with the request's fields (no object literal,
 * closure or context object per request); `$context` values are computed when the access log asks.
 */
class HttpInvocationRecord implements HttpRequestRecord, ContextSource {
  readonly stage: string | undefined;
  readonly resourcePath: string | undefined;
  readonly httpMethod: string;
  readonly status: number;
  readonly latencyMs: number;
  readonly integrationLatencyMs: number | undefined;
  readonly dataProcessed: number;
  readonly detailedRoute: string | undefined;
  readonly accessLogFormat: string | undefined;
  /** HTTP APIs' access log asks `contextValue`, never the `$context` object: one empty object serves every record. */
  readonly context: Record<string, unknown> = NO_CONTEXT_OBJECT;

  constructor(
    readonly apiId: string,
    readonly compiledStage: CompiledStage | undefined,
    readonly routeKey: string | undefined,
    readonly request: IncomingHttpApiRequest,
    res: ServerResponse,
    started: number,
    readonly call: RouteCall | undefined,
    private readonly decision: string,
    readonly accountId: string,
  ) {
    this.stage = compiledStage?.stageName;
    this.resourcePath = routeKey;
    this.httpMethod = request.method;
    this.status = res.statusCode;
    this.latencyMs = performance.now() - started;
    this.integrationLatencyMs = call?.integrationLatencyMs;
    const requestBytes = Number(request.contentLength ?? 0) || 0;
    this.dataProcessed = requestBytes + (call?.responseLength ?? (Number(res.getHeader('content-length')) || 0));
    this.detailedRoute = call?.plan.detailedMetrics ? routeKey : undefined;
    this.accessLogFormat = compiledStage?.accessLogFormat;
  }

  contextValue(name: string): unknown {
    return name === 'portico.decision' ? this.decision : contextValue(name, this);
  }
}

/** `$context.<name>` of an HTTP API request (spec §11), computed when asked. */
function contextValue(name: string, s: ContextSource): unknown {
  const { request, call } = s;
  switch (name) {
    case 'requestId':
    case 'extendedRequestId':
      return request.requestId;
    case 'apiId':
      return s.apiId;
    case 'accountId':
      return s.accountId;
    case 'stage':
      return s.compiledStage?.stageName;
    case 'routeKey':
      return s.routeKey;
    case 'httpMethod':
      return request.method;
    case 'path':
      return request.rawPath;
    case 'protocol':
      return 'HTTP/1.1';
    case 'domainName':
      return request.domainName;
    case 'domainPrefix':
      return request.domainName.split('.')[0];
    case 'customDomain.basePathMatched':
      return request.basePathMatched;
    case 'requestTime':
      return formatTime(request.timeEpoch);
    case 'requestTimeEpoch':
      return request.timeEpoch;
    case 'identity.sourceIp':
      return request.sourceIp;
    case 'identity.userAgent':
      return request.headers['user-agent']?.[0];
    case 'status':
      return s.status;
    case 'responseLatency':
      return s.latencyMs === undefined ? undefined : Math.round(s.latencyMs);
    case 'responseLength':
      return call?.responseLength;
    case 'integrationLatency':
    case 'integration.latency':
      return call?.integrationLatencyMs === undefined ? undefined : Math.round(call.integrationLatencyMs);
    case 'integrationStatus':
    case 'integration.status':
      return call?.integrationStatus;
    case 'integrationErrorMessage':
    case 'error.message':
      return call?.error;
    case 'authorizer.principalId': {
      const a = call?.authorizer;
      if (!a) return undefined;
      if ('jwt' in a) return a.jwt.claims.sub;
      if ('lambda' in a) return a.lambda.principalId;
      return undefined;
    }
  }
  if (name.startsWith('authorizer.claims.')) {
    const a = call?.authorizer;
    return a && 'jwt' in a ? a.jwt.claims[name.slice('authorizer.claims.'.length)] : undefined;
  }
  if (name.startsWith('authorizer.')) {
    const a = call?.authorizer;
    // `$context.authorizer.numKey` is the value itself, unstringified (spec §11).
    return a && 'lambda' in a ? a.lambda[name.slice('authorizer.'.length)] : undefined;
  }
  return undefined;
}

function formatTime(epochMs: number): string {
  const d = new Date(epochMs);
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

function compileStage(
  snapshot: HttpApiSnapshot,
  options: HttpGatewayOptions,
  keys: ThrottleKeys,
  invoke: ReturnType<typeof functionUriInvoker>,
  warnings: string[],
): CompiledStage {
  const { stage } = snapshot;
  const apiId = snapshot.api.apiId;
  const where = `${apiId}/${stage.stageName}`;
  const integrations = new Map(snapshot.integrations.map((i) => [i.integrationId, i]));
  const authorizers = new Map<string, CompiledAuthorizer>();
  for (const config of snapshot.authorizers) {
    try {
      if (config.authorizerType === 'JWT') {
        authorizers.set(config.authorizerId, { config, jwt: new JwtAuthorizer(config.jwtConfiguration, options.jwks, options.verifiedTokens) });
      } else {
        authorizers.set(config.authorizerId, { config, lambda: new LambdaRequestAuthorizer(config, invoke, options.authorizerResults, `${apiId}/${stage.stageName}/`) });
      }
    } catch (error) {
      authorizers.set(config.authorizerId, { config, broken: error instanceof Error ? error.message : String(error) });
    }
  }
  const stageBuckets: BucketSpec[] = [];
  const stageDefault = throttleOf(stage.defaultRouteSettings);
  if (stageDefault) stageBuckets.push(leveled({ key: keys.stage(apiId, stage.stageName), capacity: stageDefault.burstLimit, rate: stageDefault.rateLimit }, 'stage'));
  stageBuckets.push(options.accountBucket);
  if (!bucketLevels.has(options.accountBucket)) bucketLevels.set(options.accountBucket, 'account');

  // A route without a target answers 404, as if it did not exist [I].
  const routes = snapshot.routes.filter((route) => route.target !== undefined).map((route) => {
    let refusal: string | undefined;
    let integration: RouteIntegration | undefined;
    const integrationId = route.target?.startsWith('integrations/') ? route.target.slice('integrations/'.length) : undefined;
    const config = integrationId === undefined ? undefined : integrations.get(integrationId);
    if (!config) refusal = `route target ${route.target ?? '(none)'} names no integration`;
    else {
      const compiled = compileRouteIntegration(config, {
        apiId,
        stageVariables: stage.stageVariables,
        lease: options.lease,
        vpcLinks: options.vpcLinks,
        runner: options.runner,
        maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
        region: options.region,
        accountId: options.accountId,
        defaultRoute: route.routeKey === '$default',
      });
      if (compiled.ok) integration = compiled.integration;
      else refusal = compiled.reason;
    }
    const authorize = compileAuthorization(route, authorizers, options);
    if (typeof authorize === 'string') refusal ??= authorize;
    if (refusal) warnings.push(`${where} ${route.routeKey}: refused (${refusal}); it answers 500`);
    const own = throttleOf(stage.routeSettings[route.routeKey]);
    const buckets = own ? [leveled({ key: keys.stageMethod(apiId, stage.stageName, route.routeKey), capacity: own.burstLimit, rate: own.rateLimit }, 'route'), ...stageBuckets] : stageBuckets;
    const plan: RoutePlan = {
      route,
      detailedMetrics: stage.routeSettings[route.routeKey]?.detailedMetricsEnabled ?? stage.defaultRouteSettings.detailedMetricsEnabled ?? false,
      needsBody: route.authorizationType === 'AWS_IAM' || (integration?.needsBody ?? false),
      integration,
      refusal,
      authorize: typeof authorize === 'string' ? undefined : authorize,
      throttle: { id: `h:${apiId}:${stage.stageName}:${route.routeKey}`, buckets },
      throttled: throttledTrail(buckets, route.routeKey),
    };
    return { routeKey: route.routeKey, route: plan };
  });
  return {
    apiId,
    stageName: stage.stageName,
    variables: stage.stageVariables,
    routes: RouteTable.compile(routes),
    cors: snapshot.api.corsConfiguration ? new CompiledCors(snapshot.api.corsConfiguration) : undefined,
    disabled: snapshot.api.disableExecuteApiEndpoint,
    accessLogFormat: stage.accessLogSettings?.format || undefined,
  };
}

function leveled(spec: BucketSpec, level: string): BucketSpec {
  bucketLevels.set(spec, level);
  return spec;
}

/** The store refuses all buckets together: the trail names the tightest (lowest rate, then burst) and lists all. */
function throttledTrail(buckets: readonly BucketSpec[], routeKey: string): TrailStep {
  const limits = buckets.map((b) => ({ level: bucketLevels.get(b) ?? 'unknown', rateLimit: b.rate, burstLimit: b.capacity }));
  let tightest = limits[0];
  for (const l of limits) if (l.rateLimit < tightest.rateLimit || (l.rateLimit === tightest.rateLimit && l.burstLimit < tightest.burstLimit)) tightest = l;
  return { step: 'throttle', outcome: 'refused', decision: THROTTLED_CODES[tightest.level] ?? 'THROTTLED', level: tightest.level, rateLimit: tightest.rateLimit, burstLimit: tightest.burstLimit, limits, routeKey };
}

/** The trail step of an authorizer's refusal: which authorizer and the code for its status (never its reason: it may echo a token). */
function authorizerRefusal(config: HttpAuthorizerSnapshot, status: number): TrailStep {
  return {
    step: 'authorizer',
    outcome: status >= 500 ? 'failed' : 'refused',
    decision: status === 401 ? 'AUTHORIZER_UNAUTHORIZED' : status === 403 ? 'AUTHORIZER_DENY' : 'AUTHORIZER_ERROR',
    authorizerId: config.authorizerId,
    authorizerType: config.authorizerType === 'JWT' ? 'JWT' : 'REQUEST',
  };
}

const IAM_SIGNATURE_REFUSED: TrailStep = { step: 'signature', outcome: 'refused', decision: 'SIGNATURE_INVALID', reason: 'the SigV4 signature is missing, malformed, expired or does not verify' };
const IAM_POLICY_REFUSED: TrailStep = { step: 'identity-policy', outcome: 'refused', decision: 'IAM_DENY', policy: 'identity', reason: 'the caller\'s identity policies do not allow execute-api:Invoke on the route' };

interface CompiledAuthorizer {
  readonly config: HttpAuthorizerSnapshot;
  readonly jwt?: JwtAuthorizer;
  readonly lambda?: LambdaRequestAuthorizer;
  readonly broken?: string;
}

/** The route's authorization step; a string says why the route cannot be served safely (it answers 500). */
function compileAuthorization(
  route: HttpRoute,
  authorizers: ReadonlyMap<string, CompiledAuthorizer>,
  options: HttpGatewayOptions,
): AuthorizationStep | string | undefined {
  switch (route.authorizationType) {
    case 'NONE':
      return undefined;
    case 'AWS_IAM': {
      const iam = options.iam;
      if (!iam) return 'AWS_IAM is not enforced by this data plane';
      return async (call) => {
        const result = await iam(call.req, call.request, call.routeArn);
        if (result.ok) return { iam: result.identity };
        return { status: result.status, message: result.message, trail: result.status === 401 ? IAM_SIGNATURE_REFUSED : IAM_POLICY_REFUSED };
      };
    }
    case 'JWT':
    case 'CUSTOM': {
      const entry = route.authorizerId === undefined ? undefined : authorizers.get(route.authorizerId);
      // Security: a route whose authorizer is missing or broken is never served without it.
      if (!entry) return `authorizer ${route.authorizerId ?? '(none)'} does not exist`;
      if (entry.broken) return `authorizer ${entry.config.authorizerId}: ${entry.broken}`;
      if (entry.jwt) {
        const jwt = entry.jwt;
        const source = entry.config.identitySource[0] ?? '$request.header.Authorization';
        const read = identityReader(source);
        const scopes = route.authorizationScopes;
        return async (call) => {
          const outcome = await jwt.authorize(read(call), scopes);
          if (!outcome.ok) {
            return { status: outcome.status, message: outcome.status === 401 ? 'Unauthorized' : 'Forbidden', wwwAuthenticate: outcome.wwwAuthenticate, trail: authorizerRefusal(entry.config, outcome.status) };
          }
          return { jwt: { claims: outcome.claims, scopes: outcome.scopes } };
        };
      }
      const lambda = entry.lambda!;
      return async (call) => {
        // Not call.context: that one carries the authorizer's answer, which does not exist yet.
        const context: EventContext = {
          accountId: options.accountId,
          apiId: call.stage.apiId,
          stage: call.stage.stageName,
          routeKey: call.routeKey,
          pathParameters: call.pathParameters,
          stageVariables: call.stage.variables,
        };
        const outcome = await lambda.authorize(call.request, call.scope, context, call.routeArn);
        if (!outcome.ok) {
          call.error = outcome.reason;
          return {
            status: outcome.status,
            message: outcome.status === 401 ? 'Unauthorized' : outcome.status === 403 ? 'Forbidden' : 'Internal Server Error',
            trail: authorizerRefusal(entry.config, outcome.status),
          };
        }
        return { lambda: outcome.context };
      };
    }
  }
}

/** `$request.header.Authorization` / `$request.querystring.token`: where a JWT authorizer finds the token. */
function identityReader(source: string): (call: RouteCall) => string | undefined {
  const header = /^\$request\.header\.(.+)$/i.exec(source);
  if (header) {
    const name = header[1].toLowerCase();
    return (call) => call.request.headers[name]?.[0];
  }
  const query = /^\$request\.querystring\.(.+)$/.exec(source);
  if (query) return (call) => call.scope.querystring(query[1]);
  return () => undefined;
}
