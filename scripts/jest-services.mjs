// Integration suites talk to a real PostgreSQL and Redis. Where they come from, in order:
//   1. DATABASE_URL / REDIS_URL when set (CI sets them to the machine's services);
//   2. the local defaults (127.0.0.1:5432, 127.0.0.1:6379) when something answers there;
//   3. containers started with Testcontainers when a Docker engine is reachable;
//   4. otherwise a clear message saying what to set (unit suites still run; integration suites fail fast).
// Each test file then makes its own database (createTestDatabase) and Redis key prefix, so files run in parallel.
import { connect } from 'node:net';

const LOCAL = {
  DATABASE_URL: { url: 'postgresql://postgres@127.0.0.1:5432/test', port: 5432 },
  REDIS_URL: { url: 'redis://127.0.0.1:6379', port: 6379 },
};

function answers(port) {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, timeout: 1000 });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

async function startContainer(name) {
  try {
    if (name === 'DATABASE_URL') {
      const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
      const container = await new PostgreSqlContainer('postgres:16-alpine').start();
      return { container, url: container.getConnectionUri() };
    }
    const { RedisContainer } = await import('@testcontainers/redis');
    const container = await new RedisContainer('redis:7-alpine').start();
    return { container, url: container.getConnectionUrl() };
  } catch (error) {
    return { error };
  }
}

export async function resolveTestServices() {
  const containers = [];
  const missing = [];
  for (const [name, local] of Object.entries(LOCAL)) {
    if (process.env[name]) continue;
    if (await answers(local.port)) {
      process.env[name] = local.url;
      continue;
    }
    const started = await startContainer(name);
    if (started.url) {
      process.env[name] = started.url;
      containers.push(started.container);
    } else {
      missing.push(`${name} (no server on 127.0.0.1:${local.port}; Testcontainers: ${started.error?.message ?? 'unavailable'})`);
    }
  }
  if (missing.length > 0) {
    console.error(
      [
        '',
        'Integration suites need PostgreSQL and Redis, and none was found for:',
        ...missing.map((m) => `  - ${m}`),
        'Set DATABASE_URL (a server where the tests may CREATE DATABASE) and REDIS_URL, start them locally,',
        'or run a Docker engine so that Testcontainers can start them. Unit suites run regardless.',
        '',
      ].join('\n'),
    );
  }
  return containers;
}
