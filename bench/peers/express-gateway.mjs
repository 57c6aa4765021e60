// The peer for `node bench/run.mjs --peers`: Express Gateway 1.16 (the only other Node gateway with API keys and
// rate limits; unmaintained) in front of the bench's backend with key-auth + rate-limit + proxy, its users and
// credentials in the local Redis (as Portico's usage plans are), under a namespace of its own that is deleted on
// exit. The rate limit is keyed on the API key and set far above the load, and its response delay (1 s after the
// first request by default) is off, so the case measures the checks, not a 429 or a sleep.
//
// Environment: BACKEND_URL (required), REDIS_HOST / REDIS_PORT (default 127.0.0.1:6379).
// Prints {"port":N,"apiKey":"keyId:keySecret"} on its first stdout line once it serves.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

// Express Gateway is CommonJS and reads its config when first required.
const require = createRequire(import.meta.url);

const backendUrl = process.env.BACKEND_URL;
if (!backendUrl) throw new Error('BACKEND_URL is required');
process.env.LOG_LEVEL ??= 'error';

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

async function main() {
  const [port, adminPort] = [await freePort(), await freePort()];
  const namespace = `portico-bench-eg-${process.pid}`;
  const dir = mkdtempSync(join(tmpdir(), 'portico-bench-eg-'));
  const egRoot = dirname(require.resolve('express-gateway/package.json'));
  cpSync(join(egRoot, 'lib/config/models'), join(dir, 'models'), { recursive: true });
  writeFileSync(
    join(dir, 'system.config.yml'),
    JSON.stringify({
      db: { redis: { emulate: false, host: process.env.REDIS_HOST ?? '127.0.0.1', port: Number(process.env.REDIS_PORT ?? 6379), namespace } },
      crypto: { cipherKey: 'bench', algorithm: 'aes256', saltRounds: 10 },
      session: { secret: 'bench', resave: false, saveUninitialized: false },
      accessTokens: { timeToExpiry: 7200000 },
      refreshTokens: { timeToExpiry: 7200000 },
      authorizationCodes: { timeToExpiry: 300000 },
    }),
  );
  writeFileSync(
    join(dir, 'gateway.config.yml'),
    JSON.stringify({
      http: { port, hostname: '127.0.0.1' },
      admin: { port: adminPort, host: '127.0.0.1' },
      apiEndpoints: { api: { host: '*', paths: '/*' } },
      serviceEndpoints: { backend: { url: backendUrl } },
      policies: ['key-auth', 'rate-limit', 'proxy'],
      pipelines: {
        default: {
          apiEndpoints: ['api'],
          policies: [
            { 'key-auth': [{ action: { apiKeyHeader: 'x-api-key', disableHeadersScheme: true, disableQueryParam: true } }] },
            { 'rate-limit': [{ action: { rateLimitBy: "${req.headers['x-api-key']}", max: 1_000_000_000, windowMs: 60_000, delayAfter: 0, delayMs: 0 } }] },
            { proxy: [{ action: { serviceEndpoint: 'backend', changeOrigin: true } }] },
          ],
        },
      },
    }),
  );
  await require('express-gateway')().load(dir).run();

  const services = require('express-gateway/lib/services');
  const db = require('express-gateway/lib/db');
  const user = await services.user.insert({ username: 'bench', firstname: 'Bench', lastname: 'User' });
  const credential = await services.credential.insertCredential(user.id, 'key-auth', {});

  const cleanup = async () => {
    const keys = await db.keys(`${namespace}*`);
    if (keys.length > 0) await db.del(...keys);
    rmSync(dir, { recursive: true, force: true });
  };
  process.on('SIGTERM', () => cleanup().finally(() => process.exit(0)));
  console.log(JSON.stringify({ port, apiKey: `${credential.keyId}:${credential.keySecret}` }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
