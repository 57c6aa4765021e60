import { createServer, type Server } from 'node:net';
import { VpcLinkHealthChecker } from './vpc-link-health.js';

const silent = { log: () => undefined };

async function eventually(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('VpcLinkHealthChecker', () => {
  it('marks a target down after the unhealthy threshold and up again after the healthy one, with a scripted probe', async () => {
    const answers = new Map<number, boolean>([[1, true], [2, true]]);
    const checker = new VpcLinkHealthChecker({ intervalMs: 50, timeoutMs: 50, healthyThreshold: 2, unhealthyThreshold: 3 }, silent, async (t) => answers.get(t.port)!);
    try {
      checker.update([{ id: 'l1', targets: [{ host: 'a', port: 1 }, { host: 'b', port: 2 }] }]);
      const link = checker.link('l1')!;
      expect(link.isHealthy(0) && link.isHealthy(1)).toBe(true);
      answers.set(2, false);
      await eventually(() => !link.isHealthy(1));
      expect(link.isHealthy(0)).toBe(true);
      answers.set(2, true);
      await eventually(() => link.isHealthy(1));
    } finally {
      checker.close();
    }
  });

  it('keeps a link whose targets did not change across updates, and replaces or drops the others', () => {
    const checker = new VpcLinkHealthChecker({ intervalMs: 60_000, timeoutMs: 50, healthyThreshold: 1, unhealthyThreshold: 1 }, silent, async () => true);
    try {
      checker.update([{ id: 'l1', targets: [{ host: 'a', port: 1 }] }, { id: 'l2', targets: [{ host: 'b', port: 2 }] }]);
      const l1 = checker.link('l1');
      const l2 = checker.link('l2');
      checker.update([{ id: 'l1', targets: [{ host: 'a', port: 1 }] }, { id: 'l2', targets: [{ host: 'c', port: 3 }] }]);
      expect(checker.link('l1')).toBe(l1);
      expect(checker.link('l2')).not.toBe(l2);
      checker.update([]);
      expect(checker.link('l1')).toBeUndefined();
    } finally {
      checker.close();
    }
  });

  it('checks with a real TCP connect: a closed port is found down', async () => {
    const server: Server = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const closed: Server = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const checker = new VpcLinkHealthChecker({ intervalMs: 50, timeoutMs: 2000, healthyThreshold: 1, unhealthyThreshold: 1 }, silent);
    try {
      checker.update([{ id: 'l1', targets: [{ host: '127.0.0.1', port }, { host: '127.0.0.1', port: closedPort }] }]);
      const link = checker.link('l1')!;
      await eventually(() => !link.isHealthy(1));
      expect(link.isHealthy(0)).toBe(true);
    } finally {
      checker.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
