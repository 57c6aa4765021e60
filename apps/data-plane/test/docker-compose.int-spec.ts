import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  GetResourcesCommand,
  PutIntegrationCommand,
  PutMethodCommand,
} from '@aws-sdk/client-api-gateway';
import { request } from 'undici';
import { parse } from 'yaml';
import { testRedisUrl } from './support/control-plane-process.js';
import { createPostgresDatabase, type PostgresDatabase } from './support/postgres.js';
import { eventually, freePorts, startNode, trackProcess, waitForOk, workspaceRoot, type NodeProcess } from './support/processes.js';

const run = promisify(execFile);

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  expose?: string[];
  volumes?: string[];
  container_name?: string;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

const composeText = readFileSync(join(workspaceRoot, 'docker-compose.yml'), 'utf8');
// What a user's .env holds: every key .env.example lists, with values that pass the control plane's checks.
const envExampleKeys = [...readFileSync(join(workspaceRoot, '.env.example'), 'utf8').matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]);
const dotEnv: Record<string, string> = {
  PORTICO_ADMIN_ACCESS_KEY_ID: 'AKIAPORTICOCOMPOSE01',
  PORTICO_ADMIN_SECRET_ACCESS_KEY: 'portico-compose-test-secret-access-key',
  PORTICO_DATA_PLANE_TOKEN: 'portico-compose-test-data-plane-token',
  PORTICO_MASTER_KEY: 'ab'.repeat(32),
  POSTGRES_PASSWORD: 'compose-test-password',
};

/** Compose's interpolation: `${VAR}`, `${VAR:-default}`, and `${VAR:?message}`, which fails when VAR is unset or empty. */
function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?:(:-|:\?)([^}]*))?\}/g, (_m, name: string, op?: string, arg?: string) => {
    const set = env[name] !== undefined && env[name] !== '';
    if (op === ':?' && !set) throw new Error(`required variable ${name} is missing a value: ${arg}`);
    return set ? env[name] : op === ':-' ? (arg ?? '') : '';
  });
}

function environmentOf(service: ComposeService): Record<string, string> {
  return Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, interpolate(String(v), dotEnv)]));
}

const containerPort = (mapping: string) => Number(mapping.split(':').pop());

/** nginx from PATH or /usr/sbin (Debian's nginx-light), if this machine has it. */
function findNginx(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin'];
  return dirs.map((d) => join(d, 'nginx')).find((p) => existsSync(p));
}

// docker-compose.yml cannot be run here (no images), so this runs what it describes: each plane's `command`
// with its `environment`, as plain processes, with the compose hosts (postgres, redis, control-plane) pointed at
// this machine's services and the ports made free, and the load balancer's own nginx.conf (its upstream names
// pointed at those processes) in front when nginx is installed. A wrong command, port, variable or balancer
// directive fails this test.
describe('docker-compose.yml', () => {
  const compose = parse(composeText, { merge: true }) as { services: Record<string, ComposeService> };
  const cpService = compose.services['control-plane'];
  const dpService = compose.services['data-plane'];
  const lbService = compose.services['load-balancer'];
  const lbConfigMount = (lbService.volumes ?? []).find((v) => v.endsWith(':/etc/nginx/nginx.conf:ro')) ?? '';
  const lbConfigPath = join(workspaceRoot, lbConfigMount.split(':')[0]);
  const lbConfig = existsSync(lbConfigPath) ? readFileSync(lbConfigPath, 'utf8') : '';
  const nginx = findNginx();
  let database: PostgresDatabase;
  let dir: string;
  const processes: NodeProcess[] = [];

  beforeAll(async () => {
    database = await createPostgresDatabase();
    dir = await mkdtemp(join(tmpdir(), 'portico-compose-'));
  });

  afterAll(async () => {
    for (const p of processes.reverse()) await p.stop();
    await database?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('describes postgres, redis, the control plane, a scalable data plane and a load balancer, all health-checked', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['control-plane', 'data-plane', 'load-balancer', 'postgres', 'redis']);
    for (const service of Object.values(compose.services)) expect(service.healthcheck?.test.length).toBeGreaterThan(1);
    // Scalable: no fixed container name and no host ports on the replicas; the balancer is the one address.
    expect(dpService.container_name).toBeUndefined();
    expect(dpService.ports).toBeUndefined();
    expect(lbService.ports).toEqual(['8080:8080']);
    expect(lbService.image).toMatch(/^nginx:/);
    expect(lbService.depends_on?.['data-plane']?.condition).toBe('service_healthy');
    expect(dpService.depends_on?.['control-plane']?.condition).toBe('service_healthy');
    // Both planes run the one image the Dockerfile builds.
    expect(cpService.build).toBeDefined();
    expect(dpService.image).toBe(cpService.image);
  });

  it('requires every secret from the environment (listed in .env.example) and passes it to the planes', () => {
    const code = composeText.replace(/^\s*#.*$/gm, '');
    const required = [...new Set([...code.matchAll(/\$\{(\w+):\?/g)].map((m) => m[1]))].sort();
    expect(required).toEqual(['PORTICO_ADMIN_ACCESS_KEY_ID', 'PORTICO_ADMIN_SECRET_ACCESS_KEY', 'PORTICO_DATA_PLANE_TOKEN', 'PORTICO_MASTER_KEY', 'POSTGRES_PASSWORD']);
    for (const name of required) expect(envExampleKeys).toContain(name);
    // Without a value compose refuses (as `${VAR:?}` does), instead of falling back to a development secret.
    expect(() => interpolate(String(cpService.environment?.PORTICO_MASTER_KEY), {})).toThrow(/PORTICO_MASTER_KEY is missing a value/);
    const cpEnv = environmentOf(cpService);
    expect(cpEnv.PORTICO_MASTER_KEY).toBe(dotEnv.PORTICO_MASTER_KEY);
    expect(cpEnv.PORTICO_ADMIN_SECRET_ACCESS_KEY).toBe(dotEnv.PORTICO_ADMIN_SECRET_ACCESS_KEY);
    expect(cpEnv.DATABASE_URL).toContain(`:${dotEnv.POSTGRES_PASSWORD}@postgres:`);
    expect(cpEnv.PORTICO_DEVELOPMENT).toBeUndefined();
    expect(environmentOf(compose.services.postgres).POSTGRES_PASSWORD).toBe(dotEnv.POSTGRES_PASSWORD);
  });

  it("publishes, exposes and health-checks the ports each plane's environment configures", () => {
    const cpEnv = environmentOf(cpService);
    const dpEnv = environmentOf(dpService);
    expect((cpService.ports ?? []).map(containerPort)).toEqual([Number(cpEnv.PORTICO_CONTROL_PLANE_PORT)]);
    // The status port is reachable inside the compose network (scraping), as is the invoke port (the balancer).
    expect((dpService.expose ?? []).map(Number)).toEqual([Number(dpEnv.PORTICO_DATA_PLANE_PORT), Number(dpEnv.PORTICO_STATUS_PORT)]);
    expect(cpService.healthcheck?.test.join(' ')).toContain(`:${cpEnv.PORTICO_CONTROL_PLANE_PORT}/health/ready`);
    expect(dpService.healthcheck?.test.join(' ')).toContain(`:${dpEnv.PORTICO_STATUS_PORT}/health/ready`);
    expect(new URL(dpEnv.PORTICO_CONTROL_PLANE_URL).port).toBe(cpEnv.PORTICO_CONTROL_PLANE_PORT);
    expect(dpEnv.PORTICO_DATA_PLANE_TOKEN).toBe(cpEnv.PORTICO_DATA_PLANE_TOKEN);
    // The balancer reaches the replicas by service name through Docker's DNS, re-resolved at request time.
    expect(lbConfig).toMatch(/resolver 127\.0\.0\.11 /);
    expect(lbConfig).toContain(`set $data_plane data-plane:${dpEnv.PORTICO_DATA_PLANE_PORT};`);
    expect(lbConfig).toContain(`set $data_plane_status data-plane:${dpEnv.PORTICO_STATUS_PORT};`);
    expect(lbConfig).toContain('proxy_pass http://$data_plane;');
    expect(lbConfig).toMatch(/proxy_set_header Host \$http_host;/);
    expect(lbService.healthcheck?.test.join(' ')).toContain('http://127.0.0.1:8079/health/ready');
    // Local functions: a mounted folder, where PORTICO_FUNCTIONS_DIR points.
    for (const service of [cpService, dpService]) {
      const mount = (service.volumes ?? []).map((v) => interpolate(v, dotEnv)).find((v) => v.split(':')[1] === environmentOf(service).PORTICO_FUNCTIONS_DIR);
      expect(mount).toBe('./examples/functions:/functions:ro');
    }
  });

  it('passes nginx -t with the balancer configuration', async () => {
    expect(lbConfig).not.toBe('');
    if (!nginx) {
      // No nginx on this machine: at least a balanced, directive-terminated file.
      const code = lbConfig.replace(/#.*$/gm, '').replace(/'[^']*'|"[^"]*"/g, '');
      expect(code.split('{').length).toBe(code.split('}').length);
      for (const line of code.split('\n').map((l) => l.trim()).filter(Boolean)) expect(line).toMatch(/[;{}]$/);
      return;
    }
    const result = await run(nginx, ['-t', '-e', 'stderr', '-p', dir, '-c', lbConfigPath]);
    expect(result.stderr).toContain('test is successful');
  });

  it('starts both planes from their command and environment behind the balancer, and every health check passes', async () => {
    const cpEnv = environmentOf(cpService);
    const dpEnv = environmentOf(dpService);
    const [cpPort, dpPort, statusPort, lbPort, lbStatusPort] = await freePorts(5);
    const hosts = (value: string) => value.replace(/\/\/(redis|control-plane)(?=[:/]|$)/, '//127.0.0.1');
    const functionsDir = join(workspaceRoot, 'examples', 'functions');

    const cpRun: Record<string, string> = {};
    for (const [k, v] of Object.entries(cpEnv)) cpRun[k] = hosts(v);
    cpRun.DATABASE_URL = database.url;
    cpRun.REDIS_URL = testRedisUrl();
    cpRun.PORTICO_CONTROL_PLANE_PORT = String(cpPort);
    cpRun.PORTICO_FUNCTIONS_DIR = functionsDir;

    const dpRun: Record<string, string> = {};
    for (const [k, v] of Object.entries(dpEnv)) dpRun[k] = hosts(v);
    dpRun.REDIS_URL = testRedisUrl();
    dpRun.PORTICO_CONTROL_PLANE_URL = dpRun.PORTICO_CONTROL_PLANE_URL.replace(`:${cpEnv.PORTICO_CONTROL_PLANE_PORT}`, `:${cpPort}`);
    dpRun.PORTICO_DATA_PLANE_PORT = String(dpPort);
    dpRun.PORTICO_STATUS_PORT = String(statusPort);
    dpRun.PORTICO_CONFIG_CACHE = join(dir, 'data-plane-config.json');
    dpRun.PORTICO_FUNCTIONS_DIR = functionsDir;
    dpRun.PORTICO_TRUSTED_PROXIES = '127.0.0.1';

    const commandArgs = (service: ComposeService) => {
      const [program, ...args] = service.command ?? [];
      expect(program).toBe('node');
      return args;
    };
    const cp = startNode(commandArgs(cpService), cpRun);
    processes.push(cp);
    await waitForOk(`http://127.0.0.1:${cpPort}/health/ready`, cp, 60_000);
    expect(cp.output()).not.toContain('DEVELOPMENT');
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
    expect((await fetch(`http://127.0.0.1:${dpPort}/restapis/none/prod/_user_request_/`)).status).toBe(403);

    // A local function from the mounted folder, deployed with the admin credential compose passes through.
    const client = new APIGatewayClient({
      endpoint: `http://127.0.0.1:${cpPort}`,
      region: cpEnv.PORTICO_REGION,
      credentials: { accessKeyId: dotEnv.PORTICO_ADMIN_ACCESS_KEY_ID, secretAccessKey: dotEnv.PORTICO_ADMIN_SECRET_ACCESS_KEY },
      maxAttempts: 1,
    });
    let restApiId: string;
    try {
      restApiId = (await client.send(new CreateRestApiCommand({ name: 'compose', endpointConfiguration: { types: ['REGIONAL'] } }))).id as string;
      const rootId = (await client.send(new GetResourcesCommand({ restApiId }))).items?.find((r) => r.path === '/')?.id as string;
      const resourceId = (await client.send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: 'echo' }))).id as string;
      await client.send(new PutMethodCommand({ restApiId, resourceId, httpMethod: 'GET', authorizationType: 'NONE' }));
      await client.send(
        new PutIntegrationCommand({
          restApiId,
          resourceId,
          httpMethod: 'GET',
          type: 'AWS_PROXY',
          integrationHttpMethod: 'POST',
          uri: `arn:aws:apigateway:${cpEnv.PORTICO_REGION}:lambda:path/2015-03-31/functions/arn:aws:lambda:${cpEnv.PORTICO_REGION}:${cpEnv.PORTICO_ACCOUNT_ID}:function:echo/invocations`,
        }),
      );
      await client.send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }));
    } finally {
      client.destroy();
    }

    if (!nginx) return;
    // The balancer: its own configuration, with the compose names pointed at these processes and free ports.
    const replace = (text: string, from: string, to: string) => {
      expect(text).toContain(from);
      return text.split(from).join(to);
    };
    let config = lbConfig;
    config = replace(config, `data-plane:${dpEnv.PORTICO_DATA_PLANE_PORT};`, `127.0.0.1:${dpPort};`);
    config = replace(config, `data-plane:${dpEnv.PORTICO_STATUS_PORT};`, `127.0.0.1:${statusPort};`);
    config = replace(config, 'listen 8080;', `listen 127.0.0.1:${lbPort};`);
    config = replace(config, 'listen 8079;', `listen 127.0.0.1:${lbStatusPort};`);
    config = replace(config, 'pid /tmp/nginx.pid;', `pid ${join(dir, 'nginx.pid')};`);
    const lbDir = join(dir, 'nginx');
    await mkdir(lbDir, { recursive: true });
    await writeFile(join(lbDir, 'nginx.conf'), config);
    const lb = startNginx(nginx, lbDir);
    processes.push(lb);
    await waitForOk(`http://127.0.0.1:${lbStatusPort}/health/ready`, lb, 15_000);
    // The compose health check's URL, through the balancer to a replica's status listener.
    const probe = lbService.healthcheck?.test.find((a) => a.startsWith('http://')) ?? '';
    expect((await fetch(probe.replace(':8079/', `:${lbStatusPort}/`))).status).toBe(200);

    // Host routing ({restApiId}.execute-api.{domain}) needs the Host header to pass the balancer unchanged.
    const host = `${restApiId}.execute-api.localhost:8080`;
    const invoke = await eventually(async () => {
      const res = await request(`http://127.0.0.1:${lbPort}/prod/echo?via=balancer`, { headers: { host } });
      if (res.statusCode === 200) return res;
      await res.body.dump();
      return undefined;
    }, 'the deployment to answer through the balancer');
    expect(invoke.headers['x-function']).toBe('echo');
    const event = ((await invoke.body.json()) as { event: { queryStringParameters: Record<string, string>; headers: Record<string, string> } }).event;
    expect(event.queryStringParameters).toEqual({ via: 'balancer' });
    expect(event.headers.Host ?? event.headers.host).toBe(host);
    expect((await fetch(`http://127.0.0.1:${lbPort}/restapis/none/prod/_user_request_/`)).status).toBe(403);
  }, 300_000);
});

/** nginx in the foreground with `dir` as its prefix (temp files), stopped like the other processes. */
function startNginx(nginx: string, dir: string): NodeProcess {
  return trackProcess(spawn(nginx, ['-e', 'stderr', '-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] }));
}
