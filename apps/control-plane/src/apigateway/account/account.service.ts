import { Inject, Injectable } from '@nestjs/common';
import { badRequest, DEFAULT_ACCOUNT_THROTTLE, type ThrottleSettings } from '@portico/contracts';
import type { Database } from '@portico/db';
import { applyPatchOperations, parsePatchOperations, patchValue, type PatchRule } from '../../common/patch-operations.js';
import { DATABASE } from '../../common/tokens.js';
import { ConfigChangePublisher } from '../../platform/config-distribution/config-change.publisher.js';
import { LIMITS, checkMaxLength } from '../../common/limits.js';

const ACCOUNT_ID = 'account';

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

@Injectable()
export class AccountService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly publisher: ConfigChangePublisher,
  ) {}

  async get(): Promise<AccountWire> {
    const row = await this.db.prisma.account.findUnique({ where: { id: ACCOUNT_ID } });
    return toWire(row?.cloudwatchRoleArn ?? null, {
      burstLimit: row?.throttleBurstLimit ?? DEFAULT_ACCOUNT_THROTTLE.burstLimit,
      rateLimit: row?.throttleRateLimit ?? DEFAULT_ACCOUNT_THROTTLE.rateLimit,
    });
  }

  async update(rawBody: unknown): Promise<AccountWire> {
    const operations = parsePatchOperations(rawBody, 'updateAccountInput');
    const current = await this.get();
    const target: AccountPatch = { cloudwatchRoleArn: current.cloudwatchRoleArn ?? null, ...current.throttleSettings };
    applyPatchOperations(target, operations, PATCH_RULES);
    checkMaxLength(target.cloudwatchRoleArn, LIMITS.arn, 'cloudwatchRoleArn');
    if (target.burstLimit < 0 || target.rateLimit < 0) throw badRequest('Invalid throttle settings: limits must not be negative');
    const data = { cloudwatchRoleArn: target.cloudwatchRoleArn, throttleBurstLimit: target.burstLimit, throttleRateLimit: target.rateLimit };
    await this.db.prisma.account.upsert({ where: { id: ACCOUNT_ID }, create: { id: ACCOUNT_ID, ...data }, update: data });
    void this.publisher.configChanged();
    return toWire(target.cloudwatchRoleArn, { burstLimit: target.burstLimit, rateLimit: target.rateLimit });
  }
}

function toWire(cloudwatchRoleArn: string | null, throttleSettings: ThrottleSettings): AccountWire {
  return { cloudwatchRoleArn: cloudwatchRoleArn ?? undefined, throttleSettings, features: ['UsagePlans'], apiKeyVersion: '4' };
}
