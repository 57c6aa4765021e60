import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { testRedisUrl } from './support/control-plane-process.js';
import { createPostgresDatabase, type PostgresDatabase } from './support/postgres.js';
import { freePorts, startNode, waitForOk, workspaceRoot, type NodeProcess } from './support/processes.js';

const run = promisify(execFile);

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  container_name?: string;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

// `${VAR:-default}` / `${VAR}` as compose interpolates them, from an empty environment (the defaults).
function interpolate(value: string): string {
  return value.replace(/\$\{(\w+)(?::-([^}]*))?\}/g, (_m, _name: string, fallback?: string) => fallback ?? '');
}

function environmentOf(service: ComposeService): Record<string, string> {
  return Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, interpolate(String(v))]));
}

const containerPort = (mapping: string) => Number(mapping.split(':').pop());

// docker-compose.yml cannot be run here (no images), so this runs what it describes: each plane's `command`
// with its `environment`, as plain processes, with the compose hosts (postgres, redis, control-plane) pointed at
// this machine's services and the ports made free. A wrong command, port or variable fails this test.
describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(join(workspaceRoot, 'docker-compose.yml'), 'utf8')) as { services: Record<string, ComposeService> };
  const cpService = compose.services['control-plane'];
  const dpService = compose.services['data-plane'];
  let database: PostgresDatabase;
  let dir: string;
  const processes: NodeProcess[] = [];

  beforeAll(async () => {
    database = await createPostgresDatabase();
    dir = await mkdtemp(join(tmpdir(), 'portico-compose-'));
  });

  afterAll(async () => {
    for (const p of processes) await p.stop();
    await database?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('describes postgres, redis, the control plane and a scalable data plane with health checks', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['control-plane', 'data-plane', 'postgres', 'redis']);
    for (const service of Object.values(compose.services)) expect(service.healthcheck?.test.length).toBeGreaterThan(1);
    // Scalable: no fixed container name, and every published data-plane port is a host range or ephemeral.
    expect(dpService.container_name).toBeUndefined();
    for (const mapping of dpService.ports ?? []) expect(mapping).toMatch(/^(\d+-\d+:)?\d+$/);
    expect(dpService.depends_on?.['control-plane']?.condition).toBe('service_healthy');
    // Both planes run the one image the Dockerfile builds.
    expect(cpService.build).toBeDefined();
    expect(dpService.image).toBe(cpService.image);
  });

  it("publishes and health-checks the ports each plane's environment configures", () => {
    const cpEnv = environmentOf(cpService);
    const dpEnv = environmentOf(dpService);
    expect((cpService.ports ?? []).map(containerPort)).toEqual([Number(cpEnv.PORTICO_CONTROL_PLANE_PORT)]);
    expect((dpService.ports ?? []).map(containerPort)).toEqual([Number(dpEnv.PORTICO_DATA_PLANE_PORT), Number(dpEnv.PORTICO_STATUS_PORT)]);
    expect(cpService.healthcheck?.test.join(' ')).toContain(`:${cpEnv.PORTICO_CONTROL_PLANE_PORT}/health/ready`);
    expect(dpService.healthcheck?.test.join(' ')).toContain(`:${dpEnv.PORTICO_STATUS_PORT}/health/ready`);
    expect(new URL(dpEnv.PORTICO_CONTROL_PLANE_URL).port).toBe(cpEnv.PORTICO_CONTROL_PLANE_PORT);
    expect(dpEnv.PORTICO_DATA_PLANE_TOKEN).toBe(cpEnv.PORTICO_DATA_PLANE_TOKEN);
  });

  it('starts both planes from their command and environment, and their health checks pass', async () => {
    const cpEnv = environmentOf(cpService);
    const dpEnv = environmentOf(dpService);
    const [cpPort, dpPort, statusPort] = await freePorts(3);
    const hosts = (value: string) => value.replace(/\/\/(postgres|redis|control-plane)(?=[:/]|$)/, '//127.0.0.1');

    const cpRun: Record<string, string> = {};
    for (const [k, v] of Object.entries(cpEnv)) cpRun[k] = hosts(v);
    cpRun.DATABASE_URL = database.url;
    cpRun.REDIS_URL = testRedisUrl();
    cpRun.PORTICO_CONTROL_PLANE_PORT = String(cpPort);

    const dpRun: Record<string, string> = {};
    for (const [k, v] of Object.entries(dpEnv)) dpRun[k] = hosts(v);
    dpRun.REDIS_URL = testRedisUrl();
    dpRun.PORTICO_CONTROL_PLANE_URL = dpRun.PORTICO_CONTROL_PLANE_URL.replace(`:${cpEnv.PORTICO_CONTROL_PLANE_PORT}`, `:${cpPort}`);
    dpRun.PORTICO_DATA_PLANE_PORT = String(dpPort);
    dpRun.PORTICO_STATUS_PORT = String(statusPort);
    dpRun.PORTICO_CONFIG_CACHE = join(dir, 'data-plane-config.json');

    const commandArgs = (service: ComposeService) => {
      const [program, ...args] = service.command ?? [];
      expect(program).toBe('node');
      return args;
    };
    const cp = startNode(commandArgs(cpService), cpRun);
    processes.push(cp);
    await waitForOk(`http://127.0.0.1:${cpPort}/health/ready`, cp, 60_000);
    const dp = startNode(commandArgs(dpService), dpRun);
    processes.push(dp);
    await waitForOk(`http://127.0.0.1:${statusPort}/health/ready`, dp, 30_000);

    // The healthcheck commands themselves, as Docker would run them inside each container.
    const healthcheck = async (service: ComposeService, from: string, to: number) => {
      const [kind, program, ...args] = service.healthcheck?.test ?? [];
      expect(kind).toBe('CMD');
      expect(program).toBe('node');
      await run(process.execPath, args.map((a) => a.replace(`:${from}/`, `:${to}/`)), { cwd: workspaceRoot });
    };
    await healthcheck(cpService, cpEnv.PORTICO_CONTROL_PLANE_PORT, cpPort);
    await healthcheck(dpService, dpEnv.PORTICO_STATUS_PORT, statusPort);
    const invoke = await fetch(`http://127.0.0.1:${dpPort}/restapis/none/prod/_user_request_/`);
    expect(invoke.status).toBe(403);
  }, 300_000);
});
