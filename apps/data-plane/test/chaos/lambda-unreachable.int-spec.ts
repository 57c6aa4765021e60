import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lambdaProxy } from '../lambda-fixtures.js';
import { closedPort, configDocument } from '../support/pipeline-fixtures.js';
import { distEntry, freePorts, startNode, waitForOk, type NodeProcess } from '../support/processes.js';

// A function that is not local, behind a Lambda endpoint that refuses connections: the client gets AWS's
// 502 "Internal server error", and the operator one log line per function per minute saying why.
describe('a Lambda integration whose function is neither local nor reachable', () => {
  let dir: string;
  let proc: NodeProcess | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'portico-dp-lambda-gone-'));
  });

  afterAll(async () => {
    await proc?.stop('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  it('answers 502 AWS-shaped and logs function, endpoint and cause once', async () => {
    const file = join(dir, 'config.json');
    await writeFile(file, JSON.stringify(configDocument({ apiId: 'lambdagone', resources: { '/gone': { GET: lambdaProxy('gone-function') } } })));
    const [port, statusPort] = await freePorts(2);
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    proc = startNode([distEntry('data-plane')], {
      PORTICO_CONFIG_FILE: file,
      PORTICO_DATA_PLANE_PORT: String(port),
      PORTICO_STATUS_PORT: String(statusPort),
      PORTICO_HOST: '127.0.0.1',
      PORTICO_LAMBDA_ENDPOINT: endpoint,
      AWS_ACCESS_KEY_ID: 'AKIAPORTICOLAMBDA001',
      AWS_SECRET_ACCESS_KEY: 'portico-lambda-test-secret',
    });
    await waitForOk(`http://127.0.0.1:${statusPort}/health/ready`, proc);

    for (let i = 0; i < 5; i++) {
      const res = await fetch(`http://127.0.0.1:${port}/restapis/lambdagone/test/_user_request_/gone`);
      expect(res.status).toBe(502);
      expect(res.headers.get('x-amzn-errortype')).toBe('InternalServerErrorException');
      expect(await res.json()).toEqual({ message: 'Internal server error' });
    }
    const lines = proc
      .output()
      .split('\n')
      .filter((l) => l.includes('Lambda function cannot be invoked'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'warn', functionName: 'gone-function', endpoint, status: 502 });
    expect(lines[0].error).toContain('ECONNREFUSED');
  });
});
