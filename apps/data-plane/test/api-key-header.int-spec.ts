import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestDataPlane, type TestDataPlane } from './support/data-plane-harness.js';
import { keyedRoute, randomAccountId, usageDocument } from './support/usage-plan-documents.js';

// The x-api-key value is compared exactly, as AWS does (issue 11). What "exactly" means is fixed by HTTP: the
// optional whitespace around a field value (spaces, tabs) is not part of it (RFC 9110 §5.5), so Node's parser — like
// AWS's front end — drops it before the gateway sees the value. Everything else that survives parsing counts: these
// requests are written byte by byte on a socket, so that no client library normalises them first.
const API = 'headerapi1';
const KEY = { id: 'headerkey1', value: 'header-key-value-0123456789' };

let dir: string;
let dp: TestDataPlane;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'portico-api-key-header-'));
  const file = join(dir, 'config.json');
  const document = usageDocument({
    accountId: randomAccountId(),
    apis: [{ apiId: API, resources: { '/keyed': { GET: keyedRoute('keyed') } }, stages: [{ stageName: 'test' }] }],
    keys: [KEY],
    plans: [{ id: 'headerplan', keyIds: [KEY.id], apiStages: [{ apiId: API, stage: 'test' }] }],
  });
  await writeFile(file, JSON.stringify(document));
  dp = await startTestDataPlane({ source: { kind: 'file', path: file } });
});

afterAll(async () => {
  await dp?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Sends one request whose x-api-key header line is exactly `headerBytes` after the colon; the status and body. */
function send(headerBytes: Buffer | string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(dp.invokeUrl);
  const request = Buffer.concat([
    Buffer.from(`GET /restapis/${API}/test/_user_request_/keyed HTTP/1.1\r\nHost: ${hostname}:${port}\r\nx-api-key:`),
    Buffer.isBuffer(headerBytes) ? headerBytes : Buffer.from(headerBytes, 'latin1'),
    Buffer.from('\r\nConnection: close\r\n\r\n'),
  ]);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(request));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      const body = text.slice(text.indexOf('\r\n\r\n') + 4);
      resolve({ status, body: /chunked/i.test(text.slice(0, text.indexOf('\r\n\r\n'))) ? dechunk(body) : body });
    });
  });
}

function dechunk(body: string): string {
  let out = '';
  let rest = body;
  for (;;) {
    const eol = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, eol), 16);
    if (!size) return out;
    out += rest.slice(eol + 2, eol + 2 + size);
    rest = rest.slice(eol + 2 + size + 2);
  }
}

describe('x-api-key is compared exactly', () => {
  it('admits the value, with or without the optional whitespace HTTP puts around header values', async () => {
    for (const header of [KEY.value, ` ${KEY.value}`, `   ${KEY.value}   `, `\t${KEY.value}\t`]) {
      await expect(send(header)).resolves.toMatchObject({ status: 200 });
    }
  });

  it('refuses (403 Forbidden) a value with any other character around or inside it', async () => {
    const near = [
      Buffer.concat([Buffer.from(` ${KEY.value}`), Buffer.from([0xa0])]), // trailing NO-BREAK SPACE (obs-text byte)
      Buffer.concat([Buffer.from(' '), Buffer.from([0xa0]), Buffer.from(KEY.value)]),
      Buffer.from(` ${KEY.value}\u3000`, 'utf8'), // trailing IDEOGRAPHIC SPACE as UTF-8 bytes
      ` ${KEY.value.slice(0, 10)} ${KEY.value.slice(10)}`, // inner space
      ` ${KEY.value.slice(0, 10)}\t${KEY.value.slice(10)}`, // inner tab
      ` ${KEY.value.toUpperCase()}`,
      ` ${KEY.value}, ${KEY.value}`, // two x-api-key values joined
      ` ${KEY.value}x`,
    ];
    for (const header of near) {
      const answer = await send(header);
      expect({ header: header.toString(), ...answer, body: JSON.parse(answer.body) as unknown }).toEqual({
        header: header.toString(),
        status: 403,
        body: { message: 'Forbidden' },
      });
    }
  });

  it('never admits a value HTTP itself refuses (control characters): 400 before the gateway', async () => {
    for (const header of [` ${KEY.value}\u000b`, ` ${KEY.value}\u000c`, ` ${KEY.value}\u0000`]) {
      await expect(send(header)).resolves.toMatchObject({ status: 400 });
    }
  });
});
