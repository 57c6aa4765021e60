export { createThrottleRedis } from './throttle-redis-client.js';
export type { ThrottleRedisOptions } from './throttle-redis-client.js';
export { RedisThrottleBackend } from './redis-throttle-backend.js';
export type { ReplicaIdentity } from './redis-throttle-backend.js';
export { ReplicaRegistry } from './replica-registry.js';
export { UsageCounters } from './usage-counters.js';
export type { CounterValue, RunCounter } from './usage-counters.js';
export { RunSeeder } from './run-seeder.js';
export type { PersistedCounter, RunSeederOptions, SeedCheck } from './run-seeder.js';
