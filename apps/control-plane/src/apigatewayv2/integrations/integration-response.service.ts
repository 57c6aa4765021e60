import type { V2IntegrationResponseWire } from '@portico/admin-wire';
import { Inject, Injectable } from '@nestjs/common';
import { badRequest, conflict } from '@portico/contracts';
import type { Prisma, V2IntegrationResponse } from '@portico/db';
import type { ControlPlaneConfig } from '../../config.js';
import { newShortId } from '../../common/ids.js';
import { CONTROL_PLANE_CONFIG } from '../../common/tokens.js';
import { requireWebSocketApi } from '../routes/route-response.service.js';
import { v2NotFound } from '../v2-errors.js';
import { requireV2Api, requireV2Integration } from '../v2-lookups.js';
import { parseV2Paging, toV2Page, type V2Page } from '../v2-wire.js';
import { V2Writes } from '../v2-writes.js';
import { applyIntegrationResponseMembers, checkIntegrationResponse, type IntegrationResponseState } from './integration-response.input.js';
import { integrationResponseStateOf, toIntegrationResponseWire } from './integration-response.wire.js';
import { isProxyType } from './websocket-integration.rules.js';

/** CreateIntegrationResponse, GetIntegrationResponses, GetIntegrationResponse, Update…, Delete… (WebSocket APIs). */
@Injectable()
export class IntegrationResponseService {
  constructor(
    private readonly writes: V2Writes,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
  ) {}

  private async require(db: Prisma.TransactionClient | V2Writes['prisma'], integrationId: string, id: string): Promise<V2IntegrationResponse> {
    const row = await db.v2IntegrationResponse.findUnique({ where: { id } });
    if (!row || row.integrationId !== integrationId) throw v2NotFound.integrationResponse(this.config.accountId, id);
    return row;
  }

  private async checkUnique(tx: Prisma.TransactionClient, integrationId: string, state: IntegrationResponseState, id?: string): Promise<void> {
    const same = await tx.v2IntegrationResponse.findUnique({ where: { integrationId_integrationResponseKey: { integrationId, integrationResponseKey: state.integrationResponseKey } } });
    if (same && same.id !== id) throw conflict(`Unable to create integration response ${state.integrationResponseKey}: it already exists for integration ${integrationId}`);
  }

  create(apiId: string, integrationId: string, body: unknown): Promise<V2IntegrationResponseWire> {
    return this.writes.write(async ({ tx, changed }) => {
      requireWebSocketApi(await requireV2Api(tx, this.config.accountId, apiId), 'Integration responses');
      const integration = await requireV2Integration(tx, this.config.accountId, apiId, integrationId);
      // Proxy integrations pass the backend's answer through (spec websocket §4.3).
      if (isProxyType(integration.integrationType)) throw badRequest(`Integration responses are not supported for ${integration.integrationType} integrations`);
      const partial: Partial<IntegrationResponseState> = {};
      applyIntegrationResponseMembers(partial, body);
      const state = checkIntegrationResponse(partial);
      await this.checkUnique(tx, integrationId, state);
      const row = await tx.v2IntegrationResponse.create({ data: { id: newShortId(), integrationId, ...state } });
      await changed(apiId);
      return toIntegrationResponseWire(row);
    });
  }

  async list(apiId: string, integrationId: string, query: Record<string, unknown>): Promise<V2Page<V2IntegrationResponseWire>> {
    const paging = parseV2Paging(query);
    await requireV2Api(this.writes.prisma, this.config.accountId, apiId);
    await requireV2Integration(this.writes.prisma, this.config.accountId, apiId, integrationId);
    const rows = await this.writes.prisma.v2IntegrationResponse.findMany({ where: { integrationId }, orderBy: [{ integrationResponseKey: 'asc' }] });
    return toV2Page(rows, paging, toIntegrationResponseWire);
  }

  async get(apiId: string, integrationId: string, id: string): Promise<V2IntegrationResponseWire> {
    await requireV2Api(this.writes.prisma, this.config.accountId, apiId);
    await requireV2Integration(this.writes.prisma, this.config.accountId, apiId, integrationId);
    return toIntegrationResponseWire(await this.require(this.writes.prisma, integrationId, id));
  }

  update(apiId: string, integrationId: string, id: string, body: unknown): Promise<V2IntegrationResponseWire> {
    return this.writes.write(async ({ tx, changed }) => {
      await requireV2Api(tx, this.config.accountId, apiId);
      await requireV2Integration(tx, this.config.accountId, apiId, integrationId);
      const partial = integrationResponseStateOf(await this.require(tx, integrationId, id));
      applyIntegrationResponseMembers(partial, body);
      const state = checkIntegrationResponse(partial);
      await this.checkUnique(tx, integrationId, state, id);
      const row = await tx.v2IntegrationResponse.update({ where: { id }, data: state });
      await changed(apiId);
      return toIntegrationResponseWire(row);
    });
  }

  delete(apiId: string, integrationId: string, id: string): Promise<void> {
    return this.writes.write(async ({ tx, changed }) => {
      await requireV2Api(tx, this.config.accountId, apiId);
      await requireV2Integration(tx, this.config.accountId, apiId, integrationId);
      await this.require(tx, integrationId, id);
      await tx.v2IntegrationResponse.delete({ where: { id } });
      await changed(apiId);
    });
  }
}
