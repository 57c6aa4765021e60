import { Inject, Injectable } from '@nestjs/common';
import { gatewayResponseTypes } from '@portico/contracts';
import type { ControlPlaneConfig } from '../../config.js';
import { jsonRecord } from '../../common/lookups.js';
import { parsePaging, toPage, type Page } from '../../common/paging.js';
import { applyPatchOperations, parsePatchOperations } from '../../common/patch-operations.js';
import { CONTROL_PLANE_CONFIG } from '../../common/tokens.js';
import { checkGatewayResponseState, gatewayResponsePatchRules, parsePutGatewayResponse, parseResponseType, type GatewayResponseState } from './gateway-response.rules.js';
import { GatewayResponseRepository } from './gateway-response.repository.js';
import { defaultGatewayResponse, toGatewayResponseWire, type GatewayResponseWire } from './gateway-response.wire.js';

@Injectable()
export class GatewayResponseService {
  constructor(
    private readonly repository: GatewayResponseRepository,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
  ) {}

  /** All 21 types: the customised ones as stored, the others with their defaults (`defaultResponse: true`). */
  async list(restApiId: string, query: Record<string, unknown>): Promise<Page<GatewayResponseWire>> {
    const paging = parsePaging(query);
    const customised = new Map((await this.repository.customised(this.config.accountId, restApiId)).map((r) => [r.responseType, r]));
    const all = gatewayResponseTypes.map((type) => {
      const row = customised.get(type);
      return row ? toGatewayResponseWire(row) : defaultGatewayResponse(type);
    });
    return toPage(all, paging, (r) => r, true);
  }

  async get(restApiId: string, type: string): Promise<GatewayResponseWire> {
    const responseType = parseResponseType(type, 'getGatewayResponseInput');
    const row = await this.repository.find(this.config.accountId, restApiId, responseType);
    return row ? toGatewayResponseWire(row) : defaultGatewayResponse(responseType);
  }

  async put(restApiId: string, type: string, body: unknown): Promise<GatewayResponseWire> {
    const responseType = parseResponseType(type, 'putGatewayResponseInput');
    const state = parsePutGatewayResponse(body);
    checkGatewayResponseState(state);
    return toGatewayResponseWire(await this.repository.write(this.config.accountId, restApiId, responseType, () => state));
  }

  /** Patching a default type customises it, starting from its defaults. */
  async update(restApiId: string, type: string, body: unknown): Promise<GatewayResponseWire> {
    const responseType = parseResponseType(type, 'updateGatewayResponseInput');
    const operations = parsePatchOperations(body, 'updateGatewayResponseInput');
    const row = await this.repository.write(this.config.accountId, restApiId, responseType, (current) => {
      const base = current ? toGatewayResponseWire(current) : defaultGatewayResponse(responseType);
      const state: GatewayResponseState = {
        statusCode: current ? current.statusCode : (base.statusCode ?? null),
        responseParameters: current ? jsonRecord<string>(current.responseParameters) : { ...base.responseParameters },
        responseTemplates: current ? jsonRecord<string>(current.responseTemplates) : { ...base.responseTemplates },
      };
      applyPatchOperations(state, operations, gatewayResponsePatchRules);
      checkGatewayResponseState(state);
      return state;
    });
    return toGatewayResponseWire(row);
  }

  delete(restApiId: string, type: string): Promise<void> {
    const responseType = parseResponseType(type, 'deleteGatewayResponseInput');
    return this.repository.delete(this.config.accountId, restApiId, responseType);
  }
}
