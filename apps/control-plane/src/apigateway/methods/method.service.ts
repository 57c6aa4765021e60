import { Inject, Injectable } from '@nestjs/common';
import { AdminError } from '@portico/contracts';
import type { ControlPlaneConfig } from '../../config.js';
import { applyPatchOperations, parsePatchOperations } from '../../common/patch-operations.js';
import { CONTROL_PLANE_CONFIG } from '../../common/tokens.js';
import { methodResponsePatchRules } from './method-response.patch.js';
import { checkResponseParameters, statusCodeViolation } from './method.rules.js';
import { methodPatchRules } from './method.patch.js';
import { MethodRepository, methodKey, type MethodKey, type MethodRoute } from './method.repository.js';
import { toMethodResponseWire, toMethodWire, type MethodResponseWire, type MethodWire } from './method.wire.js';
import { parsePutMethod, parsePutMethodResponse, type MethodResponseState } from './put-method.dto.js';

@Injectable()
export class MethodService {
  constructor(
    private readonly repository: MethodRepository,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
  ) {}

  key(route: MethodRoute): MethodKey {
    return methodKey(this.config.accountId, route);
  }

  async put(key: MethodKey, body: unknown): Promise<MethodWire> {
    const state = parsePutMethod(body);
    const row = await this.repository.put(key, state);
    return toMethodWire(row, row);
  }

  async get(key: MethodKey): Promise<MethodWire> {
    const row = await this.repository.get(key);
    return toMethodWire(row, row);
  }

  async update(key: MethodKey, body: unknown): Promise<MethodWire> {
    const operations = parsePatchOperations(body, 'updateMethodInput');
    const row = await this.repository.update(key, (state) => applyPatchOperations(state, operations, methodPatchRules));
    return toMethodWire(row, row);
  }

  delete(key: MethodKey): Promise<void> {
    return this.repository.delete(key);
  }

  async putResponse(key: MethodKey, statusCode: string, body: unknown): Promise<MethodResponseWire> {
    this.checkStatusCode(statusCode, 'putMethodResponseInput');
    const state = parsePutMethodResponse(body);
    checkMethodResponse(state);
    return toMethodResponseWire(await this.repository.putResponse(key, statusCode, state));
  }

  async getResponse(key: MethodKey, statusCode: string): Promise<MethodResponseWire> {
    return toMethodResponseWire(await this.repository.getResponse(key, statusCode));
  }

  async updateResponse(key: MethodKey, statusCode: string, body: unknown): Promise<MethodResponseWire> {
    const operations = parsePatchOperations(body, 'updateMethodResponseInput');
    const row = await this.repository.updateResponse(key, statusCode, (state) => {
      applyPatchOperations(state, operations, methodResponsePatchRules);
      checkMethodResponse(state);
    });
    return toMethodResponseWire(row);
  }

  deleteResponse(key: MethodKey, statusCode: string): Promise<void> {
    return this.repository.deleteResponse(key, statusCode);
  }

  private checkStatusCode(statusCode: string, inputName: string): void {
    const violation = statusCodeViolation(statusCode, inputName);
    if (violation) throw new AdminError('ValidationException', violation);
  }
}

function checkMethodResponse(state: MethodResponseState): void {
  checkResponseParameters(state.responseParameters);
}
