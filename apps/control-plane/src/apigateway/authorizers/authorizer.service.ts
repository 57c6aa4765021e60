import { Inject, Injectable } from '@nestjs/common';
import type { FunctionInvoker, PluginRegistry } from '@portico/engine-authorizers';
import { functionUriInvoker, type FunctionRunner } from '@portico/engine-lambda';
import type { ControlPlaneConfig } from '../../config.js';
import { newShortId } from '../../common/ids.js';
import { parsePaging, toPage, type Page } from '../../common/paging.js';
import { applyPatchOperations, parsePatchOperations } from '../../common/patch-operations.js';
import { CONTROL_PLANE_CONFIG } from '../../common/tokens.js';
import { AuthorizerRepository } from './authorizer.repository.js';
import { authorizerPatchRules, checkAuthorizerState, parseCreateAuthorizer } from './authorizer.rules.js';
import { toAuthorizerWire, type AuthorizerWire } from './authorizer.wire.js';
import { FUNCTION_RUNNER } from './function-runner.provider.js';
import { PLUGIN_REGISTRY } from './plugin-registry.provider.js';
import { testInvokeAuthorizer, type TestInvokeAuthorizerWire } from './test-invoke-authorizer.js';

@Injectable()
export class AuthorizerService {
  /** Lambda authorizers under test run through the data plane's runner and URI parsing. */
  private readonly invokeFunction: FunctionInvoker;

  constructor(
    private readonly repository: AuthorizerRepository,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
    @Inject(PLUGIN_REGISTRY) private readonly registry: PluginRegistry,
    @Inject(FUNCTION_RUNNER) runner: FunctionRunner,
  ) {
    this.invokeFunction = functionUriInvoker(runner);
  }

  async create(restApiId: string, body: unknown): Promise<AuthorizerWire> {
    const state = parseCreateAuthorizer(body);
    checkAuthorizerState(state, this.registry);
    return toAuthorizerWire(await this.repository.create(this.config.accountId, restApiId, newShortId(), state));
  }

  async list(restApiId: string, query: Record<string, unknown>): Promise<Page<AuthorizerWire>> {
    const paging = parsePaging(query);
    const rows = await this.repository.list(this.config.accountId, restApiId);
    return toPage(rows, paging, toAuthorizerWire);
  }

  async get(restApiId: string, authorizerId: string): Promise<AuthorizerWire> {
    return toAuthorizerWire(await this.repository.get(this.config.accountId, restApiId, authorizerId));
  }

  async update(restApiId: string, authorizerId: string, body: unknown): Promise<AuthorizerWire> {
    const operations = parsePatchOperations(body, 'updateAuthorizerInput');
    const row = await this.repository.update(this.config.accountId, restApiId, authorizerId, (current) => {
      const next = applyPatchOperations({ ...current, providerARNs: [...current.providerARNs] }, operations, authorizerPatchRules);
      checkAuthorizerState(next, this.registry);
      return next;
    });
    return toAuthorizerWire(row);
  }

  delete(restApiId: string, authorizerId: string): Promise<void> {
    return this.repository.delete(this.config.accountId, restApiId, authorizerId);
  }

  async testInvoke(restApiId: string, authorizerId: string, body: unknown): Promise<TestInvokeAuthorizerWire> {
    const row = await this.repository.get(this.config.accountId, restApiId, authorizerId);
    return testInvokeAuthorizer(row, body, {
      region: this.config.region,
      accountId: this.config.accountId,
      registry: this.registry,
      cognitoEndpoint: this.config.cognitoEndpoint,
      invokeFunction: this.invokeFunction,
    });
  }
}
