import { createServer, request, Agent, type Server } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { proxyDocument } from '../support/config-documents.js';
import { distEntry, eventually, freePorts, startNode, waitForOk, type NodeProcess } from '../support/processes.js';

const SHUTDOWN_TIMEOUT_MS = 2000;
// Generous on purpose: the outcome is "exited long before the backend answers" (it never does), not a timing.
const MARGIN_MS = 20_000;

// SIGTERM while requests wait on a backend that never answers: the process aborts them at
// PORTICO_SHUTDOWN_TIMEOUT_MS and exits, instead of waiting for the backend; an idle keep-alive client
// connection is closed cleanly (FIN, not a reset).
describe('SIGTERM with requests in flight to a backend that never answers', () => {
  let backend: Server;
  let backendUrl: string;
  const upstream = new Set<Socket>();
  let received = 0;
  let dir: string;
  let proc: NodeProcess | undefined;

  beforeAll(async () => {
    backend = createServer(() => void received++); // holds every request forever
    backend.on('connection', (socket) => {
      upstream.add(socket);
      socket.on('close', () => upstream.delete(socket));
    });
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
    backendUrl = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
    dir = await mkdtemp(join(tmpdir(), 'portico-dp-sigterm-'));
  });

  afterAll(async () => {
    await proc?.stop('SIGKILL');
    backend.closeAllConnections();
    await new Promise((resolve) => backend.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('exits within the shutdown timeout plus a margin, aborting upstream requests', async () => {
    const file = join(dir, 'config.json');
    await writeFile(file, JSON.stringify(proxyDocument({ backendUrl })));
    const [port, statusPort] = await freePorts(2);
    proc = startNode([distEntry('data-plane')], {
      PORTICO_CONFIG_FILE: file,
      PORTICO_DATA_PLANE_PORT: String(port),
      PORTICO_STATUS_PORT: String(statusPort),
      PORTICO_HOST: '127.0.0.1',
      PORTICO_SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
    });
    await waitForOk(`http://127.0.0.1:${statusPort}/health/ready`, proc);

    // An idle keep-alive connection: one answered request (a 404 from the gateway), then nothing.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const idle = await new Promise<Socket>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/restapis/unknown/test/_user_request_/x', agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(req.socket as Socket));
      });
      req.on('error', reject);
      req.end();
    });
    let idleReset = false;
    const idleClosed = new Promise<void>((resolve) => {
      idle.on('error', (error: NodeJS.ErrnoException) => void (idleReset = error.code === 'ECONNRESET'));
      idle.on('close', () => resolve());
    });

    const inFlight = [1, 2, 3].map((i) =>
      fetch(`http://127.0.0.1:${port}/restapis/testapi001/test/_user_request_/hang-${i}`).then(
        (res) => res.status,
        () => 'cut',
      ),
    );
    await eventually(async () => (received >= 3 ? true : undefined), 'the backend to hold three requests');

    proc.child.kill('SIGTERM');
    const outcome = await Promise.race([
      proc.exited().then((code) => ({ exited: code })),
      new Promise<{ exited: 'still running' }>((resolve) => setTimeout(() => resolve({ exited: 'still running' }), SHUTDOWN_TIMEOUT_MS + MARGIN_MS)),
    ]);
    expect(outcome).toEqual({ exited: 0 });
    // The process's upstream connections are gone with it; the clients were cut, not answered by the backend.
    for (const status of await Promise.all(inFlight)) expect(status === 'cut' || status === 504 || status === 502).toBe(true);
    await idleClosed;
    expect(idleReset).toBe(false);
    agent.destroy();
    expect(proc.output()).toContain('some requests were cut at the shutdown timeout');
  });
});
