import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { badRequest, notFound } from '@portico/contracts';
import { CONTROL_PLANE_CONFIG } from '../../common/tokens.js';
import type { ControlPlaneConfig } from '../../config.js';
import { AccountsRepository } from './accounts.repository.js';
import { newAccountId, newIamId, newSecretAccessKey } from '../../iam/iam-ids.js';
import { SecretBox } from '../../iam/secret-box.js';
import { LIMITS } from '../../common/limits.js';
import { ADMIN_ERRORS } from '../../common/admin-errors.js';

export interface AccountWire {
  accountId: string;
  name: string;
  email?: string;
  createdDate: number;
  /** Only in the response that created the account: the root credentials, shown once. */
  rootCredentials?: { accessKeyId: string; secretAccessKey: string };
}

const DEFAULT_ACCOUNT_NAME = 'default';

/**
 * Accounts (a Portico extension: AWS creates accounts through Organizations). The default account is
 * PORTICO_ACCOUNT_ID, whose root is the bootstrap admin; further accounts get their own root credentials, with
 * which their owners create users, roles and policies through the IAM API, e.g. to test cross-account access.
 */
@Injectable()
export class AccountsService implements OnModuleInit {
  private readonly box: SecretBox;

  constructor(
    private readonly repository: AccountsRepository,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
  ) {
    this.box = new SecretBox(config.masterKey);
  }

  async onModuleInit(): Promise<void> {
    await this.repository.ensure(this.config.accountId, DEFAULT_ACCOUNT_NAME);
  }

  async create(body: unknown): Promise<AccountWire> {
    const input = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const name = input.name;
    if (typeof name !== 'string' || name.trim() === '' || name.length > 50) throw badRequest('Account name must be a string of 1 to 50 characters');
    const email = input.email;
    if (email !== undefined && (typeof email !== 'string' || email.length > LIMITS.email || !/^[^@\s]+@[^@\s]+$/.test(email))) throw badRequest('Invalid email address');
    let accountId = newAccountId();
    while (await this.repository.exists(accountId)) accountId = newAccountId();
    const secretAccessKey = newSecretAccessKey();
    const accessKeyId = newIamId('AKIA');
    const now = new Date();
    const account = await this.repository.create({ id: accountId, name, email: email ?? null, createdDate: now }, { accessKeyId, secretCiphertext: this.box.seal(secretAccessKey) });
    return { ...toWire(account), rootCredentials: { accessKeyId, secretAccessKey } };
  }

  async list(): Promise<{ item: AccountWire[] }> {
    const accounts = await this.repository.list();
    return { item: accounts.map(toWire) };
  }

  async get(id: string): Promise<AccountWire> {
    const account = await this.repository.get(id);
    if (!account) throw notFound(ADMIN_ERRORS.accountNotFound(id));
    return toWire(account);
  }
}

function toWire(account: { id: string; name: string; email: string | null; createdDate: Date }): AccountWire {
  return { accountId: account.id, name: account.name, ...(account.email !== null && { email: account.email }), createdDate: Math.floor(account.createdDate.getTime() / 1000) };
}
