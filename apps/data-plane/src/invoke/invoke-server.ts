import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GatewayHolder } from './gateway-holder.js';

/**
 * The invoke listener: a bare node:http server, no framework on the request path (notes/performance.md: a
 * general-purpose framework alone costs ~40% of throughput). Every request goes to the holder's current gateway.
 */
export class InvokeServer {
  private readonly server: Server;
  private draining = false;

  constructor(private readonly holder: GatewayHolder) {
    // Idle keep-alive connections outlive a load balancer's 60 s idle timeout, so the balancer closes them first
    // (never a request racing our close); headersTimeout must exceed keepAliveTimeout for that to hold.
    this.server = createServer({ keepAliveTimeout: 65_000, headersTimeout: 66_000 }, (req, res) => this.onRequest(req, res));
  }

  async listen(port: number, host: string): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    return (this.server.address() as AddressInfo).port;
  }

  get listening(): boolean {
    return this.server.listening;
  }

  /**
   * Graceful stop: refuse new connections, let in-flight requests finish (their connections close after the
   * response), then resolve. After `timeoutMs` the remaining connections are cut.
   */
  async close(timeoutMs: number): Promise<{ drained: boolean }> {
    if (!this.server.listening && !this.draining) return { drained: true };
    this.draining = true;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    // Keep-alive connections that go idle during the drain are closed as they go idle.
    const sweep = setInterval(() => this.server.closeIdleConnections(), 50);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), timeoutMs);
    });
    const expired = await Promise.race([closed.then(() => false), timedOut]);
    clearInterval(sweep);
    clearTimeout(timer);
    if (expired) {
      this.server.closeAllConnections();
      await closed;
    }
    return { drained: !expired };
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    if (this.draining) res.setHeader('connection', 'close');
    if (!this.holder.handle(req, res)) {
      const body = JSON.stringify({ message: 'No configuration loaded yet' });
      res.writeHead(503, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        'x-amzn-ErrorType': 'ServiceUnavailableException',
      });
      res.end(body);
    }
  }
}
