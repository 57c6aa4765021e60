import { Inject, Injectable } from '@nestjs/common';
import { conflict, notFound } from '@portico/contracts';
import type { Authorizer, Database } from '@portico/db';
import type { Db } from '../../common/lookups.js';
import { DATABASE } from '../../common/tokens.js';
import { writeTransaction } from '../../common/write-transaction.js';
import { MAX_AUTHORIZERS_PER_API, type AuthorizerState } from './authorizer.rules.js';
import { badRequest } from '@portico/contracts';
import { ADMIN_ERRORS } from '../../common/admin-errors.js';

async function requireAuthorizer(db: Db, accountId: string, restApiId: string, authorizerId: string): Promise<Authorizer> {
  const api = await db.restApi.findUnique({ where: { id: restApiId } });
  if (!api) throw notFound(ADMIN_ERRORS.restApiNotFound(accountId, restApiId));
  const authorizer = await db.authorizer.findUnique({ where: { id: authorizerId } });
  if (!authorizer || authorizer.restApiId !== restApiId) throw notFound(ADMIN_ERRORS.authorizerNotFound);
  return authorizer;
}

@Injectable()
export class AuthorizerRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  create(accountId: string, restApiId: string, id: string, state: AuthorizerState): Promise<Authorizer> {
    return writeTransaction(this.database, async (tx) => {
      // AWS's quirk (spec §1.4): CreateAuthorizer on an unknown API answers 409, not 404.
      const api = await tx.restApi.findUnique({ where: { id: restApiId } });
      if (!api) throw conflict(ADMIN_ERRORS.concurrentModification);
      const count = await tx.authorizer.count({ where: { restApiId } });
      if (count >= MAX_AUTHORIZERS_PER_API) throw badRequest(`Maximum number of authorizers for this API has been reached (${MAX_AUTHORIZERS_PER_API})`);
      return tx.authorizer.create({ data: { id, restApiId, ...state } });
    });
  }

  async list(accountId: string, restApiId: string): Promise<Authorizer[]> {
    const db = this.database.prisma;
    const api = await db.restApi.findUnique({ where: { id: restApiId } });
    if (!api) throw notFound(ADMIN_ERRORS.restApiNotFound(accountId, restApiId));
    return db.authorizer.findMany({ where: { restApiId }, orderBy: [{ name: 'asc' }, { id: 'asc' }] });
  }

  get(accountId: string, restApiId: string, authorizerId: string): Promise<Authorizer> {
    return requireAuthorizer(this.database.prisma, accountId, restApiId, authorizerId);
  }

  /** Applies `change` to the current state inside one transaction; `change` validates and may throw. */
  update(accountId: string, restApiId: string, authorizerId: string, change: (current: AuthorizerState) => AuthorizerState): Promise<Authorizer> {
    return writeTransaction(this.database, async (tx) => {
      const { id: _id, restApiId: _api, ...current } = await requireAuthorizer(tx, accountId, restApiId, authorizerId);
      const next = change({ ...current, type: current.type as AuthorizerState['type'] });
      return tx.authorizer.update({ where: { id: authorizerId }, data: next });
    });
  }

  /** Refuses while a method still uses the authorizer (AWS: ConflictException naming the method). */
  delete(accountId: string, restApiId: string, authorizerId: string): Promise<void> {
    return writeTransaction(this.database, async (tx) => {
      const authorizer = await requireAuthorizer(tx, accountId, restApiId, authorizerId);
      const user = await tx.method.findFirst({ where: { authorizerId, resource: { restApiId } }, include: { resource: true } });
      if (user) throw conflict(`Cannot delete authorizer '${authorizer.name}', is referenced in method: ${user.httpMethod} ${user.resource.path}`);
      await tx.authorizer.delete({ where: { id: authorizerId } });
    });
  }
}
