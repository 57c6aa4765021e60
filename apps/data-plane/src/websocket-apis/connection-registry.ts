import { randomBytes } from 'node:crypto';
import { createRedisClient, closeRedisClient, redisName, type RedisClient, type RedisSettings } from '@portico/redis';
import { errorMessage, type Logger } from '../logger.js';

/** `GetConnection`'s answer (spec §8). */
export interface ConnectionView {
  readonly connectedAt: string;
  readonly identity: { readonly sourceIp: string; readonly userAgent: string };
  readonly lastActiveAt: string;
}

export type PostResult = 'ok' | 'gone' | 'limit';

const EMPTY = Buffer.alloc(0);

/** What this replica does to the connections it holds; the registry calls it for local and remote callers alike. */
export interface LocalConnections {
  post(connectionId: string, data: Buffer): PostResult;
  get(connectionId: string): ConnectionView | undefined;
  delete(connectionId: string): boolean;
}

/**
 * Where every open connection lives, so that `@connections` works from any replica (spec §8). Without Redis it is
 * this process only.
 */
export interface ConnectionRegistry {
  start(local: LocalConnections): Promise<void>;
  add(connectionId: string): void;
  remove(connectionId: string): void;
  post(connectionId: string, data: Buffer): Promise<PostResult>;
  get(connectionId: string): Promise<ConnectionView | undefined>;
  delete(connectionId: string): Promise<boolean>;
  close(): Promise<void>;
}

export class InProcessRegistry implements ConnectionRegistry {
  private local: LocalConnections | undefined;
  async start(local: LocalConnections): Promise<void> {
    this.local = local;
  }
  add(): void {}
  remove(): void {}
  async post(connectionId: string, data: Buffer): Promise<PostResult> {
    return this.local?.post(connectionId, data) ?? 'gone';
  }
  async get(connectionId: string): Promise<ConnectionView | undefined> {
    return this.local?.get(connectionId);
  }
  async delete(connectionId: string): Promise<boolean> {
    return this.local?.delete(connectionId) ?? false;
  }
  async close(): Promise<void> {}
}

/**
 * What goes over a replica's channel (replicas of two versions meet during a rolling upgrade: keep it readable by
 * both). `rid` is opaque to the owner, which echoes it.
 */
type Request = { readonly kind: 'request'; readonly rid: number; readonly reply: string; readonly op: 'post' | 'get' | 'delete'; readonly id: string; readonly data?: string };
type Reply = { readonly kind: 'reply'; readonly rid: number; readonly result: unknown };

/** A call waiting for the owner's answer; `expiresAt` orders them as the map does (one timeout for all). */
interface Pending {
  readonly resolve: (result: unknown) => void;
  readonly op: Request['op'];
  readonly connectionId: string;
  readonly expiresAt: number;
}

/** How long a replica waits for the owner of a connection to answer; past it the connection counts as gone. */
const REPLY_TIMEOUT_MS = 5000;

/** How often unanswered calls are looked at: one timer per replica, not one per call on the request path. */
const REPLY_SWEEP_MS = 250;

/** Owners remembered per replica (about 100 bytes each); the map is cleared whole when full. */
const MAX_REMEMBERED_OWNERS = 100_000;

/**
 * The registry on Redis: `{prefix}ws:conn:{connectionId}` names the replica that holds the connection, and each
 * replica listens on its own channel `{prefix}ws:replica:{replicaId}`. An operation on a connection held elsewhere
 * is published to its owner, which runs it and publishes the answer to the asker's channel.
 *
 * No ghosts: a replica that dies unsubscribes (its Redis connection closes), so a publish to it reaches nobody and
 * the connection's key is deleted there and then (410); a replica that hangs is timed out (410) and its keys expire
 * at the longest a connection may live (`maxDurationMs`, plus a minute).
 */
export class RedisRegistry implements ConnectionRegistry {
  readonly replicaId = randomBytes(8).toString('hex');
  private readonly commands: RedisClient;
  private readonly subscriber: RedisClient;
  private readonly channel: string;
  /** Calls in flight by request id (a counter: answers come back on this replica's own channel). */
  private readonly pending = new Map<number, Pending>();
  private nextRid = 0;
  private sweeper: NodeJS.Timeout | undefined;
  /**
   * The channel of the owner of each connection held elsewhere, as Redis named the owner (kept as the channel, the
   * name every call publishes to): a connection never moves between replicas, so
   * an entry stays right for the connection's life, and a backend posting to the same connection again skips the
   * lookup round trip. An entry goes when its connection does: the owner answers "gone", or nobody hears it.
   */
  private readonly owners = new Map<string, string>();
  private local: LocalConnections | undefined;

  constructor(
    private readonly settings: RedisSettings,
    private readonly ttlMs: number,
    private readonly log: Logger,
  ) {
    const redisLog = { warn: (m: string, f: Record<string, unknown>) => log.log('warn', m, f), info: (m: string, f: Record<string, unknown>) => log.log('info', m, f) };
    this.commands = createRedisClient(settings, { name: 'data-plane-websocket', role: 'command', log: redisLog, whileDown: '@connections reaches local connections only', queueWhileConnecting: true });
    this.subscriber = createRedisClient(settings, { name: 'data-plane-websocket-delivery', role: 'subscriber', log: redisLog, whileDown: 'messages for this replica\'s connections wait' });
    this.channel = this.channelOf(this.replicaId);
  }

  private key(connectionId: string): string {
    return redisName(this.settings, `ws:conn:${connectionId}`);
  }

  private channelOf(replicaId: string): string {
    return redisName(this.settings, `ws:replica:${replicaId}`);
  }

  async start(local: LocalConnections): Promise<void> {
    this.local = local;
    this.subscriber.on('message', (_channel: string, text: string) => this.onMessage(text));
    this.sweeper = setInterval(() => this.expire(Date.now()), REPLY_SWEEP_MS);
    this.sweeper.unref();
    // Not awaited: with Redis down the subscription waits in the subscriber's offline queue (and is renewed on every
    // reconnect), while the replica starts and serves its own connections — start-up never waits for Redis.
    void this.subscriber.subscribe(this.channel).catch(() => undefined);
  }

  add(connectionId: string): void {
    this.commands.set(this.key(connectionId), this.replicaId, 'PX', this.ttlMs).catch((error: unknown) =>
      this.log.log('warn', 'registering a WebSocket connection in Redis failed (reachable from this replica only)', { connectionId, error: errorMessage(error) }),
    );
  }

  remove(connectionId: string): void {
    this.commands.del(this.key(connectionId)).catch(() => undefined);
  }

  post(connectionId: string, data: Buffer): Promise<PostResult> {
    return this.run(connectionId, 'post', data) as Promise<PostResult>;
  }

  get(connectionId: string): Promise<ConnectionView | undefined> {
    return this.run(connectionId, 'get') as Promise<ConnectionView | undefined>;
  }

  delete(connectionId: string): Promise<boolean> {
    return this.run(connectionId, 'delete') as Promise<boolean>;
  }

  private gone(op: Request['op']): unknown {
    return op === 'post' ? 'gone' : op === 'get' ? undefined : false;
  }

  private runLocal(op: Request['op'], id: string, data: Buffer | undefined): unknown {
    const local = this.local;
    if (!local) return this.gone(op);
    return op === 'post' ? local.post(id, data ?? EMPTY) : op === 'get' ? local.get(id) : local.delete(id);
  }

  /** The owner's answer to call `rid` (or the verdict that there is none): settles the call once. */
  private settle(rid: number, result: unknown): void {
    const call = this.pending.get(rid);
    if (!call) return;
    this.pending.delete(rid);
    if (result === this.gone(call.op)) this.owners.delete(call.connectionId);
    call.resolve(result);
  }

  /** Calls the owner has not answered within REPLY_TIMEOUT_MS: the connection counts as gone (oldest first). */
  private expire(now: number): void {
    for (const [rid, call] of this.pending) {
      if (call.expiresAt > now) break;
      this.settle(rid, this.gone(call.op));
    }
  }

  private async run(connectionId: string, op: Request['op'], data?: Buffer): Promise<unknown> {
    // This replica's own connections never take the Redis round trip.
    const here = this.runLocal(op, connectionId, data);
    if (here !== this.gone(op)) return here;
    let ownerChannel = this.owners.get(connectionId);
    if (ownerChannel === undefined) {
      let owner: string | null;
      try {
        owner = await this.commands.get(this.key(connectionId));
      } catch (error) {
        this.log.log('warn', '@connections could not look a connection up in Redis', { connectionId, error: errorMessage(error) });
        return this.gone(op);
      }
      if (owner === null || owner === this.replicaId) return this.gone(op);
      if (this.owners.size >= MAX_REMEMBERED_OWNERS) this.owners.clear();
      ownerChannel = this.channelOf(owner);
      this.owners.set(connectionId, ownerChannel);
    }
    const rid = this.nextRid++;
    // `data` undefined (GET, DELETE) is left out by JSON.stringify.
    const request: Request = { kind: 'request', rid, reply: this.channel, op, id: connectionId, data: data?.toString('base64') };
    const answer = new Promise<unknown>((resolve) => this.pending.set(rid, { resolve, op, connectionId, expiresAt: Date.now() + REPLY_TIMEOUT_MS }));
    let receivers: number;
    try {
      receivers = await this.commands.publish(ownerChannel, JSON.stringify(request));
    } catch (error) {
      this.settle(rid, this.gone(op));
      this.log.log('warn', '@connections could not reach the replica holding a connection', { connectionId, error: errorMessage(error) });
      return answer;
    }
    if (receivers === 0) {
      // The owner is gone (its subscription went with it): the connection is a ghost, forget it now.
      this.commands.del(this.key(connectionId)).catch(() => undefined);
      this.settle(rid, this.gone(op));
    }
    return answer;
  }

  private onMessage(text: string): void {
    let message: Request | Reply;
    try {
      message = JSON.parse(text) as Request | Reply;
    } catch {
      return;
    }
    if (message.kind === 'reply') return this.settle(message.rid, message.result ?? undefined);
    const result = this.runLocal(message.op, message.id, message.data === undefined ? undefined : Buffer.from(message.data, 'base64'));
    const reply: Reply = { kind: 'reply', rid: message.rid, result: result ?? null };
    this.commands.publish(message.reply, JSON.stringify(reply)).catch(() => undefined);
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    for (const call of [...this.pending.values()]) call.resolve(undefined);
    this.pending.clear();
    await Promise.all([closeRedisClient(this.subscriber), closeRedisClient(this.commands)]);
  }
}
