import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBackend, type TestBackend } from './support/backends.js';
import { proxyDocument } from './support/config-documents.js';
import { distEntry, eventually, freePorts, startNode, waitForOk, type NodeProcess } from './support/processes.js';

// SIGTERM as an orchestrator sends it: the production entry point stops accepting, lets the request in flight
// finish, and exits 0.
describe('graceful shutdown of the data-plane process', () => {
  let backend: TestBackend;
  let dir: string;
  let proc: NodeProcess | undefined;

  beforeAll(async () => {
    backend = await startBackend('slow');
    dir = await mkdtemp(join(tmpdir(), 'portico-dp-shutdown-'));
  });

  afterAll(async () => {
    await proc?.stop('SIGKILL');
    await backend?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('finishes the in-flight request, refuses new connections and exits 0', async () => {
    const file = join(dir, 'config.json');
    await writeFile(file, JSON.stringify(proxyDocument({ backendUrl: backend.url })));
    const [port, statusPort] = await freePorts(2);
    proc = startNode([distEntry('data-plane')], {
      PORTICO_CONFIG_FILE: file,
      PORTICO_DATA_PLANE_PORT: String(port),
      PORTICO_STATUS_PORT: String(statusPort),
      PORTICO_HOST: '127.0.0.1',
    });
    await waitForOk(`http://127.0.0.1:${statusPort}/health/ready`, proc);

    const inFlight = fetch(`http://127.0.0.1:${port}/restapis/testapi001/test/_user_request_/slow?delay=1500`);
    await eventually(async () => (backend.requests.some((r) => r.url.includes('delay=1500')) ? true : undefined), 'the backend to get the request');
    proc.child.kill('SIGTERM');
    // While draining, readiness is red so that a load balancer stops sending new requests here.
    await eventually(async () => ((await fetch(`http://127.0.0.1:${statusPort}/health/ready`)).status === 503 ? true : undefined), 'readiness to go red');

    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ backend: 'slow', path: '/slow?delay=1500' });
    expect(await proc.exited()).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/restapis/testapi001/test/_user_request_/late`)).rejects.toThrow();
    expect(proc.output()).toContain('SIGTERM: draining in-flight requests');
    expect(proc.output()).toContain('data plane stopped');
  });
});
