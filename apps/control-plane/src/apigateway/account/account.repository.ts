import { Inject, Injectable } from '@nestjs/common';
import type { Account, Database } from '@portico/db';
import { DATABASE } from '../../common/tokens.js';
import { writeTransaction } from '../../common/write-transaction.js';

// API Gateway has one account setting per account and region: one row.
const ACCOUNT_ID = 'account';

/** The columns UpdateAccount writes. */
export interface AccountSettings {
  cloudwatchRoleArn: string | null;
  throttleBurstLimit: number;
  throttleRateLimit: number;
}

/** The Account row (absent until the first UpdateAccount: the defaults apply). */
@Injectable()
export class AccountRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  get(): Promise<Account | null> {
    return this.database.prisma.account.findUnique({ where: { id: ACCOUNT_ID } });
  }

  /** Reads the row, lets `change` compute and validate the next settings, and writes them, in one transaction. */
  update(change: (current: Account | null) => AccountSettings): Promise<AccountSettings> {
    return writeTransaction(this.database, async (tx) => {
      const data = change(await tx.account.findUnique({ where: { id: ACCOUNT_ID } }));
      await tx.account.upsert({ where: { id: ACCOUNT_ID }, create: { id: ACCOUNT_ID, ...data }, update: data });
      return data;
    });
  }
}
