import { Inject, Injectable } from '@nestjs/common';
import type { Database, IamAccount } from '@portico/db';
import { DATABASE } from '../../common/tokens.js';
import { writeTransaction } from '../../common/write-transaction.js';

/** An account's root access key, sealed by the service. */
export interface RootKey {
  accessKeyId: string;
  secretCiphertext: string;
}

/** IamAccount rows and each account's root access key. */
@Injectable()
export class AccountsRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /** The default account exists from the start (its root is the bootstrap admin). */
  async ensure(id: string, name: string): Promise<void> {
    await this.database.prisma.iamAccount.upsert({ where: { id }, create: { id, name }, update: {} });
  }

  async exists(id: string): Promise<boolean> {
    return (await this.database.prisma.iamAccount.findUnique({ where: { id }, select: { id: true } })) !== null;
  }

  /** The account and its root key, in one transaction. */
  create(account: { id: string; name: string; email: string | null; createdDate: Date }, root: RootKey): Promise<IamAccount> {
    return writeTransaction(this.database, async (tx) => {
      const created = await tx.iamAccount.create({ data: account });
      await tx.iamAccessKey.create({
        data: { id: root.accessKeyId, accountId: account.id, userKey: null, secretCiphertext: root.secretCiphertext, status: 'Active', createdDate: account.createdDate },
      });
      return created;
    });
  }

  list(): Promise<IamAccount[]> {
    return this.database.prisma.iamAccount.findMany({ orderBy: { createdDate: 'asc' } });
  }

  get(id: string): Promise<IamAccount | null> {
    return this.database.prisma.iamAccount.findUnique({ where: { id } });
  }
}
