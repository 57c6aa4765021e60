import { compileJsonPath } from '@portico/engine-mapping';

/**
 * HTTP API parameter mapping (spec §7), compiled once per integration. Request keys are
 * `append|overwrite|remove:header.{name}`, `append|overwrite|remove:querystring.{name}` and `overwrite:path`;
 * response keys (per status code) `append|overwrite|remove:header.{name}` and `overwrite:statuscode`. Values are
 * `$request.header.x`, `$request.querystring.x`, `$request.body.{jsonpath}`, `$request.path`,
 * `$request.path.{param}`, `$response.header.x`, `$response.body.{jsonpath}`, `$context.x`,
 * `$stageVariables.x`, static text, or several of them combined in braces (`${request.path.id} ${context.stage}`).
 */

/** What a value can read: every lookup returns undefined when the source is absent. */
export interface MappingScope {
  header(name: string): string | undefined;
  querystring(name: string): string | undefined;
  /** The parsed JSON body (undefined when there is none or it is not JSON). */
  body(): unknown;
  path(): string;
  pathParameter(name: string): string | undefined;
  context(name: string): string | undefined;
  stageVariable(name: string): string | undefined;
  responseHeader?(name: string): string | undefined;
  responseBody?(): unknown;
}

type Value = (scope: MappingScope) => string | undefined;

export type MappingAction = 'append' | 'overwrite' | 'remove';

export interface HeaderOperation {
  readonly action: MappingAction;
  /** Lower-case header name, or the query parameter name as written (case-sensitive). */
  readonly name: string;
  readonly value: Value;
}

export interface CompiledRequestMapping {
  readonly headers: readonly HeaderOperation[];
  readonly querystring: readonly HeaderOperation[];
  readonly path: Value | undefined;
  /** Whether a value reads the body (the pipeline buffers it only then). */
  readonly readsBody: boolean;
}

export interface CompiledResponseMapping {
  /** By status code: header operations and an `overwrite:statuscode` value. */
  readonly byStatus: ReadonlyMap<number, { readonly headers: readonly HeaderOperation[]; readonly statusCode: Value | undefined }>;
}

export type MappingResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/** Headers no mapping may set or remove (AWS's list, spec §7); prefixes end with `*`. */
const RESERVED = [
  'access-control-*',
  'apigw-*',
  'authorization',
  'connection',
  'content-encoding',
  'content-length',
  'content-location',
  'forwarded',
  'keep-alive',
  'origin',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailers',
  'transfer-encoding',
  'upgrade',
  'x-amz-*',
  'x-amzn-*',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'via',
];

export function isReservedHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return RESERVED.some((r) => (r.endsWith('*') ? lower.startsWith(r.slice(0, -1)) : lower === r));
}

function jsonText(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** One `request.header.x`-style reference (without `$`/braces). */
function compileReference(ref: string, response: boolean): MappingResult<{ value: Value; readsBody: boolean }> {
  const dot = ref.indexOf('.');
  const root = dot < 0 ? ref : ref.slice(0, dot);
  const rest = dot < 0 ? '' : ref.slice(dot + 1);
  const sub = (prefix: string): string | undefined => (rest.startsWith(prefix) ? rest.slice(prefix.length) : undefined);
  if (root === 'context' && rest !== '') return { ok: true, value: { value: (s) => s.context(rest), readsBody: false } };
  if (root === 'stageVariables' && rest !== '') return { ok: true, value: { value: (s) => s.stageVariable(rest), readsBody: false } };
  if (root === 'request' && !response) {
    if (rest === 'path') return { ok: true, value: { value: (s) => s.path(), readsBody: false } };
    const header = sub('header.');
    if (header) return { ok: true, value: { value: (s) => s.header(header.toLowerCase()), readsBody: false } };
    const query = sub('querystring.');
    if (query) return { ok: true, value: { value: (s) => s.querystring(query), readsBody: false } };
    const param = sub('path.');
    if (param) return { ok: true, value: { value: (s) => s.pathParameter(param), readsBody: false } };
    if (rest === 'body') return { ok: true, value: { value: (s) => jsonText(s.body()), readsBody: true } };
    const body = sub('body.');
    if (body !== undefined) return bodyPath(body, (s) => s.body());
  }
  if (root === 'response' && response) {
    const header = sub('header.');
    if (header) return { ok: true, value: { value: (s) => s.responseHeader?.(header.toLowerCase()), readsBody: false } };
    if (rest === 'body') return { ok: true, value: { value: (s) => jsonText(s.responseBody?.()), readsBody: true } };
    const body = sub('body.');
    if (body !== undefined) return bodyPath(body, (s) => s.responseBody?.());
  }
  return { ok: false, reason: `unsupported mapping source $${ref}` };
}

function bodyPath(expression: string, read: (s: MappingScope) => unknown): MappingResult<{ value: Value; readsBody: boolean }> {
  // No recursive descent and no filters on HTTP APIs (spec §7).
  if (expression.startsWith('.') || expression.includes('..') || expression.includes('?')) return { ok: false, reason: `JSONPath ${expression}: recursive descent and filters are not supported` };
  const compiled = compileJsonPath(`$.${expression}`);
  if (!compiled.ok) return compiled;
  return { ok: true, value: { value: (s) => jsonText(compiled.path.evaluate(read(s))), readsBody: true } };
}

const WHOLE = /^\$((?:request|response|context|stageVariables)\.[^\s${}]+|request\.path|request\.body|response\.body)$/;
const BRACED = /\$\{([^{}]+)\}/g;

/** A mapping value: a single `$source`, static text, or text with `${source}` parts. */
export function compileValue(text: string, response = false): MappingResult<{ value: Value; readsBody: boolean }> {
  const whole = WHOLE.exec(text);
  if (whole) return compileReference(whole[1], response);
  const parts: Array<string | Value> = [];
  let readsBody = false;
  let last = 0;
  for (let m = BRACED.exec(text); m; m = BRACED.exec(text)) {
    if (m.index > last) parts.push(text.slice(last, m.index));
    const ref = compileReference(m[1], response);
    if (!ref.ok) return ref;
    readsBody ||= ref.value.readsBody;
    parts.push(ref.value.value);
    last = m.index + m[0].length;
  }
  BRACED.lastIndex = 0;
  if (last === 0) return { ok: true, value: { value: () => text, readsBody: false } };
  if (last < text.length) parts.push(text.slice(last));
  return {
    ok: true,
    value: {
      value: (s) => {
        let out = '';
        for (const part of parts) out += typeof part === 'string' ? part : (part(s) ?? '');
        return out;
      },
      readsBody,
    },
  };
}

function parseKey(key: string): { action: MappingAction; target: string } | undefined {
  const colon = key.indexOf(':');
  if (colon < 0) return undefined;
  const action = key.slice(0, colon);
  if (action !== 'append' && action !== 'overwrite' && action !== 'remove') return undefined;
  return { action, target: key.slice(colon + 1) };
}

/** Compiles an integration's `requestParameters`; a reserved header or an unknown key refuses the whole map. */
export function compileRequestMapping(parameters: Readonly<Record<string, string>> | undefined): MappingResult<CompiledRequestMapping> {
  const headers: HeaderOperation[] = [];
  const querystring: HeaderOperation[] = [];
  let path: Value | undefined;
  let readsBody = false;
  for (const [key, text] of Object.entries(parameters ?? {})) {
    const parsed = parseKey(key);
    if (!parsed) return { ok: false, reason: `invalid mapping key ${key}` };
    const value = parsed.action === 'remove' ? { ok: true as const, value: { value: () => '', readsBody: false } } : compileValue(text);
    if (!value.ok) return value;
    readsBody ||= value.value.readsBody;
    if (parsed.target.startsWith('header.')) {
      const name = parsed.target.slice('header.'.length).toLowerCase();
      if (name === '' || isReservedHeader(name)) return { ok: false, reason: `header ${name} is reserved and cannot be mapped` };
      headers.push({ action: parsed.action, name, value: value.value.value });
    } else if (parsed.target.startsWith('querystring.')) {
      const name = parsed.target.slice('querystring.'.length);
      if (name === '') return { ok: false, reason: `invalid mapping key ${key}` };
      querystring.push({ action: parsed.action, name, value: value.value.value });
    } else if (parsed.target === 'path' && parsed.action === 'overwrite') {
      path = value.value.value;
    } else {
      return { ok: false, reason: `invalid mapping key ${key}` };
    }
  }
  return { ok: true, value: { headers, querystring, path, readsBody } };
}

/** Compiles an integration's `responseParameters` (keyed by status code `200`…`599`). */
export function compileResponseMapping(
  parameters: Readonly<Record<string, Readonly<Record<string, string>>>> | undefined,
): MappingResult<CompiledResponseMapping> {
  const byStatus = new Map<number, { headers: HeaderOperation[]; statusCode: Value | undefined }>();
  for (const [status, map] of Object.entries(parameters ?? {})) {
    const code = Number(status);
    if (!/^\d{3}$/.test(status) || code < 200 || code > 599) return { ok: false, reason: `response mapping status ${status} is not 200..599` };
    const entry = { headers: [] as HeaderOperation[], statusCode: undefined as Value | undefined };
    for (const [key, text] of Object.entries(map)) {
      const parsed = parseKey(key);
      if (!parsed) return { ok: false, reason: `invalid mapping key ${key}` };
      const value = parsed.action === 'remove' ? { ok: true as const, value: { value: () => '', readsBody: false } } : compileValue(text, true);
      if (!value.ok) return value;
      if (parsed.target.startsWith('header.')) {
        const name = parsed.target.slice('header.'.length).toLowerCase();
        if (name === '' || isReservedHeader(name)) return { ok: false, reason: `header ${name} is reserved and cannot be mapped` };
        entry.headers.push({ action: parsed.action, name, value: value.value.value });
      } else if (parsed.target === 'statuscode' && parsed.action === 'overwrite') {
        entry.statusCode = value.value.value;
      } else {
        return { ok: false, reason: `invalid mapping key ${key}` };
      }
    }
    byStatus.set(code, entry);
  }
  return { ok: true, value: { byStatus } };
}

/**
 * Applies operations to a multi-valued map (headers by lower-case name, or query parameters). `append` adds a
 * value (sent comma-joined with the existing ones), `overwrite` replaces, `remove` deletes. A value whose source
 * is absent leaves the map unchanged.
 */
export function applyOperations(target: Map<string, string[]>, operations: readonly HeaderOperation[], scope: MappingScope): void {
  for (const op of operations) {
    if (op.action === 'remove') {
      target.delete(op.name);
      continue;
    }
    const value = op.value(scope);
    if (value === undefined) continue;
    if (op.action === 'overwrite') target.set(op.name, [value]);
    else {
      const existing = target.get(op.name);
      if (existing) existing.push(value);
      else target.set(op.name, [value]);
    }
  }
}
