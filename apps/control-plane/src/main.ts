import { ConfigError, loadControlPlaneConfig, type ControlPlaneConfig } from './config.js';
import { createControlPlane } from './app.js';

function loadOrExit(): ControlPlaneConfig {
  try {
    return loadControlPlaneConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

const config = loadOrExit();
const app = await createControlPlane(config).catch((error: unknown) => {
  console.error(`Portico control plane failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
await app.listen({ port: config.port, host: config.host });

const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`;
console.log(`Portico control plane listening on http://${config.host}:${config.port} (region ${config.region}, ${where})`);
if (config.developmentDefaults.adminCredentials) {
  console.log(
    `Using DEVELOPMENT admin credentials (set PORTICO_ADMIN_ACCESS_KEY_ID / PORTICO_ADMIN_SECRET_ACCESS_KEY for real use):\n` +
      `  access key id:     ${config.adminAccessKeyId}\n  secret access key: ${config.adminSecretAccessKey}`,
  );
}
if (config.developmentDefaults.dataPlaneToken) {
  console.log(`Using the DEVELOPMENT data-plane token (set PORTICO_DATA_PLANE_TOKEN for real use): ${config.dataPlaneToken}`);
}
if (config.developmentDefaults.masterKey) {
  console.log('Using the public DEVELOPMENT master key for IAM secret access keys and API key values at rest (PORTICO_DEVELOPMENT=true; set PORTICO_MASTER_KEY, 32 bytes as hex or base64, for real use)');
}
