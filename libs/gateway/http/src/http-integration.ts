import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { rawHeader, type ResponseSink } from '@portico/gateway-core';
import { Readable } from 'node:stream';
import { compileIntegration, readRequestBody, type IntegrationOutcome, type MethodRequest, type PoolLease, type VpcLinkDirectory } from '@portico/engine-integrations';
import { lambdaInvocationUri, parseLambdaUri, type FunctionRunner } from '@portico/engine-lambda';
import type { HttpIntegrationSnapshot as HttpIntegration } from '@portico/contracts';
import type { HttpRequest } from './http-request.js';
import { parseResponseV1, parseResponseV2 } from './lambda-response.js';
import { applyOperations, compileRequestMapping, compileResponseMapping, type CompiledRequestMapping, type CompiledResponseMapping, type MappingScope } from './parameter-mapping.js';
import { buildEventV1 } from './payload-v1.js';
import { buildEventV2, type EventContext } from './payload-v2.js';
import { flatHeaders, headerObject } from './response-head.js';

/** How an integration ended, for metrics and the access log (`$context.integration*`). */
export type HttpIntegrationOutcome =
  | { readonly kind: 'responded'; readonly status: number; readonly integrationStatus?: number; readonly integrationLatencyMs?: number; readonly responseLength?: number }
  | { readonly kind: 'failed'; readonly status: number; readonly message: string; readonly error: string; readonly integrationLatencyMs?: number };

/** Everything an integration reads of one request. */
export interface IntegrationCall {
  readonly request: HttpRequest;
  readonly req: IncomingMessage;
  readonly scope: MappingScope;
  readonly context: EventContext;
  /** The matched route's path parameters (decoded), as in `context`. */
  readonly pathParameters: Readonly<Record<string, string>>;
  readonly port: number;
}

export interface RouteIntegration {
  /** Whether the request body must be buffered before `invoke` (a Lambda event, a body mapping). */
  readonly needsBody: boolean;
  /** `responseParameters` by status code; undefined when the integration has none. */
  readonly responseMapping?: CompiledResponseMapping;
  invoke(call: IntegrationCall, sink: ResponseSink): Promise<HttpIntegrationOutcome>;
}

export interface IntegrationCompileOptions {
  readonly apiId: string;
  readonly stageVariables: Readonly<Record<string, string>>;
  readonly lease: PoolLease;
  readonly runner: FunctionRunner;
  readonly maxBodyBytes: number;
  readonly region: string;
  readonly accountId: string;
  /** The route is `$default`: an integration URI without a path gets the request's whole path (spec §4). */
  readonly defaultRoute: boolean;
  /** The VPC links private integrations reach their targets through (REST's health-checked pool); absent, they are refused. */
  readonly vpcLinks?: VpcLinkDirectory;
}

export type CompileRouteIntegration = { readonly ok: true; readonly integration: RouteIntegration } | { readonly ok: false; readonly reason: string };

/** The failed outcome AWS gives an HTTP API for an integration failure (spec §12). */
function failure(status: number, error: string, integrationLatencyMs?: number): HttpIntegrationOutcome {
  if (status === 504 || status === 503) return { kind: 'failed', status: 503, message: 'Service Unavailable', error, integrationLatencyMs };
  if (status === 413) return { kind: 'failed', status: 413, message: 'Request Entity Too Large', error, integrationLatencyMs };
  return { kind: 'failed', status: 500, message: 'Internal Server Error', error, integrationLatencyMs };
}

/** Placeholder the whole request path fills when the integration URI has none (`$default` or `overwrite:path`). */
// After a literal `/`, so that the URI's authority ends before it; the value has no leading slash.
const PATH_SLOT = '/{portico_request_path+}';
const PATH_SLOT_NAME = 'portico_request_path';

/** What encodeURIComponent leaves as it is, plus `/`: a value of only these is its own encoding. */
const PATH_SAFE = /^[A-Za-z0-9\-_.!~*'()/]*$/;
const encodePath = (value: string): string => (PATH_SAFE.test(value) ? value : value.split('/').map(encodeURIComponent).join('/'));

function mapOutcome(outcome: IntegrationOutcome): HttpIntegrationOutcome {
  if (outcome.kind === 'responded') return outcome;
  return failure(outcome.statusCode ?? 500, outcome.error, outcome.integrationLatencyMs);
}

/**
 * HTTP_PROXY: forwarded by engine-integrations' undici dispatch exchange (the REST HTTP_PROXY path: streaming both
 * ways, back-pressure, timeouts), over a method-request view of the HTTP API request after parameter mapping.
 * `{proxy}` and other path parameters are substituted into the URI; query strings are forwarded.
 */
function compileHttpProxy(integration: HttpIntegration, mapping: CompiledRequestMapping, options: IntegrationCompileOptions): CompileRouteIntegration {
  let uri = integration.integrationUri ?? '';
  let replacesPath: boolean;
  if (integration.connectionType === 'VPC_LINK') {
    // A private integration's URI is a listener or Cloud Map ARN: the request's own path goes on (its named stage
    // segment included, as AWS sends it) unless `overwrite:path` maps another.
    const origin = privateOrigin(integration);
    if (!origin) return { ok: false, reason: `integration uri ${JSON.stringify(uri)} is not a load balancer listener or Cloud Map service ARN` };
    uri = `${origin}${PATH_SLOT}`;
    replacesPath = true;
  } else {
    const match = /^(https?:\/\/[^/?#]+)([^?#]*)(.*)$/i.exec(uri);
    if (!match) return { ok: false, reason: `integration uri ${JSON.stringify(uri)} is not an absolute http(s) URL` };
    const [, origin, path, rest] = match;
    replacesPath = mapping.path !== undefined || (options.defaultRoute && (path === '' || path === '/'));
    if (replacesPath) uri = `${origin}${PATH_SLOT}${rest}`;
  }
  const compiled = compileIntegration(
    {
      type: 'HTTP_PROXY',
      uri,
      httpMethod: integration.integrationMethod,
      connectionType: integration.connectionType,
      ...(integration.connectionId !== undefined && { connectionId: integration.connectionId }),
      requestParameters: {},
      requestTemplates: {},
      passthroughBehavior: 'WHEN_NO_MATCH',
      timeoutInMillis: integration.timeoutInMillis,
      cacheKeyParameters: [],
      integrationResponses: {},
    },
    { apiId: options.apiId, stageVariables: options.stageVariables, lease: options.lease, maxBodyBytes: options.maxBodyBytes, vpcLinks: options.vpcLinks },
  );
  if (!compiled.ok) return compiled;
  const target = compiled.integration;
  const mapsHeaders = mapping.headers.length > 0;
  const mapsQuery = mapping.querystring.length > 0;
  return {
    ok: true,
    integration: {
      needsBody: false,
      // No async layer of its own: the exchange's promise, its outcome mapped by a shared function.
      invoke: (call, sink) => target.invoke(methodRequest(call, mapping, replacesPath, mapsHeaders, mapsQuery), sink).then(mapOutcome),
    },
  };
}

/** `…:listener/app/{name}/…` (ALB or NLB) or `…:service/srv-…` (Cloud Map): the name the `Host` header carries. */
const PRIVATE_TARGET = /^arn:[a-z-]+:(?:elasticloadbalancing:[^:]*:\d+:listener\/(?:app|net)\/([A-Za-z0-9-]+)\/|servicediscovery:[^:]*:\d+:service\/(srv-[A-Za-z0-9]+))/;

/**
 * Where a private integration's requests seem to go: HTTP to the load balancer's (or Cloud Map service's) name,
 * or HTTPS to `tlsConfig.serverNameToVerify` when set (spec §5). The VPC link's dispatcher connects to its
 * healthy targets and sends this authority as `Host`, as the REST links send their URI's.
 */
function privateOrigin(integration: HttpIntegration): string | undefined {
  const m = PRIVATE_TARGET.exec(integration.integrationUri ?? '');
  if (!m) return undefined;
  const serverName = integration.tlsConfig?.serverNameToVerify;
  return serverName ? `https://${serverName}` : `http://${(m[1] ?? m[2])!.toLowerCase()}`;
}

function methodRequest(call: IntegrationCall, mapping: CompiledRequestMapping, replacesPath: boolean, mapsHeaders: boolean, mapsQuery: boolean): MethodRequest {
  const { request, req } = call;
  let rawHeaders = request.rawHeaders;
  let headers: IncomingHttpHeaders | undefined;
  if (mapsHeaders) {
    const map = new Map<string, string[]>();
    for (const [name, values] of Object.entries(request.headers)) map.set(name, [...values]);
    applyOperations(map, mapping.headers, call.scope);
    const pairs: Array<[string, string]> = [];
    headers = {};
    for (const [name, values] of map) {
      // Repeats are sent comma-joined (spec §7).
      pairs.push([name, values.join(',')]);
      headers[name] = values.join(',');
    }
    rawHeaders = flatHeaders(pairs);
  }
  let rawQuery = request.rawQueryString;
  if (mapsQuery) {
    const map = new Map<string, string[]>();
    for (const pair of rawQuery.split('&')) {
      if (pair === '') continue;
      const eq = pair.indexOf('=');
      const name = decodeURIComponent((eq < 0 ? pair : pair.slice(0, eq)).replace(/\+/g, ' '));
      const value = eq < 0 ? '' : decodeURIComponent(pair.slice(eq + 1).replace(/\+/g, ' '));
      (map.get(name) ?? map.set(name, []).get(name)!).push(value);
    }
    applyOperations(map, mapping.querystring, call.scope);
    rawQuery = [...map].flatMap(([name, values]) => values.map((v) => `${encodeURIComponent(name)}=${encodeURIComponent(v)}`)).join('&');
  }
  const pathParameters: Record<string, string> = {};
  const given = call.pathParameters;
  for (const name in given) pathParameters[name] = encodePath(given[name]);
  if (replacesPath) {
    const path = mapping.path ? (mapping.path(call.scope) ?? request.rawPath) : request.rawPath;
    pathParameters[PATH_SLOT_NAME] = path.startsWith('/') ? path.slice(1) : path;
  }
  // A body already buffered (an AWS_IAM route: SigV4 signs it) is replayed; otherwise the client's stream flows through.
  const buffered = request.body;
  const length = buffered ? String(buffered.length) : rawHeader(request.rawHeaders, 'content-length');
  const hasBody = buffered ? buffered.length > 0 : length !== undefined ? length !== '0' : rawHeader(request.rawHeaders, 'transfer-encoding') !== undefined;
  return new HttpApiMethodRequest(call, rawQuery, headers, rawHeaders, pathParameters, hasBody ? (buffered ? Readable.from([buffered]) : req) : undefined, length === undefined ? undefined : Number(length));
}

/** The method-request view of an HTTP API request that the REST proxy exchange forwards (one object, no closures). */
class HttpApiMethodRequest implements MethodRequest {
  readonly httpMethod: string;
  readonly sourceIp: string;
  readonly protocol = 'http';
  /** HTTP APIs answer with `apigw-requestid` (the gateway's decorator), not REST's `x-amzn-RequestId` (spec §3). */
  readonly restRequestIds = false;
  readonly port: number;
  readonly requestId: string;

  constructor(
    private readonly call: IntegrationCall,
    readonly rawQuery: string,
    private readonly mappedHeaders: IncomingHttpHeaders | undefined,
    readonly rawHeaders: readonly string[],
    readonly pathParameters: Readonly<Record<string, string>>,
    readonly body: Readable | undefined,
    readonly contentLength: number | undefined,
  ) {
    const request = call.request;
    this.httpMethod = request.method;
    this.sourceIp = request.sourceIp;
    this.port = call.port;
    this.requestId = request.requestId;
  }

  /** The mapped headers, else node's (built on first read: the exchange forwards `rawHeaders`). */
  get headers(): IncomingHttpHeaders {
    return this.mappedHeaders ?? this.call.req.headers;
  }

  get extendedRequestId(): string {
    return this.requestId;
  }

  get traceId(): string {
    return `Root=1-${this.requestId}`;
  }

  queryValues(): readonly string[] | undefined {
    return undefined;
  }

  contextValue(name: string): string | undefined {
    return this.call.scope.context(name);
  }
}

/**
 * AWS_PROXY to Lambda through the process's function runner (local worker threads or the Invoke API), payload
 * 1.0 or 2.0, the answer read by that version's rules (spec §6).
 */
function compileLambdaProxy(integration: HttpIntegration, options: IntegrationCompileOptions): CompileRouteIntegration {
  // HTTP APIs name the function by its ARN (or the invocation ARN REST uses).
  const given = integration.integrationUri ?? '';
  if (integration.integrationSubtype) return { ok: false, reason: `AWS service integrations (${integration.integrationSubtype}) are not supported` };
  const parsed = parseLambdaUri(lambdaInvocationUri(given, options.region), options.stageVariables);
  if (!parsed.ok) return parsed;
  const target = parsed.target;
  const v2 = integration.payloadFormatVersion === '2.0';
  const timeoutMs = integration.timeoutInMillis;
  return {
    ok: true,
    integration: {
      needsBody: true,
      async invoke(call, sink) {
        const event = v2 ? buildEventV2(call.request, call.context) : buildEventV1(call.request, call.context, call.port);
        const started = performance.now();
        const result = await options.runner.invoke(target, JSON.stringify(event), { deadline: Date.now() + timeoutMs, requestId: call.request.requestId });
        const latency = performance.now() - started;
        if (result.kind === 'timeout') return failure(504, result.message, latency);
        if (result.kind === 'failed') return failure(500, result.message, latency);
        if (result.kind === 'function-error') return failure(500, `function error: ${result.error.errorMessage ?? 'unknown'}`, latency);
        const answer = v2 ? parseResponseV2(result.payload) : parseResponseV1(result.payload);
        if (!answer.ok) return failure(500, answer.reason, latency);
        const headers: Array<[string, string]> = answer.answer.headers.map(([n, v]) => [n, v]);
        headers.push(['content-length', String(answer.answer.body.length)]);
        sink.send(answer.answer.statusCode, headerObject(headers), answer.answer.body);
        return { kind: 'responded', status: sink.res.statusCode, integrationStatus: 200, integrationLatencyMs: latency, responseLength: answer.answer.body.length };
      },
    },
  };
}

export function compileRouteIntegration(integration: HttpIntegration, options: IntegrationCompileOptions): CompileRouteIntegration {
  if (integration.connectionType === 'VPC_LINK' && integration.integrationType !== 'HTTP_PROXY') return { ok: false, reason: 'VPC_LINK connections serve HTTP_PROXY integrations only' };
  const mapping = compileRequestMapping(integration.requestParameters);
  if (!mapping.ok) return mapping;
  const responses = compileResponseMapping(integration.responseParameters);
  if (!responses.ok) return responses;
  const compiled = integration.integrationType === 'HTTP_PROXY' ? compileHttpProxy(integration, mapping.value, options) : compileLambdaProxy(integration, options);
  if (!compiled.ok) return compiled;
  const responseMapping = responses.value.byStatus.size > 0 ? responses.value : undefined;
  if (!mapping.value.readsBody && !responseMapping) return compiled;
  return { ok: true, integration: { needsBody: compiled.integration.needsBody || mapping.value.readsBody, responseMapping, invoke: compiled.integration.invoke } };
}

/** Buffers the request body (bounded); undefined past `maxBytes`. */
export function bufferBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  const length = req.headers['content-length'];
  const hasBody = length !== undefined ? length !== '0' : req.headers['transfer-encoding'] !== undefined;
  return readRequestBody(hasBody ? req : undefined, maxBytes);
}
