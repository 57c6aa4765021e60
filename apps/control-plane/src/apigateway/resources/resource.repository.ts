import { Inject, Injectable } from '@nestjs/common';
import { badRequest, conflict, notFound } from '@portico/contracts';
import { Prisma, type Database, type Resource } from '@portico/db';
import { requireResource, requireRestApi, type Db } from '../../common/lookups.js';
import { DATABASE } from '../../common/tokens.js';
import { writeTransaction } from '../../common/write-transaction.js';
import { fullMethodInclude, type FullMethod } from '../methods/method.wire.js';
import { checkPlacement, childPath } from './path-part.js';
import { ADMIN_ERRORS } from '../../common/admin-errors.js';

export type ResourceWithMethods = Resource & { methods: FullMethod[] };

@Injectable()
export class ResourceRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  create(accountId: string, restApiId: string, parentId: string, id: string, pathPart: string): Promise<Resource> {
    return writeTransaction(this.database, async (tx) => {
      await requireRestApi(tx, accountId, restApiId);
      const parent = await tx.resource.findUnique({ where: { id: parentId } });
      if (!parent || parent.restApiId !== restApiId) throw notFound(ADMIN_ERRORS.resourceNotFound);
      const siblings = await tx.resource.findMany({ where: { restApiId, parentId }, select: { id: true, pathPart: true } });
      checkPlacement(parent, siblings, pathPart);
      return tx.resource.create({ data: { id, restApiId, parentId, pathPart, path: childPath(parent.path, pathPart) } });
    }).catch((error: unknown) => {
      // A concurrent create of the same name passed the sibling check too; the unique key caught it.
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        throw conflict(ADMIN_ERRORS.siblingPathPartExists(pathPart));
      }
      throw error;
    });
  }

  /** Every resource of the API ordered by path, with methods (full when embedding). */
  async list(accountId: string, restApiId: string, embed: boolean): Promise<ResourceWithMethods[]> {
    const db = this.database.prisma;
    await requireRestApi(db, accountId, restApiId);
    const rows = await db.resource.findMany({
      where: { restApiId },
      orderBy: [{ path: 'asc' }, { id: 'asc' }],
      include: { methods: embed ? { include: fullMethodInclude, orderBy: { httpMethod: 'asc' } } : { orderBy: { httpMethod: 'asc' } } },
    });
    return rows as ResourceWithMethods[];
  }

  async get(accountId: string, restApiId: string, resourceId: string): Promise<ResourceWithMethods> {
    const db = this.database.prisma;
    await requireResource(db, accountId, restApiId, resourceId);
    const row = await db.resource.findUniqueOrThrow({
      where: { id: resourceId },
      include: { methods: { include: fullMethodInclude, orderBy: { httpMethod: 'asc' } } },
    });
    return row;
  }

  /**
   * Moves and/or renames a resource: `change` receives the current (pathPart, parentId) and returns the new
   * pair; placement is re-checked at the destination and the paths of the whole subtree are rewritten.
   */
  update(
    accountId: string,
    restApiId: string,
    resourceId: string,
    change: (current: { pathPart: string | null; parentId: string | null }) => { pathPart: string | null; parentId: string | null },
  ): Promise<Resource> {
    return writeTransaction(this.database, async (tx) => {
      const resource = await requireResource(tx, accountId, restApiId, resourceId);
      const next = change({ pathPart: resource.pathPart, parentId: resource.parentId });
      if (next.pathPart === resource.pathPart && next.parentId === resource.parentId) return resource;
      const all = await tx.resource.findMany({ where: { restApiId } });
      const byId = new Map(all.map((r) => [r.id, r]));
      const parent = next.parentId === null ? undefined : byId.get(next.parentId);
      if (!parent) throw notFound(ADMIN_ERRORS.resourceNotFound);
      // Moving under itself or one of its descendants would detach the subtree from the root.
      for (let cursor: Resource | undefined = parent; cursor; cursor = cursor.parentId ? byId.get(cursor.parentId) : undefined) {
        if (cursor.id === resourceId) throw badRequest('Resources cannot be cyclical.');
      }
      const siblings = all.filter((r) => r.parentId === parent.id && r.id !== resourceId);
      checkPlacement(parent, siblings, next.pathPart ?? '');
      const updated = await tx.resource.update({
        where: { id: resourceId },
        data: { pathPart: next.pathPart, parentId: parent.id, path: childPath(parent.path, next.pathPart ?? '') },
      });
      await this.rewriteDescendantPaths(tx, all, updated);
      return updated;
    });
  }

  private async rewriteDescendantPaths(tx: Db, all: readonly Resource[], root: Resource): Promise<void> {
    const queue: Resource[] = [root];
    while (queue.length > 0) {
      const parent = queue.shift()!;
      for (const child of all.filter((r) => r.parentId === parent.id)) {
        const moved = await tx.resource.update({ where: { id: child.id }, data: { path: childPath(parent.path, child.pathPart ?? '') } });
        queue.push(moved);
      }
    }
  }

  /** Deletes the resource and its subtree (the parent foreign key cascades). */
  async delete(accountId: string, restApiId: string, resourceId: string): Promise<void> {
    await writeTransaction(this.database, async (tx) => {
      const resource = await requireResource(tx, accountId, restApiId, resourceId);
      if (resource.parentId === null) throw badRequest('Cannot delete the root resource of an API');
      await tx.resource.delete({ where: { id: resourceId } });
    });
  }
}
