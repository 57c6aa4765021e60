export { RedisThrottleBackend } from './redis-throttle-backend.js';
export type { ReplicaIdentity } from './redis-throttle-backend.js';
export { ReplicaRegistry } from './replica-registry.js';
export { UsageCounters } from './usage-counters.js';
export type { CounterValue, RunCounter } from './usage-counters.js';
export { RunSeeder } from './run-seeder.js';
export type { PersistedCounter, RunSeederOptions, SeedCheck } from './run-seeder.js';
export { scanKeys } from './scan-keys.js';
export type { RedisLike } from './scan-keys.js';
