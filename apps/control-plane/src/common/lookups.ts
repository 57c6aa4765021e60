import { notFound } from '@portico/contracts';
import type { Prisma, PrismaClient } from '@portico/db';
import { ADMIN_ERRORS } from './admin-errors.js';

/** Either the client or a transaction's client: lookups run inside the write's transaction. */
export type Db = PrismaClient | Prisma.TransactionClient;

/**
 * The 404s every family shares, with AWS's texts (spec §1.4). Ids are compared exactly: AWS ids are
 * case-sensitive, so an upper-cased id is unknown.
 */
export async function requireRestApi(db: Db, accountId: string, restApiId: string) {
  const api = await db.restApi.findUnique({ where: { id: restApiId } });
  if (!api) throw notFound(ADMIN_ERRORS.restApiNotFound(accountId, restApiId));
  return api;
}

/**
 * `scope: 'integration'`: AWS's integration routes answer an unknown API as an unknown resource ("Invalid Resource
 * identifier specified"), not with the API's own 404 text.
 */
export type LookupScope = 'default' | 'integration';

export async function requireResource(db: Db, accountId: string, restApiId: string, resourceId: string, scope: LookupScope = 'default') {
  if (scope === 'integration') {
    if (!(await db.restApi.findUnique({ where: { id: restApiId } }))) throw notFound(ADMIN_ERRORS.resourceNotFound);
  } else {
    await requireRestApi(db, accountId, restApiId);
  }
  const resource = await db.resource.findUnique({ where: { id: resourceId } });
  if (!resource || resource.restApiId !== restApiId) throw notFound(ADMIN_ERRORS.resourceNotFound);
  return resource;
}

export async function requireMethod(db: Db, accountId: string, restApiId: string, resourceId: string, httpMethod: string, scope: LookupScope = 'default') {
  const resource = await requireResource(db, accountId, restApiId, resourceId, scope);
  const method = await db.method.findUnique({ where: { resourceId_httpMethod: { resourceId, httpMethod } } });
  if (!method) throw notFound(ADMIN_ERRORS.methodNotFound);
  return { resource, method };
}

export async function requireIntegration(db: Db, accountId: string, restApiId: string, resourceId: string, httpMethod: string, message: string = ADMIN_ERRORS.integrationNotFound) {
  await requireMethod(db, accountId, restApiId, resourceId, httpMethod, 'integration');
  const integration = await db.integration.findUnique({ where: { resourceId_httpMethod: { resourceId, httpMethod } } });
  if (!integration) throw notFound(message);
  return integration;
}

/** JSON columns holding AWS maps are read back as plain records. */
export function jsonRecord<V>(value: unknown): Record<string, V> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, V>) : {};
}

/** AWS omits empty optional maps and lists from responses. */
export function nonEmpty<T extends object>(value: T | undefined | null): T | undefined {
  if (value === undefined || value === null) return undefined;
  return Object.keys(value).length > 0 ? value : undefined;
}
