import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ResponseSink, setResponseHeader, type ResponseDecorator } from './response-sink.js';

// A real node:http server: the sink writes node's response, and the client reads what went over the wire.
async function serve(handler: (sink: ResponseSink) => void): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const server: Server = createServer((_req, res) => handler(new ResponseSink(res)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    return await new Promise((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: '/' }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      })
        .on('error', reject)
        .end();
    });
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

const cors: ResponseDecorator = { head: (head) => setResponseHeader(head, 'Access-Control-Allow-Origin', '*') };

describe('ResponseSink', () => {
  it('writes a whole response as given when nothing decorates it', async () => {
    const answer = await serve((sink) => sink.send(201, { 'content-type': 'text/plain' }, 'made'));
    expect(answer).toMatchObject({ status: 201, body: 'made' });
    expect(answer.headers['content-type']).toBe('text/plain');
  });

  it('lets decorators change the head and the whole body before it is written', async () => {
    const answer = await serve((sink) => {
      sink.decorate(cors);
      sink.decorate({
        head: (head) => void (head.status = 202),
        body: (head, body) => {
          setResponseHeader(head, 'content-length', '4');
          return String(body).toUpperCase();
        },
      });
      sink.send(200, { 'content-type': 'text/plain', 'content-length': 4 }, 'made');
    });
    expect(answer).toMatchObject({ status: 202, body: 'MADE' });
    expect(answer.headers['access-control-allow-origin']).toBe('*');
  });

  it('runs decorators on the head of a streamed response (raw header list), then the body streams into res', async () => {
    const answer = await serve((sink) => {
      sink.decorate(cors);
      const res = sink.writeHead(200, ['Content-Type', 'text/plain', 'access-control-allow-origin', 'https://old']);
      res.write('one ');
      res.end('two');
    });
    expect(answer).toMatchObject({ status: 200, body: 'one two' });
    expect(answer.headers['access-control-allow-origin']).toBe('*');
  });
});
