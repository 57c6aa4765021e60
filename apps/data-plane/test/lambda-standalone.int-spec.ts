import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configDocument } from './support/pipeline-fixtures.js';
import { startTestDataPlane, type TestDataPlane } from './support/data-plane-harness.js';
import { functionsDir, lambdaProxy } from './lambda-fixtures.js';

// The app wiring: PORTICO_FUNCTIONS_DIR reaches the pipeline through createDataPlane, and a local function
// answers behind an API served from a standalone config file (the README's quick start).
describe('data plane with local functions (PORTICO_FUNCTIONS_DIR)', () => {
  let dir: string;
  let dp: TestDataPlane;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'portico-lambda-'));
    const file = join(dir, 'config.json');
    await writeFile(file, JSON.stringify(configDocument({ apiId: 'fnapi00001', resources: { '/hello': { GET: lambdaProxy('echo') } } })));
    dp = await startTestDataPlane({ source: { kind: 'file', path: file }, functionsDir });
  });

  afterAll(async () => {
    await dp?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('invokes the local function behind the API', async () => {
    const answer = await fetch(`${dp.invokeUrl}/restapis/fnapi00001/test/_user_request_/hello?name=portico`);
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { event: { path: string; queryStringParameters: Record<string, string> }; context: { functionName: string } };
    expect(body.event.path).toBe('/hello');
    expect(body.event.queryStringParameters).toEqual({ name: 'portico' });
    expect(body.context.functionName).toBe('echo');
  });
});
