import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { interceptBody } from './intercept-body.js';
import { ResponseSink, type ResponseDecorator } from './response-sink.js';

async function serve(handler: (sink: ResponseSink) => void): Promise<string> {
  const server: Server = createServer((_req, res) => handler(new ResponseSink(res)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    return await new Promise((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: '/' }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve(body));
      })
        .on('error', reject)
        .end();
    });
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

/** A decorator that observes the streamed body (as the cache fill does) and one that rewrites it (as compression). */
const observer = (seen: string[]): ResponseDecorator => ({
  head: () => undefined,
  streamed: (_head, res) =>
    interceptBody(res, (forward, finish) => ({
      write: (chunk) => (seen.push(chunk.toString()), forward(chunk)),
      end: () => (seen.push('<end>'), finish()),
    })),
});
const upper: ResponseDecorator = {
  head: () => undefined,
  streamed: (_head, res) =>
    interceptBody(res, (forward, finish) => ({ write: (chunk) => forward(Buffer.from(chunk.toString().toUpperCase())), end: finish })),
};

describe('interceptBody through the sink’s streamed hook', () => {
  it('hands a streamed body to decorators in the order they were added, then to the client', async () => {
    const seen: string[] = [];
    const body = await serve((sink) => {
      sink.decorate(observer(seen));
      sink.decorate(upper);
      const res = sink.writeHead(200, ['content-type', 'text/plain']);
      res.write('abc');
      res.write(Buffer.from('def'));
      res.end();
    });
    // The observer, added first, saw the body before the rewriting decorator changed it.
    expect(seen).toEqual(['abc', 'def', '<end>']);
    expect(body).toBe('ABCDEF');
  });

  it('leaves a response without streamed hooks untouched', async () => {
    const body = await serve((sink) => {
      sink.decorate({ head: () => undefined });
      const res = sink.writeHead(200, []);
      res.end('plain');
    });
    expect(body).toBe('plain');
  });
});
