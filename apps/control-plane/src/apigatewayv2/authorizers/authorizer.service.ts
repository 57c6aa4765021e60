import type { HttpAuthorizerWire } from '@portico/admin-wire';
import { Inject, Injectable } from '@nestjs/common';
import { badRequest } from '@portico/contracts';
import { Prisma, type V2Authorizer } from '@portico/db';
import type { ControlPlaneConfig } from '../../config.js';
import { newShortId } from '../../common/ids.js';
import { CONTROL_PLANE_CONFIG } from '../../common/tokens.js';
import { requireV2Api, requireV2Authorizer } from '../v2-lookups.js';
import { parseV2Paging, toV2Page, type V2Page } from '../v2-wire.js';
import type { V2ProtocolType } from '../v2-validation.js';
import { V2Writes } from '../v2-writes.js';
import { applyAuthorizerMembers, checkAuthorizer, type AuthorizerState } from './authorizer.input.js';
import { authorizerStateOf, toAuthorizerWire } from './authorizer.wire.js';

/** AWS's quota: 10 authorizers per API (spec §0). */
const MAX_AUTHORIZERS = 10;

function dataOf(state: AuthorizerState) {
  return { ...state, jwtConfiguration: (state.jwtConfiguration ?? Prisma.DbNull) as Prisma.InputJsonValue | typeof Prisma.DbNull };
}

/** Writes an authorizer row (CreateAuthorizer, ImportApi). */
export async function insertAuthorizer(tx: Prisma.TransactionClient, apiId: string, state: AuthorizerState): Promise<V2Authorizer> {
  if ((await tx.v2Authorizer.count({ where: { apiId } })) >= MAX_AUTHORIZERS) throw badRequest(`Too many authorizers: an API may have at most ${MAX_AUTHORIZERS}`);
  return tx.v2Authorizer.create({ data: { id: newShortId(), apiId, ...dataOf(state) } });
}

/** CreateAuthorizer, GetAuthorizers, GetAuthorizer, UpdateAuthorizer, DeleteAuthorizer. */
@Injectable()
export class AuthorizerService {
  constructor(
    private readonly writes: V2Writes,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
  ) {}

  create(apiId: string, body: unknown): Promise<HttpAuthorizerWire> {
    return this.writes.write(async ({ tx, changed }) => {
      const api = await requireV2Api(tx, this.config.accountId, apiId);
      const partial: Partial<AuthorizerState> = {};
      applyAuthorizerMembers(partial, body);
      const state = checkAuthorizer(partial, api.protocolType as V2ProtocolType);
      const row = await insertAuthorizer(tx, apiId, state);
      await changed(apiId);
      return toAuthorizerWire(row);
    });
  }

  async list(apiId: string, query: Record<string, unknown>): Promise<V2Page<HttpAuthorizerWire>> {
    const paging = parseV2Paging(query);
    await requireV2Api(this.writes.prisma, this.config.accountId, apiId);
    const rows = await this.writes.prisma.v2Authorizer.findMany({ where: { apiId }, orderBy: [{ createdDate: 'asc' }, { id: 'asc' }] });
    return toV2Page(rows, paging, toAuthorizerWire);
  }

  async get(apiId: string, authorizerId: string): Promise<HttpAuthorizerWire> {
    await requireV2Api(this.writes.prisma, this.config.accountId, apiId);
    return toAuthorizerWire(await requireV2Authorizer(this.writes.prisma, this.config.accountId, apiId, authorizerId));
  }

  update(apiId: string, authorizerId: string, body: unknown): Promise<HttpAuthorizerWire> {
    return this.writes.write(async ({ tx, changed }) => {
      const api = await requireV2Api(tx, this.config.accountId, apiId);
      const row = await requireV2Authorizer(tx, this.config.accountId, apiId, authorizerId);
      const partial = authorizerStateOf(row);
      applyAuthorizerMembers(partial, body);
      const state = checkAuthorizer(partial, api.protocolType as V2ProtocolType);
      if (state.authorizerType !== row.authorizerType && (await tx.v2Route.count({ where: { apiId, authorizerId } })) > 0) {
        throw badRequest(`Cannot change the type of authorizer ${authorizerId}: routes use it`);
      }
      const updated = await tx.v2Authorizer.update({ where: { id: authorizerId }, data: dataOf(state) });
      await changed(apiId);
      return toAuthorizerWire(updated);
    });
  }

  delete(apiId: string, authorizerId: string): Promise<void> {
    return this.writes.write(async ({ tx, changed }) => {
      await requireV2Api(tx, this.config.accountId, apiId);
      await requireV2Authorizer(tx, this.config.accountId, apiId, authorizerId);
      const users = await tx.v2Route.findMany({ where: { apiId, authorizerId }, select: { id: true } });
      if (users.length > 0) throw badRequest(`Cannot delete authorizer ${authorizerId}: it is used by route(s) ${users.map((r) => r.id).join(', ')}`);
      await tx.v2Authorizer.delete({ where: { id: authorizerId } });
      await changed(apiId);
    });
  }
}
