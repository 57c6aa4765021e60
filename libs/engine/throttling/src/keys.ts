/** The key prefix both planes use unless configured otherwise. */
export const DEFAULT_THROTTLE_KEY_PREFIX = 'portico';

/**
 * Names of the shared state. Every key of one account carries the same Redis Cluster hash tag
 * (`{prefix:accountId}`), because one decision's script touches the account bucket, stage buckets and the
 * key's plan buckets together and a script may only touch keys of one slot. Accounts shard across the cluster.
 */
export class ThrottleKeys {
  /** The account's hash tag, `{prefix:accountId}`: every key below starts with it. */
  readonly tag: string;

  constructor(prefix: string, accountId: string) {
    this.tag = `{${prefix}:${accountId}}`;
  }

  account(): string {
    return `${this.tag}:a`;
  }

  stage(apiId: string, stage: string): string {
    return `${this.tag}:s:${apiId}:${stage}`;
  }

  /** `methodKey` is the methodSettings key, `{resourcePath without leading slash}/{VERB}`. */
  stageMethod(apiId: string, stage: string, methodKey: string): string {
    return `${this.tag}:sm:${apiId}:${stage}:${methodKey}`;
  }

  planKey(planId: string, keyId: string): string {
    return `${this.tag}:pk:${planId}:${keyId}`;
  }

  /** `methodKey` is the usage plan's throttle key, `{resourcePath}/{VERB}`. */
  planKeyMethod(planId: string, keyId: string, apiId: string, stage: string, methodKey: string): string {
    return `${this.tag}:pkm:${planId}:${keyId}:${apiId}:${stage}:${methodKey}`;
  }

  /** Quota counter prefix; the period's start date (`YYYY-MM-DD`) is appended. */
  quota(planId: string, keyId: string): string {
    return `${this.tag}:q:${planId}:${keyId}`;
  }

  /** Daily usage counter prefix; the UTC date is appended. */
  usage(planId: string, keyId: string): string {
    return `${this.tag}:u:${planId}:${keyId}`;
  }

  /** Pattern matching every daily usage counter of the account (the control plane's flush job scans it). */
  usagePattern(): string {
    return `${this.tag}:u:*`;
  }

  /** The Redis run (a hash: id, state, seeding progress), re-created by the first script after a restart. */
  run(): string {
    return `${this.tag}:run`;
  }

  /** Replica heartbeats (a sorted set), for the fallback share. */
  replicas(): string {
    return `${this.tag}:replicas`;
  }
}
