import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, freePorts } from './processes.js';

/**
 * A private Redis (`redis-server --port <free> --save ''`) a test may stop and start again to play an outage —
 * never the shared one on 6379. Restarting keeps the port, so clients reconnect by themselves; with no
 * persistence, a restart also loses every key (as an unpersisted production Redis would).
 */
export interface PrivateRedis {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const deadline = Date.now() + 10_000;
    while (!(await accepts(port))) {
      if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not start`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const stop = async (): Promise<void> => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((resolve) => c.once('exit', resolve));
    c.kill('SIGKILL');
    await exited;
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, port, stop, start };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A private three-master Redis Cluster (no replicas), for the cluster int-specs. */
export interface PrivateRedisCluster {
  /** One node's URL: what REDIS_URL names with PORTICO_REDIS_CLUSTER=true (clients discover the others). */
  readonly url: string;
  readonly ports: readonly number[];
  stop(): Promise<void>;
}

/**
 * `redis-server --cluster-enabled yes` on three free ports, each with its own node file and dir under os.tmpdir(),
 * joined by `redis-cli --cluster create … --cluster-replicas 0 --cluster-yes`; resolves once every node reports
 * `cluster_state:ok` (all 16384 slots served).
 */
export async function startPrivateRedisCluster(): Promise<PrivateRedisCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'portico-redis-cluster-'));
  const ports = await freePorts(3);
  const children = ports.map((port) =>
    spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--dir', dir, '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    ),
  );
  const stop = async (): Promise<void> => {
    await Promise.all(
      children.map((c) => {
        if (c.exitCode !== null || c.signalCode !== null) return undefined;
        const exited = new Promise((resolve) => c.once('exit', resolve));
        c.kill('SIGKILL');
        return exited;
      }),
    );
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const deadline = Date.now() + 20_000;
    for (const port of ports) {
      while (!(await accepts(port))) {
        if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not start`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    await runRedisCli(['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes']);
    for (const port of ports) {
      while (!(await runRedisCli(['-p', String(port), 'cluster', 'info'])).includes('cluster_state:ok')) {
        if (Date.now() > deadline) throw new Error(`Redis Cluster node ${port} never reported cluster_state:ok`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `redis://127.0.0.1:${ports[0]}`, ports, stop };
}

function runRedisCli(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('redis-cli', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`redis-cli ${args.join(' ')} exited ${code}: ${output}`))));
  });
}
