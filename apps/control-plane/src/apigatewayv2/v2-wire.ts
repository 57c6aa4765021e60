import type { V2Page } from '@portico/admin-wire';
import { badRequest } from '@portico/contracts';
import { encodePosition } from '../common/paging.js';

/**
 * apigatewayv2's wire conventions (spec §1.1), which differ from REST's: ISO-8601 timestamps without
 * milliseconds (`2018-11-15T06:23:51Z`) and lists as `{items, nextToken}` paged by `maxResults`.
 */
export function isoTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// The /v2 wire shapes live in @portico/admin-wire, shared with the console so that the two cannot drift.
export type { V2Page };

export interface V2Paging {
  maxResults: number;
  offset: number;
}

/** AWS does not document a default page size for /v2 lists [I]: 100, and at most 500 as REST caps. */
export const V2_DEFAULT_MAX_RESULTS = 100;
const V2_MAX_RESULTS = 500;

/** `?maxResults=&nextToken=` (both strings in the model); `nextToken` is one this module issued. */
export function parseV2Paging(query: Record<string, unknown>): V2Paging {
  let maxResults = V2_DEFAULT_MAX_RESULTS;
  const rawMax = query.maxResults;
  if (rawMax !== undefined && rawMax !== '') {
    const text = String(rawMax);
    if (!/^\d{1,9}$/.test(text) || Number(text) < 1) throw badRequest(`Invalid maxResults specified: ${text}`);
    maxResults = Math.min(Number(text), V2_MAX_RESULTS);
  }
  let offset = 0;
  const token = query.nextToken;
  if (token !== undefined && token !== '') {
    const decoded = decodeToken(String(token));
    if (decoded === undefined) throw badRequest('Invalid nextToken specified');
    offset = decoded;
  }
  return { maxResults, offset };
}

function decodeToken(token: string): number | undefined {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(token)) return undefined;
  const match = /^o:(\d{1,9})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : undefined;
}

/** One page of an already ordered list. */
export function toV2Page<R, T>(rows: readonly R[], paging: V2Paging, map: (row: R) => T): V2Page<T> {
  const slice = rows.slice(paging.offset, paging.offset + paging.maxResults);
  const items = slice.map(map);
  const more = rows.length > paging.offset + paging.maxResults;
  return more ? { items, nextToken: encodePosition(paging.offset + paging.maxResults) } : { items };
}

/** Drops undefined members, so that absent optional members are absent on the wire (as AWS omits them). */
export function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as T;
}
