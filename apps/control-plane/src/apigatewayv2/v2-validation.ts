import { badRequest, type CorsConfiguration } from '@portico/contracts';
import { checkTags } from '../common/limits.js';
import { read } from '../common/validation.js';

/**
 * Input rules shared by the /v2 families. apigatewayv2 reports every constraint violation as a
 * BadRequestException (its model has no ValidationException); a JSON value of the wrong type is still the
 * front end's SerializationException, as for REST.
 */
export function checkLength(value: string | undefined, min: number, max: number, member: string): void {
  if (value === undefined) return;
  if (value.length < min || value.length > max) throw badRequest(`Invalid ${member}: must be ${min === max ? min : `${min}-${max}`} characters long`);
}

export function required<T>(value: T | undefined, member: string): T {
  if (value === undefined) throw badRequest(`${member} is required`);
  return value;
}

export function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], member: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw badRequest(`Invalid ${member} specified: ${value}. Valid values are ${allowed.join(', ')}`);
  return value as T;
}

export function tagsOf(body: Record<string, unknown>): Record<string, string> | undefined {
  const tags = read.stringMap(body, 'tags');
  if (tags !== undefined) checkTags(tags);
  return tags;
}

const CORS_LISTS = ['allowOrigins', 'allowMethods', 'allowHeaders', 'exposeHeaders'] as const;

/**
 * AWS's `Cors` (spec §9). Portico refuses `*` origins with credentials at configuration time [I]: a browser
 * refuses that combination anyway, and AWS leaves the data plane's answer undocumented.
 */
export function parseCors(body: Record<string, unknown>, key = 'corsConfiguration'): CorsConfiguration | undefined {
  const cors = read.object(body, key);
  if (cors === undefined) return undefined;
  const result: CorsConfiguration = { allowOrigins: [], allowMethods: [], allowHeaders: [], exposeHeaders: [], allowCredentials: false };
  for (const list of CORS_LISTS) {
    const items = read.stringList(cors, list, `${key}.${list}`) ?? [];
    if (items.length > 100) throw badRequest(`Invalid ${key}.${list}: at most 100 entries are allowed`);
    for (const item of items) checkLength(item, 1, list === 'allowMethods' ? 64 : 1024, `${key}.${list} entry`);
    result[list] = items;
  }
  const maxAge = read.integer(cors, 'maxAge', `${key}.maxAge`);
  if (maxAge !== undefined && (maxAge < -1 || maxAge > 86_400)) throw badRequest(`Invalid ${key}.maxAge specified: ${maxAge}. It must be between -1 and 86400`);
  if (maxAge !== undefined) result.maxAge = maxAge;
  result.allowCredentials = read.boolean(cors, 'allowCredentials', `${key}.allowCredentials`) ?? false;
  if (result.allowCredentials && result.allowOrigins.includes('*')) {
    throw badRequest('allow-credentials cannot be true when allow-origins contains *');
  }
  return result;
}

/** The Cors as AWS returns it: only the members that were set. */
export function corsWire(cors: CorsConfiguration | null | undefined): Record<string, unknown> | undefined {
  if (!cors) return undefined;
  const wire: Record<string, unknown> = {};
  for (const list of CORS_LISTS) if (cors[list].length > 0) wire[list] = cors[list];
  if (cors.maxAge !== undefined) wire.maxAge = cors.maxAge;
  if (cors.allowCredentials) wire.allowCredentials = true;
  return wire;
}

/** Stage variable names and values (spec §2). */
export function checkStageVariables(variables: Record<string, string>): void {
  const entries = Object.entries(variables);
  if (entries.length > 100) throw badRequest('Too many stage variables: at most 100 are allowed');
  for (const [name, value] of entries) {
    if (!/^[A-Za-z0-9_]{1,64}$/.test(name)) throw badRequest(`Invalid stage variable name specified: ${name}. Names may contain only alphanumeric characters and underscores`);
    if (value !== '' && !/^[A-Za-z0-9\-._~:/?#&=,]{1,2048}$/.test(value)) {
      throw badRequest(`Invalid stage variable value specified for ${name}: values may contain only alphanumerics and -._~:/?#&=, (at most 2048)`);
    }
  }
}

/** The two /v2 protocols; rules that differ branch on it. */
export type V2ProtocolType = 'HTTP' | 'WEBSOCKET';

/** AWS answers a member of the other protocol with a BadRequest naming the protocol that supports it. */
export function onlyFor(protocolType: V2ProtocolType, what: string): never {
  throw badRequest(`${what} ${/s$/.test(what) ? 'are' : 'is'} supported only for ${protocolType === 'HTTP' ? 'HTTP' : 'WebSocket'} APIs`);
}
