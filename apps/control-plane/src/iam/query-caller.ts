import type { Caller } from '@portico/engine-policy';

/** Who signed an IAM/STS query call, resolved from the access key. */
export interface QueryCaller {
  readonly accessKeyId: string;
  readonly caller: Caller;
  readonly accountId: string;
  /** The bootstrap admin (PORTICO_ADMIN_ACCESS_KEY_ID): root of the default account, may also create accounts. */
  readonly bootstrapAdmin: boolean;
  /** For IAM users: the lower-cased user name. */
  readonly userKey?: string;
  /** For assumed-role sessions: the role's lower-cased name. */
  readonly roleKey?: string;
}
