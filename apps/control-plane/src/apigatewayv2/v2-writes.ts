import { Inject, Injectable } from '@nestjs/common';
import type { Database, Prisma } from '@portico/db';
import { DATABASE } from '../common/tokens.js';
import { writeTransaction } from '../common/write-transaction.js';
import { autoDeploy } from './deploy-http-api.js';

/** A /v2 write in progress: its transaction, and the auto-deploy step a change of an API's definition needs. */
export interface V2Write {
  tx: Prisma.TransactionClient;
  /** The write changed the API's routes, integrations, authorizers or settings: auto-deploy stages follow. */
  changed(apiId: string): Promise<void>;
}

/**
 * Runs every /v2 write as one serializable transaction (read, validate, write, auto-deploy), so a rejected
 * request changes nothing. The config-change event comes from writeTransaction itself: a write that touched a
 * V2Stage (a deployment to a stage, an auto-deploy, a stage setting, a deleted API's stages) is announced once
 * after its commit (platform/config-distribution/config-changes.ts).
 */
@Injectable()
export class V2Writes {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  write<T>(work: (write: V2Write) => Promise<T>): Promise<T> {
    return writeTransaction(this.database, async (tx) => work({ tx, changed: async (apiId) => void (await autoDeploy(tx, apiId)) }));
  }

  /** Reads outside a transaction (Get and list operations). */
  get prisma(): Database['prisma'] {
    return this.database.prisma;
  }
}
