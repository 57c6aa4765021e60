import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConfigDocument, WebSocketApiSnapshot } from '@portico/contracts';
import type { FunctionRunner } from '@portico/engine-lambda';
import { authorize, conditionContext, EMPTY_CONTEXT, timeKeys } from '@portico/engine-policy';
import { verifySignature } from '@portico/engine-sigv4';
import type { CompiledGateway, CustomDomains, DomainTarget } from '@portico/gateway-core';
import type { ThrottleKeys, ThrottleStore } from '@portico/engine-throttling';
import { compileUsagePlanTables, IamDirectory, type IamCredential } from '@portico/gateway-rest';
import { WebSocketGateway, type ConnectIamCheck, type WebSocketCompileProblem } from '@portico/gateway-websocket';
import type { WebSocketRuntime } from './websocket-runtime.js';

export interface ServeWebSocketApisOptions {
  readonly region: string;
  readonly accountId: string;
  readonly runtime: WebSocketRuntime;
  readonly functionRunner: FunctionRunner;
  readonly clockSkewMs?: number;
  /** The revision's custom domains (compiled once, shared with the other protocols). */
  readonly domains?: CustomDomains;
  /** The store and key names REST and HTTP APIs throttle with: the account bucket and usage plans are shared. */
  readonly throttle: ThrottleStore;
  readonly throttleKeys: ThrottleKeys;
  /** Told about each stage or integration of the revision that does not compile (the rest is served). */
  onProblem?(problem: WebSocketCompileProblem): void;
}

/** A compile problem in the words of `CompiledGateway.warnings`. */
function problemText(problem: WebSocketCompileProblem): string {
  const where = `WebSocket API ${problem.apiId} stage ${problem.stageName}`;
  return problem.scope === 'stage'
    ? `${where}: refused (${problem.reason}); its upgrades answer 500`
    : `${where} integration ${problem.integrationId}: refused (${problem.reason}); routes ${problem.routeKeys.join(', ') || '(none)'} answer 500`;
}

/** `PostToConnection`'s `Data.max` (spec §8). */
const MAX_POST_BYTES = 131_072;

const EXECUTE_API = '.execute-api.';

function apiIdOf(host: string | undefined): string | undefined {
  if (!host) return undefined;
  const lower = host.toLowerCase();
  const at = lower.indexOf(EXECUTE_API);
  return at > 0 ? lower.slice(0, at) : undefined;
}

/** An `apigatewaymanagementapi` error (spec §8): the type in `x-amzn-ErrorType`, where AWS's SDK reads it. */
function answerError(res: ServerResponse, status: number, type: string, message?: string): void {
  const body = JSON.stringify(message === undefined ? {} : { message });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-amzn-ErrorType': type });
  res.end(body);
}

function answerFailure(res: ServerResponse): void {
  if (!res.headersSent) answerError(res, 500, 'InternalServerErrorException', 'Internal server error');
  else res.destroy();
}

function sourceIpOf(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? '';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/** The `@connections` methods (spec §8). */
const CONNECTION_METHODS = new Set(['POST', 'GET', 'DELETE']);

/** Reads a body up to `limit` bytes; undefined when it is larger (the rest is drained). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      else chunks.push(chunk);
    });
    // One chunk (a small POST's usual case) is the body as it is, not a copy of it.
    req.on('end', () => resolve(over ? undefined : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.on('error', () => resolve(undefined));
  });
}

/**
 * SigV4 (service `execute-api`) against the document's IAM principals, then the caller's identity policies for
 * `action` on `resource` — the check of HTTP APIs' AWS_IAM routes, reused for `$connect` (`execute-api:Invoke`)
 * and `@connections` (`execute-api:ManageConnections`).
 */
function compileIamCheck(document: ConfigDocument, options: ServeWebSocketApisOptions, warnings: string[]) {
  const directory = IamDirectory.compile(document.iam, options.region, warnings);
  const verifyOptions = { service: 'execute-api', region: options.region, clockSkewMs: options.clockSkewMs ?? 5 * 60_000, now: Date.now, lookup: directory.lookup };
  return (req: IncomingMessage, body: Buffer, sourceIp: string, action: string, resource: string): { ok: true; identity: Record<string, unknown> } | { ok: false } => {
    const result = verifySignature({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body }, verifyOptions);
    if (!result.ok) return { ok: false };
    const credential = result.credential as IamCredential;
    if (credential.expiresAt !== undefined && credential.expiresAt <= Date.now()) return { ok: false };
    const principal = credential.principal;
    const caller = principal.caller;
    const context = principal.usesContext ? conditionContext(caller, { ...timeKeys(Date.now()), 'aws:SourceIp': sourceIp }) : EMPTY_CONTEXT;
    const { decision } = authorize({ request: { caller, action, resource, context }, identityPolicies: principal.policies, resourceAccountId: options.accountId });
    if (!decision.allowed) return { ok: false };
    return { ok: true, identity: { accessKey: result.accessKeyId, accountId: caller.accountId, caller: caller.userId, user: caller.userId, userArn: caller.arn } };
  };
}

/**
 * One config revision's WebSocket APIs: compiles their stages, hands them to the process-wide runtime (which
 * serves upgrades and messages), and wraps the revision's handler so that plain HTTP requests whose Host names a
 * WebSocket API are answered here: `POST/GET/DELETE /{stage}/@connections/{connectionId}` (spec §8), and 403 for
 * anything else. With no WebSocket API in the document the handler is returned unchanged.
 */
export function serveWebSocketApis(inner: CompiledGateway, document: ConfigDocument, apis: readonly WebSocketApiSnapshot[], options: ServeWebSocketApisOptions): CompiledGateway {
  if (apis.length === 0) {
    options.runtime.serve(undefined);
    return inner;
  }
  let gateway: WebSocketGateway;
  try {
    // The document's usage plans and keys, compiled once per revision (plans may list WebSocket API stages, spec §6).
    const usage = { tables: compileUsagePlanTables(document, options.accountId, options.throttleKeys), store: options.throttle };
    gateway = WebSocketGateway.compile(apis, { runner: options.functionRunner, region: options.region, accountId: options.accountId, usage });
  } catch (error) {
    void inner.close();
    throw error;
  }
  const warnings: string[] = gateway.problems.map(problemText);
  for (const problem of gateway.problems) options.onProblem?.(problem);
  const iam = compileIamCheck(document, options, warnings);
  const connectIam = (req: IncomingMessage, sourceIp: string): ConnectIamCheck => async (methodArn) => {
    const checked = iam(req, Buffer.alloc(0), sourceIp, 'execute-api:Invoke', methodArn);
    return checked.ok ? { ok: true, identity: checked.identity } : { ok: false, status: 403 };
  };
  options.runtime.serve({ gateway, connectIam, domains: options.domains });
  const arnBase = `arn:aws:execute-api:${options.region}:${options.accountId}`;

  /** `path` is `/{stage}/@connections/{id}`: the request's own on execute-api, the mapping's stage and the rest on a custom domain. */
  const connections = async (req: IncomingMessage, res: ServerResponse, apiId: string, path = (req.url ?? '/').split('?')[0]): Promise<void> => {
    const segments = path.split('/');
    // ['', stage, '@connections' | '%40connections', id]
    let stageName: string;
    let marker: string;
    let connectionId: string;
    try {
      stageName = decodeURIComponent(segments[1] ?? '');
      marker = decodeURIComponent(segments[2] ?? '');
      connectionId = decodeURIComponent(segments[3] ?? '');
    } catch {
      req.resume();
      return answerError(res, 400, 'BadRequestException', 'Invalid request path');
    }
    const stage = gateway.stage(apiId, stageName);
    if (segments.length !== 4 || marker !== '@connections' || connectionId === '' || !stage || !CONNECTION_METHODS.has(req.method ?? '')) {
      req.resume();
      return answerError(res, 403, 'ForbiddenException', 'Forbidden');
    }
    const method = req.method as 'POST' | 'GET' | 'DELETE';
    const body = await readBody(req, MAX_POST_BYTES);
    if (body === undefined) return answerError(res, 413, 'PayloadTooLargeException', 'Message too long');
    const resource = `${arnBase}:${apiId}/${stage.stageName}/${method}/@connections/${connectionId}`;
    const allowed = iam(req, body, sourceIpOf(req), 'execute-api:ManageConnections', resource);
    if (!allowed.ok) return answerError(res, 403, 'ForbiddenException', 'Forbidden');
    const registry = options.runtime.registry;
    if (method === 'POST') {
      const result = await registry.post(connectionId, body);
      if (result === 'gone') return answerError(res, 410, 'GoneException');
      if (result === 'limit') return answerError(res, 429, 'LimitExceededException', 'Too Many Requests');
      res.writeHead(200, { 'content-length': 0 });
      return void res.end();
    }
    if (method === 'GET') {
      const view = await registry.get(connectionId);
      if (!view) return answerError(res, 410, 'GoneException');
      const text = JSON.stringify(view);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      return void res.end(text);
    }
    if (!(await registry.delete(connectionId))) return answerError(res, 410, 'GoneException');
    res.writeHead(204);
    res.end();
  };

  return {
    revision: inner.revision,
    warnings: [...inner.warnings, ...warnings],
    handle(req, res) {
      const apiId = apiIdOf(req.headers.host);
      if (apiId === undefined || !gateway.has(apiId)) return inner.handle(req, res);
      connections(req, res, apiId).catch(() => answerFailure(res));
    },
    // A plain HTTP request to a custom domain mapped to a WebSocket API: the @connections API under the mapping.
    serveMapped(target: DomainTarget, req: IncomingMessage, res: ServerResponse): boolean {
      if (!gateway.has(target.apiId)) return inner.serveMapped?.(target, req, res) ?? false;
      connections(req, res, target.apiId, `/${encodeURIComponent(target.stage)}${target.path}`).catch(() => answerFailure(res));
      return true;
    },
    async close() {
      await Promise.all([inner.close(), gateway.close()]);
    },
  };
}
