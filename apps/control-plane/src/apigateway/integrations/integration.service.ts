import { Inject, Injectable } from '@nestjs/common';
import { AdminError, badRequest } from '@portico/contracts';
import type { ControlPlaneConfig } from '../../config.js';
import { checkTemplates } from '../../common/limits.js';
import { applyPatchOperations, parsePatchOperations } from '../../common/patch-operations.js';
import { CONTROL_PLANE_CONFIG } from '../../common/tokens.js';
import { methodKey, type MethodKey, type MethodRoute } from '../methods/method.repository.js';
import { statusCodeViolation } from '../methods/method.rules.js';
import { integrationPatchRules, integrationResponsePatchRules } from './integration.patch.js';
import { IntegrationRepository } from './integration.repository.js';
import { checkIntegrationResponseParameters, checkIntegrationState, checkSelectionPattern, contentHandlings, type IntegrationState } from './integration.rules.js';
import { toIntegrationResponseWire, toIntegrationWire, type IntegrationResponseWire, type IntegrationWire } from './integration.wire.js';
import { parsePutIntegration, parsePutIntegrationResponse, type IntegrationResponseState } from './put-integration.dto.js';

@Injectable()
export class IntegrationService {
  constructor(
    private readonly repository: IntegrationRepository,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
  ) {}

  key(route: MethodRoute): MethodKey {
    return methodKey(this.config.accountId, route);
  }

  async put(key: MethodKey, body: unknown): Promise<IntegrationWire> {
    const state = parsePutIntegration(body, key.resourceId);
    checkIntegration(state);
    const row = await this.repository.put(key, state);
    return toIntegrationWire(row, row.integrationResponses);
  }

  async get(key: MethodKey): Promise<IntegrationWire> {
    const row = await this.repository.get(key);
    return toIntegrationWire(row, row.integrationResponses);
  }

  async update(key: MethodKey, body: unknown): Promise<IntegrationWire> {
    const operations = parsePatchOperations(body, 'updateIntegrationInput');
    const row = await this.repository.update(key, (state) => {
      applyPatchOperations(state, operations, integrationPatchRules);
      checkIntegration(state);
    });
    return toIntegrationWire(row, row.integrationResponses);
  }

  delete(key: MethodKey): Promise<void> {
    return this.repository.delete(key);
  }

  async putResponse(key: MethodKey, statusCode: string, body: unknown): Promise<IntegrationResponseWire> {
    checkStatusCode(statusCode, 'putIntegrationResponseInput');
    const state = parsePutIntegrationResponse(body);
    checkIntegrationResponse(state);
    return toIntegrationResponseWire(await this.repository.putResponse(key, statusCode, state));
  }

  async getResponse(key: MethodKey, statusCode: string): Promise<IntegrationResponseWire> {
    return toIntegrationResponseWire(await this.repository.getResponse(key, statusCode));
  }

  async updateResponse(key: MethodKey, statusCode: string, body: unknown): Promise<IntegrationResponseWire> {
    const operations = parsePatchOperations(body, 'updateIntegrationResponseInput');
    const row = await this.repository.updateResponse(key, statusCode, (state) => {
      applyPatchOperations(state, operations, integrationResponsePatchRules);
      checkIntegrationResponse(state);
    });
    return toIntegrationResponseWire(row);
  }

  deleteResponse(key: MethodKey, statusCode: string): Promise<void> {
    return this.repository.deleteResponse(key, statusCode);
  }
}

function checkIntegration(state: IntegrationState): void {
  checkIntegrationState(state);
}

function checkIntegrationResponse(state: IntegrationResponseState): void {
  checkTemplates(state.responseTemplates);
  checkSelectionPattern(state.selectionPattern);
  checkIntegrationResponseParameters(state.responseParameters);
  if (state.contentHandling !== null && !(contentHandlings as readonly string[]).includes(state.contentHandling)) {
    throw badRequest(`Invalid content handling specified: ${state.contentHandling}. Valid options are ${contentHandlings.join(',')}`);
  }
}

function checkStatusCode(statusCode: string, inputName: string): void {
  const violation = statusCodeViolation(statusCode, inputName);
  if (violation) throw new AdminError('ValidationException', violation);
}
