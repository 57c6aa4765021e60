import { ConfigError, loadControlPlaneConfig, type ControlPlaneConfig } from './config.js';
import { createControlPlane } from './app.js';
import { createControlPlaneLogger } from './platform/observability/logger.js';

function loadOrExit(): ControlPlaneConfig {
  try {
    return loadControlPlaneConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      // Before the logger exists (its level is part of the configuration), and meant for a person: plain text.
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

const config = loadOrExit();
const log = createControlPlaneLogger(config.logLevel);
const app = await createControlPlane(config, { log }).catch((error: unknown) => {
  log.fatal({ error: error instanceof Error ? error.message : String(error) }, 'control plane failed to start');
  process.exit(1);
});
app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
await app.listen({ port: config.port, host: config.host });

log.info(
  { url: `http://${config.host}:${config.port}`, region: config.region, database: config.databaseUrl ? 'postgresql' : `pglite (${config.dataDir})`, redis: Boolean(config.redisUrl) },
  'control plane listening',
);
// The development values are public (README, npm start); the secret is never logged, only which defaults apply.
if (config.developmentDefaults.adminCredentials) {
  log.warn({ accessKeyId: config.adminAccessKeyId }, 'using the DEVELOPMENT admin credentials (set PORTICO_ADMIN_ACCESS_KEY_ID / PORTICO_ADMIN_SECRET_ACCESS_KEY for real use)');
}
if (config.developmentDefaults.dataPlaneToken) {
  log.warn('using the DEVELOPMENT data-plane token (set PORTICO_DATA_PLANE_TOKEN for real use)');
}
if (config.developmentDefaults.masterKey) {
  log.warn('using the public DEVELOPMENT master key for secrets at rest (set PORTICO_MASTER_KEY, 32 bytes as hex or base64, for real use)');
}
