export { closeRedisClient, createRedisClient, reconnectDelayMs } from './create-redis-client.js';
export type { RedisClient, RedisClientOptions, RedisLog, RedisRole } from './create-redis-client.js';
export { redisName, redisSettings } from './redis-settings.js';
export type { RedisEnvironment, RedisSettings, RedisTlsSettings } from './redis-settings.js';
