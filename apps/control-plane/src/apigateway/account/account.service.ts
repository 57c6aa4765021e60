import { Injectable } from '@nestjs/common';
import { badRequest, DEFAULT_ACCOUNT_THROTTLE, type ThrottleSettings } from '@portico/contracts';
import type { Account } from '@portico/db';
import { applyPatchOperations, parsePatchOperations, patchValue, type PatchRule } from '../../common/patch-operations.js';
import { AccountRepository } from './account.repository.js';
import { LIMITS, checkMaxLength } from '../../common/limits.js';
import { ADMIN_ERRORS } from '../../common/admin-errors.js';

/** Account (spec §1.3): `throttleSettings` are the account-level bucket every request draws from (§4.2 level 5). */
export interface AccountWire {
  cloudwatchRoleArn?: string;
  throttleSettings: ThrottleSettings;
  features: string[];
  apiKeyVersion: string;
}

interface AccountPatch {
  cloudwatchRoleArn: string | null;
  burstLimit: number;
  rateLimit: number;
}

// AWS's UpdateAccount documents /cloudwatchRoleArn; the throttle paths are Portico's way to set the account
// limits AWS sets through a quota request [I].
const PATCH_RULES: PatchRule<AccountPatch>[] = [
  { ops: ['replace'], path: '/cloudwatchRoleArn', apply: (t, c) => void (t.cloudwatchRoleArn = c.value || null) },
  { ops: ['replace'], path: '/throttleSettings/burstLimit', apply: (t, c) => void (t.burstLimit = patchValue.integer(c)) },
  { ops: ['replace'], path: '/throttleSettings/rateLimit', apply: (t, c) => void (t.rateLimit = patchValue.number(c)) },
];

/** GetAccount and UpdateAccount; AccountRepository holds the row. */
@Injectable()
export class AccountService {
  constructor(private readonly repository: AccountRepository) {}

  async get(): Promise<AccountWire> {
    return wireOf(await this.repository.get());
  }

  async update(rawBody: unknown): Promise<AccountWire> {
    const operations = parsePatchOperations(rawBody, 'updateAccountInput');
    const saved = await this.repository.update((row) => {
      const current = wireOf(row);
      const target: AccountPatch = { cloudwatchRoleArn: current.cloudwatchRoleArn ?? null, ...current.throttleSettings };
      applyPatchOperations(target, operations, PATCH_RULES);
      checkMaxLength(target.cloudwatchRoleArn, LIMITS.arn, 'cloudwatchRoleArn');
      if (target.burstLimit < 0 || target.rateLimit < 0) throw badRequest(ADMIN_ERRORS.negativeThrottle);
      return { cloudwatchRoleArn: target.cloudwatchRoleArn, throttleBurstLimit: target.burstLimit, throttleRateLimit: target.rateLimit };
    });
    return toWire(saved.cloudwatchRoleArn, { burstLimit: saved.throttleBurstLimit, rateLimit: saved.throttleRateLimit });
  }
}

function wireOf(row: Account | null): AccountWire {
  return toWire(row?.cloudwatchRoleArn ?? null, {
    burstLimit: row?.throttleBurstLimit ?? DEFAULT_ACCOUNT_THROTTLE.burstLimit,
    rateLimit: row?.throttleRateLimit ?? DEFAULT_ACCOUNT_THROTTLE.rateLimit,
  });
}

function toWire(cloudwatchRoleArn: string | null, throttleSettings: ThrottleSettings): AccountWire {
  return { cloudwatchRoleArn: cloudwatchRoleArn ?? undefined, throttleSettings, features: ['UsagePlans'], apiKeyVersion: '4' };
}
