import type { Cluster, Redis } from 'ioredis';

/** A client of one Redis or of a Redis Cluster: the commands Portico uses are the same on both. */
export type RedisLike = Redis | Cluster;

/**
 * SCAN … MATCH over every key: SCAN walks one node's keyspace, so on a Redis Cluster each master is scanned in turn
 * (a Cluster client would send a bare SCAN to whichever node it picks and miss the others' keys). Batches reach
 * `onKeys` as found; a key may be reported twice if the cluster reshards meanwhile, never skipped for good.
 */
export async function scanKeys(redis: RedisLike, match: string, onKeys: (keys: string[]) => Promise<void>): Promise<void> {
  const nodes: Redis[] = redis.isCluster ? (redis as Cluster).nodes('master') : [redis as Redis];
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', match, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await onKeys(keys);
    } while (cursor !== '0');
  }
}
