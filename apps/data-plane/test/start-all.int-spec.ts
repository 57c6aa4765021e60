import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBackend, type TestBackend } from './support/backends.js';
import { deployProxyApi } from './support/deploy-proxy-api.js';
import { distEntry, eventually, freePorts, startNode, type NodeProcess } from './support/processes.js';

// `npm start` after the build: scripts/start-all.mjs with no DATABASE_URL and no REDIS_URL — the control plane
// on embedded PGlite, one data plane polling it, the development credentials — and a deployed API answering.
describe('scripts/start-all.mjs (npm start)', () => {
  let dir: string;
  let backend: TestBackend;
  let proc: NodeProcess | undefined;

  beforeAll(async () => {
    distEntry('control-plane');
    distEntry('data-plane');
    dir = await mkdtemp(join(tmpdir(), 'portico-start-all-'));
    backend = await startBackend('A');
  });

  afterAll(async () => {
    await proc?.stop('SIGKILL');
    await backend?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('starts both planes on embedded defaults, serves a deployment, and stops on SIGINT', async () => {
    const [cpPort, dpPort, statusPort] = await freePorts(3);
    // Only these variables: no DATABASE_URL, no REDIS_URL, no credentials.
    proc = startNode(['scripts/start-all.mjs'], {
      PORTICO_CONTROL_PLANE_PORT: String(cpPort),
      PORTICO_DATA_PLANE_PORT: String(dpPort),
      PORTICO_STATUS_PORT: String(statusPort),
      PORTICO_DATA_DIR: join(dir, 'data'),
    });
    await eventually(async () => (proc!.output().includes('Portico is running.') ? true : proc!.child.exitCode !== null ? true : undefined), 'start-up', 300_000);
    const output = proc.output();
    expect(output).toContain('Portico is running.');
    expect(output).toContain('access key id:     AKIAPORTICODEVELOPER   (development default)');
    expect(output).toContain('secret access key: portico-development-secret-access-key');
    expect(output).toContain(`http://localhost:${cpPort}`);
    expect(output).toContain('embedded PGlite');
    expect(output).toContain('portico: starting the control plane on the embedded database (PGlite in');
    expect(output).toContain('creating and migrating it');
    expect(output).toContain('portico: control plane ready; starting the data plane');

    const client = new APIGatewayClient({
      endpoint: `http://127.0.0.1:${cpPort}`,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIAPORTICODEVELOPER', secretAccessKey: 'portico-development-secret-access-key' },
      maxAttempts: 1,
    });
    try {
      const api = await deployProxyApi(client, 'npm-start', backend.url, 'dev');
      const body = await eventually(async () => {
        const res = await fetch(`http://127.0.0.1:${dpPort}/restapis/${api.restApiId}/dev/_user_request_/hello`);
        return res.status === 200 ? ((await res.json()) as unknown) : undefined;
      }, 'the deployment to answer through the data plane');
      expect(body).toEqual({ backend: 'A', path: '/hello' });
    } finally {
      client.destroy();
    }

    expect(await proc.stop('SIGINT')).toBe(0);
    await expect(fetch(`http://127.0.0.1:${statusPort}/health/live`)).rejects.toThrow();
  }, 150_000);

  it('says which port is already taken, and starts nothing', async () => {
    const [cpPort, dpPort, statusPort] = await freePorts(3);
    // Something else (here: a plain server) holds the data plane's status port.
    const holder = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => holder.listen(statusPort, '0.0.0.0', resolve));
    try {
      const taken = startNode(['scripts/start-all.mjs'], {
        PORTICO_CONTROL_PLANE_PORT: String(cpPort),
        PORTICO_DATA_PLANE_PORT: String(dpPort),
        PORTICO_STATUS_PORT: String(statusPort),
        PORTICO_DATA_DIR: join(dir, 'taken'),
      });
      expect(await taken.exited()).toBe(1);
      expect(taken.output()).toContain(`port ${statusPort} (PORTICO_STATUS_PORT, for the data plane (status: health and metrics)) is already in use`);
      expect(taken.output()).not.toContain(`port ${cpPort}`);
      expect(taken.output()).not.toContain('Portico is running');
      await expect(fetch(`http://127.0.0.1:${cpPort}/health/live`)).rejects.toThrow();
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  }, 60_000);
});
