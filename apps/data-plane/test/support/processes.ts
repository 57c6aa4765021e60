import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const workspaceRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** The built entry point of an app; these tests run what production runs (`npm test` builds first). */
export function distEntry(app: 'control-plane' | 'data-plane'): string {
  const entry = join(workspaceRoot, 'apps', app, 'dist', 'main.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` before the integration tests`);
  return entry;
}

/** Distinct free ports: all are held open until every one is known, so no two calls return the same port. */
export async function freePorts(n: number): Promise<number[]> {
  const servers = Array.from({ length: n }, () => createServer());
  try {
    return await Promise.all(
      servers.map(
        (server) =>
          new Promise<number>((resolve, reject) => {
            server.once('error', reject);
            server.listen(0, '127.0.0.1', () => {
              const address = server.address();
              resolve(typeof address === 'object' && address ? address.port : 0);
            });
          }),
      ),
    );
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}

export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  return port;
}

export interface NodeProcess {
  child: ChildProcess;
  output(): string;
  /** Sends the signal and resolves with the exit code (or the signal name if killed by one). */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
  exited(): Promise<number | string>;
}

/** Runs `node <args>` from the workspace root with exactly `env` on top of PATH/HOME; output is kept for failures. */
export function startNode(args: string[], env: Record<string, string>): NodeProcess {
  const base: Record<string, string> = {};
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'LANG']) if (process.env[name] !== undefined) base[name] = process.env[name] as string;
  return trackProcess(spawn(process.execPath, args, { cwd: workspaceRoot, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }));
}

/** A spawned child (stdout/stderr piped) as a NodeProcess: its output kept for failures, stopped by a signal. */
export function trackProcess(child: ChildProcess): NodeProcess {
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exit = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return {
    child,
    output: () => output,
    exited: () => exit,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exit;
    },
  };
}

/** Polls `url` until it answers 200; fails with the process output if the process exits or time runs out. */
// Bounds a hang, not a speed: a NestJS control plane starting at load average 30 on 2 cores took over 30 s.
export async function waitForOk(url: string, proc?: NodeProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (proc && (proc.child.exitCode !== null || proc.child.signalCode !== null)) {
      throw new Error(`process exited (${proc.child.exitCode ?? proc.child.signalCode}) before ${url} was ready:\n${proc.output()}`);
    }
    try {
      const res = await fetch(url);
      last = `${res.status} ${await res.text()}`;
      if (res.status === 200) return;
    } catch (error) {
      last = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${url} not ready within ${timeoutMs} ms (last: ${last})${proc ? `\n${proc.output()}` : ''}`);
}

/** Polls `check` until it returns a value (not undefined); for eventual effects such as a reload. */
export async function eventually<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
