import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { ResponseSink } from '@portico/gateway-core';
import {
  DEFAULT_GATEWAY_RESPONSE_TEMPLATE,
  gatewayResponseDefaults,
  gatewayResponseTypes,
  type GatewayResponseSnapshot,
} from '@portico/contracts';
import { compileParameterSource, type ParameterSource } from '@portico/engine-integrations';
import type { Invocation } from './invocation.js';
import type { GatewayAnswer } from './refusal.js';

export type { GatewayAnswer } from './refusal.js';

const FORBIDDEN = { statusCode: '403', errorType: 'ForbiddenException', message: 'Forbidden' } as const;

// ACCESS_DENIED's runtime body key is capitalised (`{"Message": …}`), unlike every other type (spec §1.5).
const ACCESS_DENIED_TEMPLATE = '{"Message":$context.error.messageString}';

// REQUEST_TOO_LARGE is not customisable (spec §1.5).
const NOT_CUSTOMISABLE: ReadonlySet<string> = new Set(['REQUEST_TOO_LARGE']);

type TemplatePart = string | ((invocation: Invocation) => string);

interface CompiledTemplate {
  readonly contentType: string;
  readonly parts: readonly TemplatePart[];
}

interface CompiledResponse {
  readonly responseType: GatewayAnswer;
  /** Customised status (the type's own, else its DEFAULT_4XX/5XX family's); wins over the caller's hint. */
  readonly customStatus: number | undefined;
  readonly defaultStatus: number;
  readonly errorType: string | undefined;
  readonly message: string | null;
  readonly headers: ReadonlyArray<readonly [string, ParameterSource]>;
  readonly templates: readonly CompiledTemplate[];
}

// `$context.a.b`, `$stageVariables.x`, and the braced forms `${context.a.b}`; `$!` (quiet) is accepted.
const VARIABLE =
  /\$!?\{(context|stageVariables)\.([A-Za-z0-9_.-]+)\}|\$!?(context|stageVariables)\.([A-Za-z0-9_]+(?:\.[A-Za-z0-9_-]*[A-Za-z0-9_])*)/g;

/** Gateway response templates are plain substitution, no VTL (spec §1.5): compiled into parts once. */
function compileTemplate(contentType: string, template: string, stageVariables: Readonly<Record<string, string>>): CompiledTemplate {
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const match of template.matchAll(VARIABLE)) {
    if (match.index > last) parts.push(template.slice(last, match.index));
    last = match.index + match[0].length;
    const family = match[1] ?? match[3];
    const name = match[2] ?? match[4];
    if (family === 'stageVariables') parts.push(stageVariables[name] ?? '');
    else if (name === 'error.messageString') parts.push((inv) => JSON.stringify(inv.errorMessage ?? null));
    else if (name === 'error.message') parts.push((inv) => (inv.errorMessage === null ? 'null' : (inv.errorMessage ?? '')));
    else parts.push((inv) => inv.contextValue(name) ?? '');
  }
  if (last < template.length) parts.push(template.slice(last));
  return { contentType, parts };
}

function statusOf(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  const n = Number(text);
  return Number.isInteger(n) && n >= 100 && n <= 599 ? n : undefined;
}

export interface RenderOptions {
  /** The status of this situation when the API has not customised one (e.g. 502 for a reset connection). */
  readonly statusHint?: number;
  /** `$context.error.message` when the situation has its own text (e.g. an incomplete SigV4 header). */
  readonly message?: string;
  /** `x-amzn-ErrorType` when the situation has its own (e.g. IncompleteSignatureException). */
  readonly errorType?: string;
}

export interface GatewayResponsesCompileResult {
  readonly renderer: GatewayResponses;
  readonly warnings: readonly string[];
}

/**
 * Renders every gateway-generated error for one API stage: the API's customisation of the type, else its
 * DEFAULT_4XX / DEFAULT_5XX customisation, else the catalog in @portico/contracts. Every answer carries
 * `x-amzn-RequestId`, `x-amz-apigw-id` and `x-amzn-ErrorType` (when the type has one).
 */
export class GatewayResponses {
  private readonly byType = new Map<GatewayAnswer, CompiledResponse>();

  private constructor() {}

  static compile(
    customised: Readonly<Record<string, GatewayResponseSnapshot>>,
    stageVariables: Readonly<Record<string, string>>,
  ): GatewayResponsesCompileResult {
    const renderer = new GatewayResponses();
    const warnings: string[] = [];
    const scope = { allowIntegrationResponse: false, allowMethodRequest: true, stageVariables };
    for (const type of gatewayResponseTypes) {
      const catalog = gatewayResponseDefaults[type];
      const customisable = !NOT_CUSTOMISABLE.has(type);
      const own = customisable ? customised[type] : undefined;
      const family = customisable && type !== catalog.family ? customised[catalog.family] : undefined;
      const defaultTemplate = type === 'ACCESS_DENIED' ? ACCESS_DENIED_TEMPLATE : DEFAULT_GATEWAY_RESPONSE_TEMPLATE;
      const templates =
        [own?.responseTemplates, family?.responseTemplates].find((t) => t && Object.keys(t).length > 0) ??
        { 'application/json': defaultTemplate };
      const parameters = own ? own.responseParameters : (family?.responseParameters ?? {});
      const headers: Array<readonly [string, ParameterSource]> = [];
      for (const [target, expression] of Object.entries(parameters)) {
        const match = /^gatewayresponse\.header\.(.+)$/.exec(target);
        const compiled = match ? compileParameterSource(expression, scope) : undefined;
        if (!match || !compiled?.ok) {
          warnings.push(`gateway response ${type}: ignoring mapping ${target} = ${expression}`);
          continue;
        }
        headers.push([match[1], compiled.source]);
      }
      renderer.byType.set(type, {
        responseType: type,
        customStatus: statusOf(own?.statusCode) ?? statusOf(family?.statusCode),
        defaultStatus: statusOf(catalog.statusCode) ?? (catalog.family === 'DEFAULT_4XX' ? 400 : 500),
        errorType: catalog.errorType,
        message: catalog.message,
        headers,
        templates: Object.entries(templates).map(([contentType, text]) => compileTemplate(contentType, text, stageVariables)),
      });
    }
    renderer.byType.set('FORBIDDEN', {
      responseType: 'FORBIDDEN',
      customStatus: undefined,
      defaultStatus: Number(FORBIDDEN.statusCode),
      errorType: FORBIDDEN.errorType,
      message: FORBIDDEN.message,
      headers: [],
      templates: [compileTemplate('application/json', DEFAULT_GATEWAY_RESPONSE_TEMPLATE, stageVariables)],
    });
    return { renderer, warnings };
  }

  /** The catalog's responses, for requests that reach no API stage. */
  static readonly defaults: GatewayResponses = GatewayResponses.compile({}, {}).renderer;

  /**
   * Puts the gateway response for `type` into the response sink (see RenderOptions for the situation-specific
   * parts); decorators of the sink see it before it is written. A bare node response is wrapped in a sink.
   */
  render(invocation: Invocation, out: ResponseSink | ServerResponse, type: GatewayAnswer, options?: RenderOptions): void {
    const compiled = this.byType.get(type) ?? this.byType.get('API_CONFIGURATION_ERROR');
    if (!compiled) return;
    const status = compiled.customStatus ?? options?.statusHint ?? compiled.defaultStatus;
    invocation.status = status;
    invocation.errorType = compiled.responseType;
    invocation.errorMessage = options?.message ?? compiled.message;
    const template = pickTemplate(compiled.templates, invocation.headers.accept);
    let body = '';
    for (const part of template.parts) body += typeof part === 'string' ? part : part(invocation);
    const length = Buffer.byteLength(body);
    const headers: OutgoingHttpHeaders = {
      'content-type': template.contentType,
      'content-length': length,
      'x-amzn-RequestId': invocation.requestId,
      'x-amz-apigw-id': invocation.extendedRequestId,
    };
    const errorType = options?.errorType ?? compiled.errorType;
    if (errorType) headers['x-amzn-ErrorType'] = errorType;
    for (const [name, source] of compiled.headers) {
      const value = source(invocation);
      if (value !== undefined) headers[name] = typeof value === 'string' ? value : [...value];
    }
    // A body we refuse to read (413, whoever refused it) would otherwise be drained to keep the connection alive.
    if (compiled.responseType === 'REQUEST_TOO_LARGE') headers.connection = 'close';
    invocation.responseLength = length;
    const sink = out instanceof ResponseSink ? out : new ResponseSink(out);
    if (sink.headersSent) {
      sink.destroy();
      return;
    }
    sink.send(status, headers, body);
  }
}

function pickTemplate(templates: readonly CompiledTemplate[], accept: string | undefined): CompiledTemplate {
  if (templates.length === 1 || !accept) return templates.find((t) => t.contentType === 'application/json') ?? templates[0];
  return templates.find((t) => accept.includes(t.contentType)) ?? templates.find((t) => t.contentType === 'application/json') ?? templates[0];
}
