import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { distEntry, freePort, startNode, waitForOk, type NodeProcess } from './processes.js';

export const CP_ACCESS_KEY_ID = 'AKIAPORTICODPTEST001';
export const CP_SECRET_ACCESS_KEY = 'portico-data-plane-test-secret-key';
export const CP_DATA_PLANE_TOKEN = 'portico-data-plane-test-token-0001';
/** The control plane refuses the public development master key outside PORTICO_DEVELOPMENT, as production runs it. */
export const CP_MASTER_KEY = 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00';

export interface ControlPlaneProcess {
  url: string;
  port: number;
  process: NodeProcess;
  /** An AWS SDK client signed with the control plane's admin keys. */
  client: APIGatewayClient;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * The real control plane, as production runs it (`node apps/control-plane/dist/main.js` configured by its
 * environment), on a test database. A separate process, so a test can kill it like an outage would.
 */
export async function startControlPlaneProcess(options: { databaseUrl: string; redisUrl?: string; port?: number }): Promise<ControlPlaneProcess> {
  const port = options.port ?? (await freePort());
  const env: Record<string, string> = {
    PORTICO_CONTROL_PLANE_PORT: String(port),
    PORTICO_CONTROL_PLANE_HOST: '127.0.0.1',
    DATABASE_URL: options.databaseUrl,
    PORTICO_ADMIN_ACCESS_KEY_ID: CP_ACCESS_KEY_ID,
    PORTICO_ADMIN_SECRET_ACCESS_KEY: CP_SECRET_ACCESS_KEY,
    PORTICO_DATA_PLANE_TOKEN: CP_DATA_PLANE_TOKEN,
    PORTICO_MASTER_KEY: CP_MASTER_KEY,
  };
  if (options.redisUrl) env.REDIS_URL = options.redisUrl;
  const proc = startNode([distEntry('control-plane')], env);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForOk(`${url}/health/ready`, proc);
  } catch (error) {
    await proc.stop('SIGKILL');
    throw error;
  }
  const client = new APIGatewayClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: CP_ACCESS_KEY_ID, secretAccessKey: CP_SECRET_ACCESS_KEY },
    maxAttempts: 1,
  });
  return {
    url,
    port,
    process: proc,
    client,
    async stop(signal = 'SIGTERM') {
      client.destroy();
      await proc.stop(signal);
    },
  };
}

export const testRedisUrl = (): string => process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
