import { Inject, Injectable } from '@nestjs/common';
import { notFound, type GatewayResponseType } from '@portico/contracts';
import type { Database, GatewayResponse } from '@portico/db';
import { requireRestApi } from '../../common/lookups.js';
import { DATABASE } from '../../common/tokens.js';
import { writeTransaction } from '../../common/write-transaction.js';
import type { GatewayResponseState } from './gateway-response.rules.js';
import { ADMIN_ERRORS } from '../../common/admin-errors.js';

@Injectable()
export class GatewayResponseRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /** The API's customised responses (the others are defaults, not stored). */
  async customised(accountId: string, restApiId: string): Promise<GatewayResponse[]> {
    await requireRestApi(this.database.prisma, accountId, restApiId);
    return this.database.prisma.gatewayResponse.findMany({ where: { restApiId } });
  }

  async find(accountId: string, restApiId: string, responseType: GatewayResponseType): Promise<GatewayResponse | null> {
    await requireRestApi(this.database.prisma, accountId, restApiId);
    return this.database.prisma.gatewayResponse.findUnique({ where: { restApiId_responseType: { restApiId, responseType } } });
  }

  /**
   * Writes the customisation: `change` receives the current one (or undefined when the type is still a default)
   * and returns the state to store.
   */
  write(
    accountId: string,
    restApiId: string,
    responseType: GatewayResponseType,
    change: (current: GatewayResponse | undefined) => GatewayResponseState,
  ): Promise<GatewayResponse> {
    return writeTransaction(this.database, async (tx) => {
      await requireRestApi(tx, accountId, restApiId);
      const where = { restApiId_responseType: { restApiId, responseType } };
      const current = await tx.gatewayResponse.findUnique({ where });
      const state = change(current ?? undefined);
      return tx.gatewayResponse.upsert({ where, create: { restApiId, responseType, ...state }, update: state });
    });
  }

  async delete(accountId: string, restApiId: string, responseType: GatewayResponseType): Promise<void> {
    await writeTransaction(this.database, async (tx) => {
      await requireRestApi(tx, accountId, restApiId);
      const where = { restApiId_responseType: { restApiId, responseType } };
      if (!(await tx.gatewayResponse.findUnique({ where }))) throw notFound(ADMIN_ERRORS.gatewayResponseNotDefined);
      await tx.gatewayResponse.delete({ where });
    });
  }
}
