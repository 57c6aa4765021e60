/**
 * AWS access-log formats: a string with `$context.*` variables substituted (spec §5.4), no VTL logic. A variable
 * that is unset renders as `-`, as in AWS's logs. A format that is a JSON object (AWS's recommended form) gets
 * its values JSON-escaped so that the line stays valid JSON whatever the client sent.
 */
export type AccessLogFormatter = (context: AccessLogContext) => string;

/**
 * The `$context` values of a request: a record with flat or nested keys, or a reader of one variable at a time
 * (the pipeline's, so that a format naming three variables does not build all thirty).
 */
export type AccessLogContext = Readonly<Record<string, unknown>> | ((name: string) => unknown);

// `$context.identity.sourceIp`, `$context.requestOverride.header.x-trace-id`: dot-separated names; a trailing
// dot or bracket ends the variable.
const VARIABLE = /\$context\.([A-Za-z0-9_]+(?:\.[A-Za-z0-9_-]*[A-Za-z0-9_])*)/g;

export function compileAccessLogFormat(format: string): AccessLogFormatter {
  const json = format.trimStart().startsWith('{');
  const literals: string[] = [];
  const paths: string[] = [];
  let last = 0;
  for (const match of format.matchAll(VARIABLE)) {
    literals.push(format.slice(last, match.index));
    paths.push(match[1]);
    last = match.index + match[0].length;
  }
  literals.push(format.slice(last));
  // A format pasted pretty-printed still yields one line per request.
  if (json) for (let i = 0; i < literals.length; i++) literals[i] = literals[i].replace(/\r?\n\s*/g, '');
  else for (let i = 0; i < literals.length; i++) literals[i] = literals[i].replace(/\r?\n/g, ' ');
  const escape = json ? escapeJsonString : escapeLine;
  return (context) => {
    let out = literals[0];
    for (let i = 0; i < paths.length; i++) {
      const value = typeof context === 'function' ? context(paths[i]) : lookup(context, paths[i]);
      out += escape(render(value)) + literals[i + 1];
    }
    return out;
  };
}

/** Flat keys (`identity.sourceIp`) win over nested objects (`identity: { sourceIp }`); both shapes occur. */
function lookup(context: Readonly<Record<string, unknown>>, path: string): unknown {
  if (path in context) return context[path];
  let value: unknown = context;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function render(value: unknown): string {
  if (value === undefined || value === null || value === '') return '-';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function escapeJsonString(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

// A non-JSON format still has to stay on one line: a newline in a header value must not forge a log line.
function escapeLine(value: string): string {
  return value.replace(/[\r\n]/g, (c) => (c === '\n' ? '\\n' : '\\r'));
}
