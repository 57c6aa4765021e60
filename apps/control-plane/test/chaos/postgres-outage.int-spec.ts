import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { freePort, startOwnPostgres, type OwnPostgres } from '../support/own-postgres.js';
import { signedFetch } from '../support/signed-fetch.js';
import { TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY, type TestResponse } from '../support/test-control-plane.js';

// Chaos: the control plane (the built dist/main.js, as operators run it) on a PostgreSQL of the test's own,
// stopped under admin load. While it is down every admin request answers 503 ServiceUnavailableException with
// Retry-After (never a 500), /health/ready is not ready, and the outage is logged once and its end once — not
// a stack trace per request. After PostgreSQL restarts, requests succeed again.

const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

let postgres: OwnPostgres;
let controlPlane: ChildProcess | undefined;
let baseUrl: string;
let dataDir: string;
let output = '';

/** Waits for `check` to hold, polling; bounded so that a broken build fails instead of hanging. */
async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}\n${output.slice(-3000)}`);
}

beforeAll(async () => {
  postgres = await startOwnPostgres();
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  dataDir = mkdtempSync(join(tmpdir(), 'portico-cp-'));
  controlPlane = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: postgres.url,
      PORTICO_CONTROL_PLANE_PORT: String(port),
      PORTICO_CONTROL_PLANE_HOST: '127.0.0.1',
      PORTICO_DATA_DIR: dataDir,
      PORTICO_ADMIN_ACCESS_KEY_ID: TEST_ACCESS_KEY_ID,
      PORTICO_ADMIN_SECRET_ACCESS_KEY: TEST_SECRET_ACCESS_KEY,
      PORTICO_DATA_PLANE_TOKEN: 'portico-chaos-data-plane-token',
      // Outside development the control plane refuses to run without its own master key.
      PORTICO_MASTER_KEY: '5eed00005eed00005eed00005eed00005eed00005eed00005eed00005eed0000',
      PORTICO_ADMIN_RATE_LIMIT: '1000000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  controlPlane.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  controlPlane.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await eventually('the control plane to be ready', async () => (await fetch(`${baseUrl}/health/ready`)).status === 200);
}, 180_000);

afterAll(async () => {
  if (controlPlane && controlPlane.exitCode === null) {
    const exited = new Promise((r) => controlPlane!.once('exit', r));
    controlPlane.kill('SIGTERM');
    const timeout = new AbortController();
    await Promise.race([exited, sleep(15_000, undefined, { signal: timeout.signal }).catch(() => undefined)]);
    timeout.abort();
    if (controlPlane.exitCode === null) controlPlane.kill('SIGKILL');
  }
  if (process.env.PORTICO_CHAOS_LOG) process.stderr.write(output);
  await postgres?.destroy();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}, 300_000);

interface Outcome {
  status: number;
  type: string | null;
  retryAfter: string | null;
  requestId: string | null;
  message: unknown;
}

function outcomeOf(res: TestResponse): Outcome {
  let message: unknown;
  try {
    message = (JSON.parse(res.text) as { message?: unknown }).message;
  } catch {
    message = undefined;
  }
  return { status: res.status, type: res.headers.get('x-amzn-errortype'), retryAfter: res.headers.get('retry-after'), requestId: res.headers.get('x-amzn-requestid'), message };
}

/** One admin request of the load: reads and writes mixed. */
async function adminRequest(i: number, apiId: string): Promise<Outcome> {
  switch (i % 4) {
    case 0:
      return outcomeOf(await signedFetch(baseUrl, 'GET', '/restapis'));
    case 1:
      return outcomeOf(await signedFetch(baseUrl, 'GET', `/restapis/${apiId}`));
    case 2:
      return outcomeOf(await signedFetch(baseUrl, 'POST', '/restapis', { body: JSON.stringify({ name: `chaos-${i}` }) }));
    default:
      return outcomeOf(await signedFetch(baseUrl, 'GET', '/apikeys'));
  }
}

describe('PostgreSQL stopped under admin load (own server on a free port)', () => {
  it('answers 503 ServiceUnavailableException with Retry-After while it is down, logs the outage once each way, and recovers', async () => {
    const created = await signedFetch(baseUrl, 'POST', '/restapis', { body: JSON.stringify({ name: 'before-outage' }) });
    expect(created.status).toBe(201);
    const apiId = (created.json() as { id: string }).id;

    // Admin load: four clients in a loop, each outcome recorded with the phase it was sent in.
    let phase: 'before' | 'stopping' | 'down' | 'restarting' | 'after' = 'before';
    let running = true;
    const outcomes: Array<Outcome & { phase: string }> = [];
    let counter = 0;
    const workers = Array.from({ length: 4 }, async () => {
      while (running) {
        const sentIn = phase;
        const outcome = await adminRequest(counter++, apiId).catch((error: unknown) => ({ status: 0, type: String(error), retryAfter: null, requestId: null, message: undefined }));
        outcomes.push({ ...outcome, phase: sentIn });
      }
    });

    await eventually('load before the outage', async () => outcomes.filter((o) => o.phase === 'before').length >= 20);
    phase = 'stopping';
    await postgres.stop();
    phase = 'down';
    const downFrom = outcomes.length;
    await eventually('requests answered during the outage', async () => outcomes.length - downFrom >= 40);
    const ready = await fetch(`${baseUrl}/health/ready`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { database: { reachable: boolean } }).database.reachable).toBe(false);

    phase = 'restarting';
    await postgres.start();
    phase = 'after';
    const afterFrom = outcomes.length;
    await eventually('requests to succeed again', async () => outcomes.slice(afterFrom).some((o) => o.status < 300));
    await eventually('readiness again', async () => (await fetch(`${baseUrl}/health/ready`)).status === 200);
    // Once one request succeeded, the pool is back: the next ones all succeed.
    const recovered = outcomes.length;
    await eventually('more requests after recovery', async () => outcomes.length - recovered >= 20);
    running = false;
    await Promise.all(workers);

    // Every answer is a success or the AWS 503; never a 500, never a dropped connection.
    const bad = outcomes.filter((o) => !(o.status >= 200 && o.status < 300) && !(o.status === 503 && o.type === 'ServiceUnavailableException'));
    expect(bad).toEqual([]);
    const unavailable = outcomes.filter((o) => o.status === 503);
    expect(unavailable.length).toBeGreaterThanOrEqual(40);
    for (const o of unavailable) {
      expect(o.retryAfter).toMatch(/^\d+$/);
      expect(o.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(typeof o.message).toBe('string');
    }
    // Sent while PostgreSQL was fully down: all 503.
    expect(outcomes.slice(downFrom).filter((o) => o.phase === 'down' && o.status !== 503)).toEqual([]);
    expect(outcomes.slice(recovered).filter((o) => o.status >= 300)).toEqual([]);

    // The outage is an event in the log, not a stack trace per request.
    await eventually('the recovery log line', async () => /PostgreSQL available again/.test(output), 15_000);
    expect(output.match(/PostgreSQL unavailable/g) ?? []).toHaveLength(1);
    expect(output.match(/PostgreSQL available again/g) ?? []).toHaveLength(1);
    expect(output).not.toMatch(/Unexpected error|\n\s+at /);
  }, 180_000);
});
