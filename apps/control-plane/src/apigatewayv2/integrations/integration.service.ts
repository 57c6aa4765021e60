import type { HttpIntegrationWire } from '@portico/admin-wire';
import { Inject, Injectable } from '@nestjs/common';
import { badRequest } from '@portico/contracts';
import { Prisma, type V2Integration } from '@portico/db';
import type { ControlPlaneConfig } from '../../config.js';
import { newShortId } from '../../common/ids.js';
import { CONTROL_PLANE_CONFIG } from '../../common/tokens.js';
import { requireV2Api, requireV2Integration } from '../v2-lookups.js';
import { parseV2Paging, toV2Page, type V2Page } from '../v2-wire.js';
import type { V2ProtocolType } from '../v2-validation.js';
import { V2Writes } from '../v2-writes.js';
import { checkV2Connection } from '../vpc-links/vpc-link-references.js';
import { isProxyType } from './websocket-integration.rules.js';
import { applyIntegrationMembers, checkIntegration, type IntegrationState } from './integration.input.js';
import { integrationStateOf, toIntegrationWire } from './integration.wire.js';

/** AWS's quota: 300 integrations per API (spec §0). */
const MAX_INTEGRATIONS = 300;

/** Writes an integration row of `apiId` (CreateIntegration, quick create, ImportApi). */
export async function insertIntegration(tx: Prisma.TransactionClient, apiId: string, state: IntegrationState, managed = false): Promise<V2Integration> {
  if ((await tx.v2Integration.count({ where: { apiId } })) >= MAX_INTEGRATIONS) throw badRequest(`Too many integrations: an API may have at most ${MAX_INTEGRATIONS}`);
  await checkV2Connection(tx, state.connectionType, state.connectionId);
  return tx.v2Integration.create({ data: { id: newShortId(), apiId, ...dataOf(state), apiGatewayManaged: managed } });
}

export function dataOf(state: IntegrationState) {
  return { ...state, tlsConfig: state.tlsConfig ?? Prisma.DbNull };
}

/** CreateIntegration, GetIntegrations, GetIntegration, UpdateIntegration, DeleteIntegration. */
@Injectable()
export class IntegrationService {
  constructor(
    private readonly writes: V2Writes,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
  ) {}

  create(apiId: string, body: unknown): Promise<HttpIntegrationWire> {
    return this.writes.write(async ({ tx, changed }) => {
      const api = await requireV2Api(tx, this.config.accountId, apiId);
      const partial: Partial<IntegrationState> = {};
      applyIntegrationMembers(partial, body, api.protocolType as V2ProtocolType);
      const state = checkIntegration(partial, api.protocolType as V2ProtocolType);
      const row = await insertIntegration(tx, apiId, state);
      await changed(apiId);
      return toIntegrationWire(row);
    });
  }

  async list(apiId: string, query: Record<string, unknown>): Promise<V2Page<HttpIntegrationWire>> {
    const paging = parseV2Paging(query);
    await requireV2Api(this.writes.prisma, this.config.accountId, apiId);
    const rows = await this.writes.prisma.v2Integration.findMany({ where: { apiId }, orderBy: [{ createdDate: 'asc' }, { id: 'asc' }] });
    return toV2Page(rows, paging, toIntegrationWire);
  }

  async get(apiId: string, integrationId: string): Promise<HttpIntegrationWire> {
    await requireV2Api(this.writes.prisma, this.config.accountId, apiId);
    return toIntegrationWire(await requireV2Integration(this.writes.prisma, this.config.accountId, apiId, integrationId));
  }

  update(apiId: string, integrationId: string, body: unknown): Promise<HttpIntegrationWire> {
    return this.writes.write(async ({ tx, changed }) => {
      const api = await requireV2Api(tx, this.config.accountId, apiId);
      const row = await requireV2Integration(tx, this.config.accountId, apiId, integrationId);
      const partial: Partial<IntegrationState> = integrationStateOf(row);
      applyIntegrationMembers(partial, body, api.protocolType as V2ProtocolType);
      const state = checkIntegration(partial, api.protocolType as V2ProtocolType);
      await checkV2Connection(tx, state.connectionType, state.connectionId);
      // Proxy integrations have no integration responses (spec websocket §4.3).
      if (isProxyType(state.integrationType) && (await tx.v2IntegrationResponse.count({ where: { integrationId } })) > 0) {
        throw badRequest(`Integration ${integrationId} has integration responses: delete them before changing it to ${state.integrationType}`);
      }
      const updated = await tx.v2Integration.update({ where: { id: integrationId }, data: dataOf(state) });
      await changed(apiId);
      return toIntegrationWire(updated);
    });
  }

  delete(apiId: string, integrationId: string): Promise<void> {
    return this.writes.write(async ({ tx, changed }) => {
      await requireV2Api(tx, this.config.accountId, apiId);
      const row = await requireV2Integration(tx, this.config.accountId, apiId, integrationId);
      if (row.apiGatewayManaged) throw badRequest('Cannot delete an integration that is managed by API Gateway (quick create)');
      // A route may not point at nothing: the snapshot a deployment freezes must stay whole.
      const users = await tx.v2Route.findMany({ where: { apiId, target: `integrations/${integrationId}` }, select: { id: true } });
      if (users.length > 0) throw badRequest(`Cannot delete integration ${integrationId}: it is the target of route(s) ${users.map((r) => r.id).join(', ')}`);
      await tx.v2Integration.delete({ where: { id: integrationId } });
      await changed(apiId);
    });
  }
}
