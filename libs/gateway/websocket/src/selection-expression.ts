import { compileJsonPath, type CompiledJsonPath } from '@portico/engine-mapping';

/** What a selection expression reads (spec §2); each member is looked at only when the expression names it. */
export interface SelectionInput {
  /** The message parsed as JSON; `NOT_JSON` when it is not JSON (then `request.body.*` is empty). */
  readonly body?: unknown;
  /** `integration.response.statuscode` (HTTP and MOCK integrations). */
  readonly statusCode?: number;
  /** `integration.response.header.X` / `multivalueheader.X`, names lower-case. */
  readonly headers?: Readonly<Record<string, string | readonly string[]>>;
  /** `context.X` (`$context` variables by flat name) and `stageVariables.X`. */
  readonly context?: (name: string) => string | undefined;
  readonly stageVariables?: Readonly<Record<string, string>>;
}

export const NOT_JSON: unique symbol = Symbol('portico.notJson');

/** A compiled selection expression: the text it evaluates to (missing values are the empty string). */
export type SelectionExpression = (input: SelectionInput) => string;

type Part = string | ((input: SelectionInput) => string);

/**
 * A JSON value as selection sees it: strings as they are, other scalars as their text, arrays as
 * `[item1, item2]` (spec §2: "stringified (`"[item1, item2]"`)") and objects as JSON [I].
 */
export function stringifySelected(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return `[${value.map(stringifySelected).join(', ')}]`;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * One variable (without its `$`): `request.body.{jsonpath}`, `integration.response.statuscode` (also AWS's CLI
 * spelling `response.statuscode`, spec §2), `integration.response.header.X`, `…multivalueheader.X`, `context.X`,
 * `stageVariables.X`. Undefined for a name that is no variable (the text is then literal, like `$default`).
 */
function variable(name: string): ((input: SelectionInput) => string) | undefined {
  if (name === 'request.body' || name.startsWith('request.body.') || name.startsWith('request.body[')) {
    const compiled = compileJsonPath(`$${name.slice('request.body'.length)}`);
    if (!compiled.ok) return () => '';
    const path: CompiledJsonPath = compiled.path;
    return (input) => (input.body === NOT_JSON || input.body === undefined ? '' : stringifySelected(path.evaluate(input.body)));
  }
  if (name === 'integration.response.statuscode' || name === 'response.statuscode') {
    return (input) => (input.statusCode === undefined ? '' : String(input.statusCode));
  }
  const header = /^(?:integration\.)?response\.(header|multivalueheader)\.(.+)$/.exec(name);
  if (header) {
    const key = header[2].toLowerCase();
    const multi = header[1] === 'multivalueheader';
    return (input) => {
      const value = input.headers?.[key];
      if (value === undefined) return '';
      if (typeof value === 'string') return value;
      return multi ? value.join(',') : (value[value.length - 1] ?? '');
    };
  }
  if (name.startsWith('context.')) {
    const key = name.slice('context.'.length);
    return (input) => input.context?.(key) ?? '';
  }
  if (name.startsWith('stageVariables.')) {
    const key = name.slice('stageVariables.'.length);
    return (input) => input.stageVariables?.[key] ?? '';
  }
  return undefined;
}

/**
 * Compiles a selection expression once per config (spec §2): a single variable (`$request.body.action`),
 * `${…}`-delimited variables inside text (`${request.body.service}/${request.body.action}`), plain text
 * (`action`, `$default`), and `\$` for a literal dollar. Each variable is evaluated once, never recursively.
 */
export function compileSelectionExpression(expression: string): SelectionExpression {
  const parts: Part[] = [];
  let text = '';
  let i = 0;
  const flush = () => {
    if (text !== '') parts.push(text);
    text = '';
  };
  while (i < expression.length) {
    const c = expression[i];
    if (c === '\\' && expression[i + 1] === '$') {
      text += '$';
      i += 2;
      continue;
    }
    if (c === '$' && expression[i + 1] === '{') {
      const end = expression.indexOf('}', i + 2);
      if (end > 0) {
        const read = variable(expression.slice(i + 2, end).trim());
        if (read) {
          flush();
          parts.push(read);
        } else text += expression.slice(i, end + 1);
        i = end + 1;
        continue;
      }
    }
    if (c === '$') {
      // `$name.path…` up to the first character that cannot be part of a variable.
      const match = /^\$([A-Za-z][A-Za-z0-9_.\-[\]'"]*)/.exec(expression.slice(i));
      const read = match ? variable(match[1]) : undefined;
      if (match && read) {
        flush();
        parts.push(read);
        i += match[0].length;
        continue;
      }
    }
    text += c;
    i++;
  }
  flush();
  if (parts.length === 0) return () => '';
  if (parts.length === 1) {
    const only = parts[0];
    return typeof only === 'string' ? () => only : only;
  }
  return (input) => {
    let out = '';
    for (const part of parts) out += typeof part === 'string' ? part : part(input);
    return out;
  };
}

/** Parses a message body for selection: its JSON value, or `NOT_JSON` (such messages go to `$default`, spec §3). */
export function parseMessageBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return NOT_JSON;
  }
}

/**
 * An integration response key (spec §4.3): `$default`, or `/regex/` matched against the Lambda `errorMessage` or
 * the HTTP status code. The regex must match the whole text, as API Gateway's selection patterns do [I].
 */
export function compileResponseKey(key: string): ((text: string) => boolean) | undefined {
  if (key === '$default') return () => true;
  if (key.length >= 2 && key.startsWith('/') && key.endsWith('/')) {
    try {
      const regex = new RegExp(`^(?:${key.slice(1, -1)})$`, 's');
      return (text) => regex.test(text);
    } catch {
      return undefined;
    }
  }
  return undefined;
}
