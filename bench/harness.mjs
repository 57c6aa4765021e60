// What bench/run.mjs (CPU and throughput under load) and bench/instructions.mjs (instruction counts under
// callgrind) share: starting helpers and reading their port, free ports, readiness, and a case's config document
// and data-plane environment.
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { contentHash } from '@portico/contracts';
import { realisticHeaders } from './request-headers.mjs';

// The helpers print a JSON line ({"port":N,…}) first on stdout.
export function firstLine({ child, stderr }) {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]));
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before listening\n${stderr()}`)));
  });
}

// Distinct free ports: all held open until every one is known, so two listeners never get the same port.
export async function freePorts(n) {
  const servers = Array.from({ length: n }, () => createServer());
  const ports = await Promise.all(
    servers.map((s) => new Promise((resolve, reject) => {
      s.once('error', reject);
      s.listen(0, '127.0.0.1', () => resolve(s.address().port));
    })),
  );
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

export function get(url, headers) {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode, text: body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Waits for `url` to answer 200; `seconds` bounds hangs (a data plane takes 5 s and more on a loaded machine). */
export async function waitReady(url, proc, headers, seconds = 60) {
  for (let i = 0; i < seconds * 10; i++) {
    try {
      if ((await get(url, headers)).status === 200) return;
    } catch {
      // not listening yet
    }
    if (proc.child.exitCode !== null) throw new Error(`exited:\n${proc.stderr()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not ready: ${url}\n${proc.stderr()}`);
}

/** A bench case's standalone config document (PORTICO_CONFIG_FILE). */
export function configDocument(c, backendUrl) {
  const { restApiId, stageName, variables = {}, methodSettings = {}, cacheClusterEnabled = false, ...snapshot } = c.api({ backendUrl });
  const deploymentId = 'benchdep01';
  const body = {
    schemaVersion: 1,
    region: 'us-east-1',
    accountId: '000000000000',
    stages: [{ restApiId, stageName, deploymentId, variables, methodSettings, cacheClusterEnabled, tracingEnabled: false, lastUpdatedDate: 0 }],
    deployments: { [deploymentId]: { schemaVersion: 1, restApiId, deploymentId, createdDate: 0, authorizers: [], gatewayResponses: {}, ...snapshot } },
    // AWS's default account limit (10,000 rps) would answer 429s at bench rates: raised, so every case measures
    // serving the request (a case's own `document` may set it again).
    account: { throttleSettings: { burstLimit: 1_000_000_000, rateLimit: 1_000_000_000 } },
    ...(typeof c.document === 'function' ? c.document({ backendUrl }) : c.document),
    ...(c.iam && { iam: c.iam }),
  };
  return { ...body, revision: contentHash(body) };
}

/** The environment of a standalone data plane serving `file` for case `c`. */
export const dataPlaneEnv = (c, { file, port, statusPort, backendUrl }) => ({
  PORTICO_CONFIG_FILE: file,
  PORTICO_DATA_PLANE_PORT: String(port),
  PORTICO_STATUS_PORT: String(statusPort),
  PORTICO_HOST: '127.0.0.1',
  PORTICO_CONFIG_POLL_INTERVAL_MS: '60000',
  PORTICO_CONTROL_PLANE_URL: '',
  REDIS_URL: '',
  ...(typeof c.env === 'function' ? c.env({ backendUrl }) : c.env),
});

/** A case's request with the realistic headers under its own. */
export const withHeaders = (request) => ({ ...request, headers: { ...realisticHeaders, ...request.headers } });
