import { createHash } from 'node:crypto';
import {
  ADD_USAGE_SCRIPT,
  BackendNotSentError,
  CARRY_SCRIPT,
  FOLD_SCRIPT,
  REFUND_SCRIPT,
  STATUS_SCRIPT,
  TAKE_SCRIPT,
  encodeCarryArgs,
  encodeFoldArgs,
  encodeTakeArgs,
  type BucketSpec,
  type Carry,
  type FoldAnswer,
  type QuotaUse,
  type RunStatus,
  type SharedBackend,
  type TakeResult,
  type UsageUse,
} from '@portico/engine-throttling';
import type { RedisLike } from './scan-keys.js';

const sha1 = (text: string): string => createHash('sha1').update(text).digest('hex');

/** Who this replica is and which replicas it saw lately (the seed of a new run waits for them). */
export interface ReplicaIdentity {
  readonly id: string;
  knownReplicas(): readonly string[];
}

/**
 * The shared backend on Redis: one EVALSHA per decision (every bucket, the quota and the day's usage counter
 * checked and debited atomically), EVAL once when Redis answers NOSCRIPT (after a restart or a failover).
 * `runKey` is the account's run hash (ThrottleKeys.run()); every script call touches the account's slot only.
 */
export class RedisThrottleBackend implements SharedBackend {
  private readonly shas = new Map<string, string>();

  constructor(
    private readonly redis: RedisLike,
    private readonly runKey: string,
    private readonly replica: ReplicaIdentity,
  ) {}

  async take(buckets: readonly BucketSpec[], quota: QuotaUse | undefined, usage: UsageUse | undefined, want: number, gateQuota: boolean): Promise<TakeResult> {
    const { keys, args } = encodeTakeArgs(buckets, quota, usage, want, this.runKey, { gateQuota });
    const [granted, reason, remaining, generation, run, ready] = (await this.run(TAKE_SCRIPT, keys, args)) as [number, number, number, string, string, number];
    return {
      granted,
      denied: granted > 0 ? undefined : reason === 2 ? 'quota-exceeded' : reason === 3 ? 'reseeding' : 'throttled',
      quotaRemaining: remaining >= 0 ? remaining : undefined,
      quotaGeneration: generation,
      run,
      runReady: ready === 1,
    };
  }

  async refund(
    buckets: readonly BucketSpec[],
    quota: QuotaUse | undefined,
    usage: UsageUse | undefined,
    count: number,
    quotaGeneration: string | undefined,
    run: string,
  ): Promise<void> {
    const { keys, args } = encodeTakeArgs(buckets, quota, usage, count, this.runKey, { quotaGeneration, run });
    await this.run(REFUND_SCRIPT, keys, args);
  }

  async addUsage(quota: QuotaUse | undefined, usage: UsageUse | undefined, count: number, run: string): Promise<boolean> {
    const counters = [quota, usage].filter((c): c is QuotaUse | UsageUse => c !== undefined);
    if (counters.length === 0) return true;
    const added = await this.run(ADD_USAGE_SCRIPT, [...counters.map((c) => c.key), this.runKey], [run, count, ...counters.map((c) => c.ttlSeconds)]);
    return added === 1;
  }

  async status(): Promise<RunStatus> {
    const [run, ready] = (await this.run(STATUS_SCRIPT, [this.runKey], [])) as [string, number];
    return { run, ready: ready === 1 };
  }

  async carry(run: string, carries: readonly Carry[], hadEarlierRun: boolean): Promise<boolean> {
    const { keys, args } = encodeCarryArgs(this.runKey, run, this.replica.id, hadEarlierRun, this.replica.knownReplicas(), carries);
    return (await this.run(CARRY_SCRIPT, keys, args)) === 1;
  }

  async fold(run: string, folds: readonly Carry[]): Promise<FoldAnswer[] | undefined> {
    const { keys, args } = encodeFoldArgs(this.runKey, run, folds);
    const answer = (await this.run(FOLD_SCRIPT, keys, args)) as number[];
    if (answer[0] !== 1) return undefined;
    return folds.map((_, i) => ({ fold: Number(answer[1 + 2 * i]), persisted: Number(answer[2 + 2 * i]) }));
  }

  private async run(script: string, keys: string[], args: (string | number)[]): Promise<unknown> {
    // Not connected: nothing is sent (no offline queue). Said so, so that a refund can be retried safely.
    if (this.redis.status !== 'ready') throw new BackendNotSentError(`Redis is ${this.redis.status}`);
    let sha = this.shas.get(script);
    if (!sha) this.shas.set(script, (sha = sha1(script)));
    try {
      return await this.redis.evalsha(sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error as Error).message.startsWith('NOSCRIPT')) throw error;
      return this.redis.eval(script, keys.length, ...keys, ...args);
    }
  }
}
