import { badRequest } from '@portico/contracts';

/** AWS's collection shape: wire key `item`; `position` only when another page exists. */
export interface Page<T> {
  item: T[];
  position?: string;
}

export interface Paging {
  limit: number;
  offset: number;
}

export const DEFAULT_PAGE_LIMIT = 25;
export const MAX_PAGE_LIMIT = 500;

/**
 * Reads `?limit=&position=`. `limit` defaults to 25 and is capped at 500 (AWS caps rather than rejects);
 * `position` is an opaque token this module issued (base64url of the offset), so clients never build one.
 */
export function parsePaging(query: { limit?: unknown; position?: unknown }): Paging {
  let limit = DEFAULT_PAGE_LIMIT;
  if (query.limit !== undefined && query.limit !== '') {
    const raw = String(query.limit);
    if (!/^\d+$/.test(raw) || Number(raw) < 1) throw badRequest(`Invalid limit specified: ${raw}`);
    limit = Math.min(Number(raw), MAX_PAGE_LIMIT);
  }
  let offset = 0;
  if (query.position !== undefined && query.position !== '') {
    const decoded = decodePosition(String(query.position));
    if (decoded === undefined) throw badRequest('Invalid position specified');
    offset = decoded;
  }
  return { limit, offset };
}

export function encodePosition(offset: number): string {
  return Buffer.from(`o:${offset}`, 'utf8').toString('base64url');
}

function decodePosition(token: string): number | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  const text = Buffer.from(token, 'base64url').toString('utf8');
  const m = /^o:(\d{1,9})$/.exec(text);
  return m ? Number(m[1]) : undefined;
}

/** Prisma window for a page: one extra row tells whether another page follows. */
export function pageWindow(paging: Paging): { skip: number; take: number } {
  return { skip: paging.offset, take: paging.limit + 1 };
}

/** Builds the page from rows fetched with `pageWindow` (or from a full list when `all` is true). */
export function toPage<R, T>(rows: readonly R[], paging: Paging, map: (row: R) => T, all = false): Page<T> {
  const slice = all ? rows.slice(paging.offset, paging.offset + paging.limit + 1) : rows;
  const hasMore = slice.length > paging.limit;
  const item = slice.slice(0, paging.limit).map(map);
  return hasMore ? { item, position: encodePosition(paging.offset + paging.limit) } : { item };
}
