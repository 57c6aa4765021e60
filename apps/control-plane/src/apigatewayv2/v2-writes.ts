import { Inject, Injectable } from '@nestjs/common';
import type { Database, Prisma } from '@portico/db';
import { DATABASE } from '../common/tokens.js';
import { writeTransaction } from '../common/write-transaction.js';
import { ConfigChangePublisher } from '../platform/config-distribution/config-change.publisher.js';
import { autoDeploy } from './deploy-http-api.js';

/** A /v2 write in progress: its transaction, and how it says that what data planes serve has changed. */
export interface V2Write {
  tx: Prisma.TransactionClient;
  /** The write changed a stage or what a stage serves: a config change is announced after commit. */
  served(): void;
  /** The write changed the API's routes, integrations, authorizers or settings: auto-deploy stages follow. */
  changed(apiId: string): Promise<void>;
}

/**
 * Runs every /v2 write as one serializable transaction (read, validate, write, auto-deploy), so a rejected
 * request changes nothing, and announces a config change once it has committed when data planes serve something
 * new (as the REST stage and deployment writes do).
 */
@Injectable()
export class V2Writes {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly publisher: ConfigChangePublisher,
  ) {}

  async write<T>(work: (write: V2Write) => Promise<T>): Promise<T> {
    let served = false;
    const result = await writeTransaction(this.database, (tx) => {
      served = false;
      return work({
        tx,
        served: () => {
          served = true;
        },
        changed: async (apiId) => {
          if (await autoDeploy(tx, apiId)) served = true;
        },
      });
    });
    if (served) void this.publisher.configChanged();
    return result;
  }

  get prisma(): Database['prisma'] {
    return this.database.prisma;
  }
}
