import { Inject, Injectable } from '@nestjs/common';
import { conflict, notFound } from '@portico/contracts';
import type { Database, VpcEndpoint } from '@portico/db';
import { ADMIN_ERRORS } from '../../common/admin-errors.js';
import type { Db } from '../../common/lookups.js';
import { DATABASE } from '../../common/tokens.js';
import { writeTransaction } from '../../common/write-transaction.js';

/** VpcEndpoint rows: reads, and every write in one transaction. */
@Injectable()
export class VpcEndpointRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  create(endpoint: { id: string; vpcId: string; name: string | null; cidrs: string[] }): Promise<VpcEndpoint> {
    return writeTransaction(this.database, async (tx) => {
      if (await tx.vpcEndpoint.findUnique({ where: { id: endpoint.id } })) throw conflict(ADMIN_ERRORS.vpcEndpointExists(endpoint.id));
      return tx.vpcEndpoint.create({ data: endpoint });
    });
  }

  list(): Promise<VpcEndpoint[]> {
    return this.database.prisma.vpcEndpoint.findMany({ orderBy: { id: 'asc' } });
  }

  get(id: string): Promise<VpcEndpoint> {
    return findEndpoint(this.database.prisma, id);
  }

  async delete(id: string): Promise<void> {
    await writeTransaction(this.database, async (tx) => {
      await findEndpoint(tx, id);
      await tx.vpcEndpoint.delete({ where: { id } });
    });
  }
}

async function findEndpoint(db: Db, id: string): Promise<VpcEndpoint> {
  const row = await db.vpcEndpoint.findUnique({ where: { id } });
  if (!row) throw notFound(ADMIN_ERRORS.vpcEndpointNotFound(id));
  return row;
}
