/**
 * AWS's query protocol as IAM and STS speak it: form-encoded requests (`Action=…&Version=…&Tags.member.1.Key=…`)
 * and XML responses `<{Action}Response><{Action}Result>…</{Action}Result><ResponseMetadata>…`, errors as
 * `<ErrorResponse><Error><Type>Sender</Type><Code>…</Code><Message>…</Message></Error><RequestId>…`.
 */

export const IAM_NAMESPACE = 'https://iam.amazonaws.com/doc/2010-05-08/';
export const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** An expected failure of a query API call: rendered as AWS's XML error, never logged as a fault. */
export class QueryError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly type: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(message);
    this.name = code;
  }
}

export const noSuchEntity = (message: string) => new QueryError(404, 'NoSuchEntity', message);
export const entityAlreadyExists = (message: string) => new QueryError(409, 'EntityAlreadyExists', message);
export const malformedPolicy = (message: string) => new QueryError(400, 'MalformedPolicyDocument', message);
export const deleteConflict = (message: string) => new QueryError(409, 'DeleteConflict', message);
export const limitExceeded = (message: string) => new QueryError(409, 'LimitExceeded', message);
export const validationError = (message: string) => new QueryError(400, 'ValidationError', message);
export const accessDenied = (message: string) => new QueryError(403, 'AccessDenied', message);

/** The decoded form with helpers for the query protocol's flattened lists and maps. */
export class QueryParams {
  constructor(private readonly params: ReadonlyMap<string, string>) {}

  static parse(body: string): QueryParams {
    const map = new Map<string, string>();
    for (const [key, value] of new URLSearchParams(body)) map.set(key, value);
    return new QueryParams(map);
  }

  get(name: string): string | undefined {
    return this.params.get(name);
  }

  /** A required parameter: AWS's validation text when absent. */
  required(name: string, member = lowerFirst(name)): string {
    const value = this.params.get(name);
    if (value === undefined || value === '') {
      throw validationError(`1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`);
    }
    return value;
  }

  integer(name: string): number | undefined {
    const value = this.params.get(name);
    if (value === undefined) return undefined;
    if (!/^-?\d+$/.test(value)) throw validationError(`Value '${value}' at '${lowerFirst(name)}' failed to satisfy constraint: Member must be a number`);
    return Number(value);
  }

  /** `Name.member.1.Key` / `.Value` structures, in index order. */
  members(name: string): Array<Record<string, string>> {
    const byIndex = new Map<number, Record<string, string>>();
    const prefix = `${name}.member.`;
    for (const [key, value] of this.params) {
      if (!key.startsWith(prefix)) continue;
      const rest = key.slice(prefix.length);
      const dot = rest.indexOf('.');
      const index = Number(dot < 0 ? rest : rest.slice(0, dot));
      if (!Number.isInteger(index)) continue;
      const entry = byIndex.get(index) ?? {};
      entry[dot < 0 ? '' : rest.slice(dot + 1)] = value;
      byIndex.set(index, entry);
    }
    return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, entry]) => entry);
  }

  /** `Name.member.N` scalars, in index order. */
  list(name: string): string[] {
    return this.members(name).map((entry) => entry['']).filter((v): v is string => v !== undefined);
  }
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** A value for the XML writer: arrays become `<member>` lists, Dates ISO 8601 without milliseconds. */
export type XmlValue = string | number | boolean | Date | undefined | null | XmlValue[] | { [key: string]: XmlValue };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

export function isoDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function writeValue(value: XmlValue): string {
  if (value === undefined || value === null) return '';
  if (value instanceof Date) return isoDate(value);
  if (Array.isArray(value)) return value.map((item) => `<member>${writeValue(item)}</member>`).join('');
  if (typeof value === 'object') {
    return Object.entries(value)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => `<${k}>${writeValue(v)}</${k}>`)
      .join('');
  }
  return escapeXml(String(value));
}

export function renderResult(action: string, namespace: string, result: Record<string, XmlValue> | undefined, requestId: string): string {
  const body = result === undefined ? '' : `<${action}Result>${writeValue(result)}</${action}Result>`;
  return `<${action}Response xmlns="${namespace}">${body}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
}

export function renderError(error: QueryError, namespace: string, requestId: string): string {
  return (
    `<ErrorResponse xmlns="${namespace}"><Error><Type>${error.type}</Type><Code>${escapeXml(error.code)}</Code>` +
    `<Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}
