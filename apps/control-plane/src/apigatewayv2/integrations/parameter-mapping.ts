import { badRequest } from '@portico/contracts';

/**
 * Parameter-mapping keys of HTTP API integrations (spec §7): what an integration's `requestParameters` and
 * `responseParameters` may change, and the headers AWS refuses to let anyone map.
 */
const REQUEST_KEY = /^(?:(append|overwrite|remove):(header|querystring)\.([^\s]+)|overwrite:path)$/;
const RESPONSE_KEY = /^(?:(append|overwrite|remove):header\.([^\s]+)|overwrite:statuscode)$/;
/** Action parameters of first-class AWS service integrations (`QueueUrl`, `MessageBody`, …). */
const SUBTYPE_KEY = /^[A-Za-z][A-Za-z0-9]{0,127}$/;

const RESERVED_EXACT = new Set([
  'authorization', 'connection', 'content-encoding', 'content-length', 'content-location', 'forwarded', 'keep-alive', 'origin',
  'proxy-authenticate', 'proxy-authorization', 'te', 'trailers', 'transfer-encoding', 'upgrade', 'x-forwarded-for', 'x-forwarded-host',
  'x-forwarded-proto', 'via',
]);
const RESERVED_PREFIXES = ['access-control-', 'apigw-', 'x-amz-', 'x-amzn-'];

export function isReservedHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return RESERVED_EXACT.has(lower) || RESERVED_PREFIXES.some((prefix) => lower.startsWith(prefix));
}

function checkValue(key: string, value: string): void {
  if (value.length === 0) throw badRequest(`Invalid mapping value specified for ${key}: must not be empty`);
  if (value.length > 512) throw badRequest(`Invalid mapping value specified for ${key}: must be at most 512 characters`);
  if (key.startsWith('remove:') && value !== "''") throw badRequest(`Invalid mapping value specified for ${key}: remove takes the empty value ''`);
}

export function checkRequestParameters(parameters: Record<string, string>, subtype: string | undefined): void {
  for (const [key, value] of Object.entries(parameters)) {
    if (subtype !== undefined) {
      if (!SUBTYPE_KEY.test(key)) throw badRequest(`Invalid request parameter key specified for ${subtype}: ${key}`);
      checkValue(key, value);
      continue;
    }
    const match = REQUEST_KEY.exec(key);
    if (!match) throw badRequest(`Invalid mapping expression specified: ${key}. Keys are append|overwrite|remove:header.{name}, append|overwrite|remove:querystring.{name} or overwrite:path`);
    if (match[2] === 'header' && isReservedHeader(match[3]!)) throw badRequest(`Invalid mapping expression specified: ${key}. The header ${match[3]} is reserved`);
    checkValue(key, value);
  }
}

export function checkResponseParameters(parameters: Record<string, Record<string, string>>): void {
  for (const [statusCode, mappings] of Object.entries(parameters)) {
    if (!/^[2-5]\d\d$/.test(statusCode)) throw badRequest(`Invalid status code specified in responseParameters: ${statusCode}. It must be between 200 and 599`);
    for (const [key, value] of Object.entries(mappings)) {
      const match = RESPONSE_KEY.exec(key);
      if (!match) throw badRequest(`Invalid mapping expression specified: ${key}. Keys are append|overwrite|remove:header.{name} or overwrite:statuscode`);
      if (match[2] !== undefined && isReservedHeader(match[2])) throw badRequest(`Invalid mapping expression specified: ${key}. The header ${match[2]} is reserved`);
      checkValue(key, value);
      if (key === 'overwrite:statuscode' && !/^[1-5]\d\d$/.test(value) && !value.startsWith('$')) throw badRequest(`Invalid status code mapping value: ${value}`);
    }
  }
}
