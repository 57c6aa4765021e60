import { Inject, Injectable } from '@nestjs/common';
import { notFound } from '@portico/contracts';
import type { Database } from '@portico/db';
import type { FunctionRunner } from '@portico/engine-lambda';
import type { ControlPlaneConfig } from '../../../config.js';
import { ADMIN_ERRORS } from '../../../common/admin-errors.js';
import { requireRestApi } from '../../../common/lookups.js';
import { CONTROL_PLANE_CONFIG, DATABASE } from '../../../common/tokens.js';
import { FUNCTION_RUNNER } from '../../authorizers/function-runner.provider.js';
import { loadApiRows } from '../../deployments/load-api-rows.js';
import type { MethodKey } from '../method.repository.js';
import { testInvokeMethod, type TestInvokeMethodWire } from './test-invoke-method.js';

/** TestInvokeMethod: reads the API's current rows (one consistent read) and runs the method on them. */
@Injectable()
export class TestInvokeMethodService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
    @Inject(FUNCTION_RUNNER) private readonly runner: FunctionRunner,
  ) {}

  async testInvoke(key: MethodKey, body: unknown): Promise<TestInvokeMethodWire> {
    const rows = await this.database.prisma.$transaction(async (tx) => {
      await requireRestApi(tx, key.accountId, key.restApiId);
      return loadApiRows(tx, key.restApiId);
    });
    if (!rows) throw notFound(ADMIN_ERRORS.restApiNotFound(key.accountId, key.restApiId));
    return testInvokeMethod(rows, key, body, { region: this.config.region, accountId: this.config.accountId, runner: this.runner });
  }
}
