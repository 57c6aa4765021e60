import type { WebSocketIntegrationSnapshot } from '@portico/contracts';
import { parseMockStatusCode } from '@portico/engine-integrations';
import { lambdaInvocationUri, parseLambdaUri, type FunctionRunner, type FunctionTarget } from '@portico/engine-lambda';
import { compileTemplate, contextObject, type CompiledTemplate, type TemplateParams } from '@portico/engine-mapping';
import { request as undiciRequest, type Dispatcher } from 'undici';
import { compileResponseKey, compileSelectionExpression, type SelectionExpression, type SelectionInput } from './selection-expression.js';
import type { WebSocketConnection } from './websocket-events.js';

/** One call of an integration: the event a proxy integration gets, and the facts templates and selection read. */
export interface IntegrationCall {
  /** The Lambda proxy event of this event type (built by the caller). */
  readonly proxyEvent: () => unknown;
  /** The message text (`$input.body`); empty for CONNECT and DISCONNECT. */
  readonly body: string;
  /** The parsed message for `${request.body.…}` selection. */
  readonly selection: SelectionInput;
  /** `$context` by flat name (`connectionId`, `identity.sourceIp`, …). */
  readonly context: () => Iterable<readonly [string, unknown]>;
  readonly connection: WebSocketConnection;
  readonly requestId: string;
}

export type IntegrationResult =
  /**
   * The integration answered: `status` decides `$connect`; `body` is what a two-way route sends back, a text frame,
   * or a binary frame when an integration response's `contentHandlingStrategy` is CONVERT_TO_BINARY.
   */
  | { readonly kind: 'ok'; readonly status: number; readonly body: string | Buffer | undefined; readonly headers: Readonly<Record<string, string>>; readonly latencyMs: number }
  /** It could not answer (function error, timeout, backend unreachable, a template failure): Internal server error. */
  | { readonly kind: 'error'; readonly reason: string; readonly latencyMs: number; readonly integrationStatus?: number };

export interface CompiledWebSocketIntegration {
  readonly type: WebSocketIntegrationSnapshot['integrationType'];
  invoke(call: IntegrationCall): Promise<IntegrationResult>;
}

export interface IntegrationCompileOptions {
  readonly runner: FunctionRunner;
  readonly stageVariables: Readonly<Record<string, string>>;
  readonly dispatcher: Dispatcher;
  /** The region a bare function ARN's invocation URI is formed in. */
  readonly region: string;
}

interface CompiledTemplates {
  readonly select: SelectionExpression | undefined;
  readonly templates: ReadonlyMap<string, CompiledTemplate>;
}

type ContentHandling = 'CONVERT_TO_BINARY' | 'CONVERT_TO_TEXT' | undefined;

interface CompiledResponse {
  readonly matches: (text: string) => boolean;
  readonly isDefault: boolean;
  readonly templates: CompiledTemplates;
  readonly contentHandling: ContentHandling;
}

/**
 * `contentHandlingStrategy` (spec §4.1, §4.3; AWS "Binary media types for WebSocket APIs"): client frames are always
 * text (a binary frame closes the connection with 1003 before any integration runs), so on the integration request
 * of AWS (Lambda), HTTP and HTTP_PROXY integrations CONVERT_TO_BINARY base64-decodes the payload — after the request
 * template — for the backend, and CONVERT_TO_TEXT leaves text as it is (REST's rule for a text payload); on an
 * integration response CONVERT_TO_TEXT base64-encodes the backend's bytes (before the response template, which then
 * sees base64 text) and CONVERT_TO_BINARY base64-decodes the rendered text into a binary frame. Unset: passed through.
 * AWS_PROXY builds its own event and MOCK has no backend: neither converts.
 */
function requestPayload(text: string, handling: ContentHandling): string | Buffer {
  return handling === 'CONVERT_TO_BINARY' ? Buffer.from(text, 'base64') : text;
}

/** The payload a Lambda (AWS) integration invokes with: the decoded bytes are the Invoke payload, JSON text read as UTF-8. */
function lambdaPayload(text: string, handling: ContentHandling): string {
  const payload = requestPayload(text, handling);
  return typeof payload === 'string' ? payload : payload.toString('utf8');
}

function compileTemplates(templates: Readonly<Record<string, string>>, expression: string | undefined, where: string): CompiledTemplates {
  const compiled = new Map<string, CompiledTemplate>();
  for (const [key, source] of Object.entries(templates)) {
    const result = compileTemplate(source);
    if (!result.ok) throw new Error(`${where} template ${key}: ${result.reason}`);
    compiled.set(key, result.template);
  }
  return { select: expression === undefined ? undefined : compileSelectionExpression(expression), templates: compiled };
}

/** The template a selection chooses (spec §2): the selected key, else `$default`; undefined when neither exists. */
function chooseTemplate(t: CompiledTemplates, input: SelectionInput): CompiledTemplate | undefined {
  if (t.select) {
    const chosen = t.templates.get(t.select(input));
    if (chosen) return chosen;
  }
  return t.templates.get('$default') ?? (t.select === undefined && t.templates.size === 1 ? [...t.templates.values()][0] : undefined);
}

const EMPTY_PARAMS: TemplateParams = { path: {}, querystring: {}, header: {} };

function paramsOf(connection: WebSocketConnection): () => TemplateParams {
  return () => ({ path: {}, querystring: { ...connection.queryStringParameters }, header: { ...connection.headers } });
}

function render(template: CompiledTemplate, body: string, call: IntegrationCall, stageVariables: Readonly<Record<string, string>>): { ok: true; output: string } | { ok: false; reason: string } {
  const result = template.render({
    body,
    params: call.connection ? paramsOf(call.connection) : () => EMPTY_PARAMS,
    context: contextObject(call.context()),
    stageVariables,
  });
  return result.ok ? { ok: true, output: result.output } : { ok: false, reason: result.message };
}

/** A Lambda proxy result (spec §4.4): `statusCode`/`body`/`headers`; anything else is the body itself [I]. */
function proxyResult(payload: string): { status: number; body: string | undefined; headers: Record<string, string> } {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return { status: 200, body: payload, headers: {} };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { status: 200, body: payload === 'null' ? undefined : payload, headers: {} };
  const result = value as { statusCode?: unknown; body?: unknown; headers?: unknown };
  if (result.statusCode === undefined && result.body === undefined) return { status: 200, body: payload, headers: {} };
  const status = typeof result.statusCode === 'number' ? result.statusCode : Number(result.statusCode ?? 200);
  const headers: Record<string, string> = {};
  if (result.headers && typeof result.headers === 'object') {
    for (const [k, v] of Object.entries(result.headers as Record<string, unknown>)) if (typeof v === 'string' || typeof v === 'number') headers[k] = String(v);
  }
  const body = result.body === undefined || result.body === null ? undefined : typeof result.body === 'string' ? result.body : JSON.stringify(result.body);
  return { status: Number.isInteger(status) ? status : 502, body, headers };
}

/**
 * An integration that does not compile (a URI that names no Lambda function or no http(s) URL once the stage's
 * variables are in, a template that does not parse, …): refused alone, its routes answer as a failed integration
 * does on AWS (500 `Internal server error` on the upgrade, the `Internal server error` frame on a message), and the
 * rest of the stage and of the document serve on.
 */
export function refusedWebSocketIntegration(integration: WebSocketIntegrationSnapshot, reason: string): CompiledWebSocketIntegration {
  const failure: IntegrationResult = { kind: 'error', reason: `integration ${integration.integrationId} does not compile: ${reason}`, latencyMs: 0 };
  return { type: integration.integrationType, invoke: () => Promise.resolve(failure) };
}

/**
 * Compiles one integration of a stage (spec §4): AWS_PROXY (the Lambda proxy event, its `body` sent back),
 * AWS (Lambda with request templates, integration responses selected by `errorMessage`), HTTP (templates,
 * responses selected by status), HTTP_PROXY (the message forwarded as is), MOCK (the template's `statusCode`).
 * Templates and URIs are compiled here, once per config.
 */
export function compileWebSocketIntegration(integration: WebSocketIntegrationSnapshot, options: IntegrationCompileOptions): CompiledWebSocketIntegration {
  const where = `integration ${integration.integrationId}`;
  const timeoutMs = integration.timeoutInMillis;
  const requestTemplates = compileTemplates(integration.requestTemplates, integration.templateSelectionExpression, `${where} request`);
  const responses: CompiledResponse[] = integration.integrationResponses.map((response) => {
    const matches = compileResponseKey(response.integrationResponseKey);
    if (!matches) throw new Error(`${where}: integration response key ${JSON.stringify(response.integrationResponseKey)} is neither $default nor /regex/`);
    return {
      matches,
      isDefault: response.integrationResponseKey === '$default',
      templates: compileTemplates(response.responseTemplates, response.templateSelectionExpression, `${where} response ${response.integrationResponseKey}`),
      contentHandling: response.contentHandlingStrategy,
    };
  });
  const defaultResponse = responses.find((r) => r.isDefault);
  // `/regex/` keys first, then `$default` (spec §4.3: no match → `$default`).
  const selectResponse = (text: string | undefined): CompiledResponse | undefined =>
    (text === undefined ? undefined : responses.find((r) => !r.isDefault && r.matches(text))) ?? defaultResponse;

  const requestBody = (call: IntegrationCall): { ok: true; output: string } | { ok: false; reason: string } => {
    const template = chooseTemplate(requestTemplates, call.selection);
    if (!template) {
      // WHEN_NO_MATCH / WHEN_NO_TEMPLATES pass the message through; NEVER refuses it (spec §4.1).
      if (integration.passthroughBehavior === 'NEVER' || (integration.passthroughBehavior === 'WHEN_NO_TEMPLATES' && requestTemplates.templates.size > 0)) {
        return { ok: false, reason: 'no request template matches and passthroughBehavior refuses the message' };
      }
      return { ok: true, output: call.body };
    }
    return render(template, call.body, call, options.stageVariables);
  };

  const renderResponse = (
    call: IntegrationCall,
    response: CompiledResponse | undefined,
    raw: string | Buffer,
    selection: SelectionInput,
  ): { ok: true; output: string | Buffer } | { ok: false; reason: string } => {
    const handling = response?.contentHandling;
    const body = handling === 'CONVERT_TO_TEXT' ? Buffer.from(raw).toString('base64') : raw.toString();
    const template = response ? chooseTemplate(response.templates, selection) : undefined;
    const out = template ? render(template, body, call, options.stageVariables) : { ok: true as const, output: body };
    return out.ok && handling === 'CONVERT_TO_BINARY' ? { ok: true, output: Buffer.from(out.output, 'base64') } : out;
  };

  let target: FunctionTarget | undefined;
  if (integration.integrationType === 'AWS_PROXY' || integration.integrationType === 'AWS') {
    const parsed = parseLambdaUri(lambdaInvocationUri(integration.integrationUri ?? '', options.region), options.stageVariables);
    if (!parsed.ok) throw new Error(`${where}: ${parsed.reason} (AWS service actions other than Lambda are not supported)`);
    target = parsed.target;
  }
  const uri = (integration.integrationUri ?? '').replace(/\$\{stageVariables\.([A-Za-z0-9_]+)\}/g, (_all, name: string) => options.stageVariables[name] ?? '');
  if ((integration.integrationType === 'HTTP' || integration.integrationType === 'HTTP_PROXY') && !/^https?:\/\//.test(uri)) {
    throw new Error(`${where}: integrationUri ${JSON.stringify(uri)} is not an http(s) URL`);
  }
  if (integration.connectionType === 'VPC_LINK') throw new Error(`${where}: VPC links are not supported`);
  const method = (integration.integrationMethod ?? 'POST').toUpperCase();

  const http = async (call: IntegrationCall, body: string | Buffer, headers: Record<string, string>) => {
    const response = await undiciRequest(uri, {
      method: method as Dispatcher.HttpMethod,
      headers,
      body: method === 'GET' || method === 'HEAD' ? undefined : body,
      dispatcher: options.dispatcher,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const bytes = Buffer.from(await response.body.arrayBuffer());
    const responseHeaders: Record<string, string> = {};
    for (const [k, v] of Object.entries(response.headers)) if (v !== undefined) responseHeaders[k] = Array.isArray(v) ? v.join(',') : v;
    return { status: response.statusCode, bytes, headers: responseHeaders };
  };

  const invoke = async (call: IntegrationCall): Promise<IntegrationResult> => {
    const started = performance.now();
    const elapsed = () => performance.now() - started;
    switch (integration.integrationType) {
      case 'AWS_PROXY': {
        const result = await options.runner.invoke(target as FunctionTarget, JSON.stringify(call.proxyEvent()), { deadline: Date.now() + timeoutMs, requestId: call.requestId });
        if (result.kind !== 'success') return { kind: 'error', reason: result.kind === 'function-error' ? `function error: ${result.error.errorMessage ?? ''}` : result.message, latencyMs: elapsed() };
        return { kind: 'ok', ...proxyResult(result.payload), latencyMs: elapsed() };
      }
      case 'AWS': {
        const payload = requestBody(call);
        if (!payload.ok) return { kind: 'error', reason: payload.reason, latencyMs: elapsed() };
        const result = await options.runner.invoke(target as FunctionTarget, lambdaPayload(payload.output, integration.contentHandlingStrategy), { deadline: Date.now() + timeoutMs, requestId: call.requestId });
        if (result.kind === 'timeout' || result.kind === 'failed') return { kind: 'error', reason: result.message, latencyMs: elapsed() };
        // Lambda errors select by `errorMessage` (spec §2); a success selects `$default`.
        const errorMessage = result.kind === 'function-error' ? (result.error.errorMessage ?? '') : undefined;
        const response = selectResponse(errorMessage);
        if (errorMessage !== undefined && (!response || response.isDefault)) return { kind: 'error', reason: `function error: ${errorMessage}`, latencyMs: elapsed() };
        const out = renderResponse(call, response, result.payload, call.selection);
        if (!out.ok) return { kind: 'error', reason: out.reason, latencyMs: elapsed() };
        return { kind: 'ok', status: 200, body: out.output, headers: {}, latencyMs: elapsed() };
      }
      case 'HTTP':
      case 'HTTP_PROXY': {
        const proxy = integration.integrationType === 'HTTP_PROXY';
        const payload = proxy ? { ok: true as const, output: call.body } : requestBody(call);
        if (!payload.ok) return { kind: 'error', reason: payload.reason, latencyMs: elapsed() };
        let answer: { status: number; bytes: Buffer; headers: Record<string, string> };
        try {
          answer = await http(call, requestPayload(payload.output, integration.contentHandlingStrategy), {
            'content-type': integration.contentHandlingStrategy === 'CONVERT_TO_BINARY' ? 'application/octet-stream' : 'application/json',
            'x-amzn-connectionid': call.connection.connectionId,
          });
        } catch (error) {
          return { kind: 'error', reason: `backend request failed: ${error instanceof Error ? error.message : String(error)}`, latencyMs: elapsed() };
        }
        if (proxy) return { kind: 'ok', status: answer.status, body: answer.bytes.toString('utf8'), headers: {}, latencyMs: elapsed() };
        const selection: SelectionInput = { ...call.selection, statusCode: answer.status, headers: answer.headers };
        const out = renderResponse(call, selectResponse(String(answer.status)), answer.bytes, selection);
        if (!out.ok) return { kind: 'error', reason: out.reason, latencyMs: elapsed(), integrationStatus: answer.status };
        return { kind: 'ok', status: answer.status, body: out.output, headers: {}, latencyMs: elapsed() };
      }
      case 'MOCK': {
        const payload = requestBody(call);
        if (!payload.ok) return { kind: 'error', reason: payload.reason, latencyMs: elapsed() };
        const status = parseMockStatusCode(payload.output) ?? 200;
        const selection: SelectionInput = { ...call.selection, statusCode: status };
        const out = renderResponse(call, selectResponse(String(status)), '', selection);
        if (!out.ok) return { kind: 'error', reason: out.reason, latencyMs: elapsed() };
        return { kind: 'ok', status, body: responses.length > 0 ? out.output : undefined, headers: {}, latencyMs: elapsed() };
      }
    }
  };
  return { type: integration.integrationType, invoke };
}
