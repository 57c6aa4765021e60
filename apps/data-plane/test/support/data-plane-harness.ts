import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDataPlane, type DataPlane, type DataPlaneConfig } from '../../src/app.js';
import type { Logger } from '../../src/logger.js';

export interface TestDataPlane {
  dataPlane: DataPlane;
  invokeUrl: string;
  statusUrl: string;
  accessLog: string[];
  logs: { level: string; message: string; fields?: Record<string, unknown> }[];
  close(): Promise<void>;
}

/** An in-process data plane on free ports, with its access log and operational log captured. */
export async function startTestDataPlane(overrides: Partial<DataPlaneConfig> & Pick<DataPlaneConfig, 'source'>): Promise<TestDataPlane> {
  const config: DataPlaneConfig = {
    dataPlanePort: 0,
    statusPort: 0,
    host: '127.0.0.1',
    // Outside the work tree, one file per Jest worker.
    configCachePath: join(tmpdir(), `portico-test-${process.pid}`, 'unused-cache.json'),
    pollIntervalMs: 60_000,
    redisUrl: undefined,
    region: 'us-east-1',
    accountId: '000000000000',
    shutdownTimeoutMs: 5000,
    ...overrides,
  };
  const accessLog: string[] = [];
  const logs: TestDataPlane['logs'] = [];
  const logger: Logger = { log: (level, message, fields) => void logs.push({ level, message, fields }) };
  const dataPlane = await createDataPlane(config, {
    logger,
    accessLogSink: (lines) => void accessLog.push(...lines.split('\n').filter((l) => l !== '')),
  });
  const { invokePort, statusPort } = await dataPlane.listen();
  return {
    dataPlane,
    invokeUrl: `http://127.0.0.1:${invokePort}`,
    statusUrl: `http://127.0.0.1:${statusPort}`,
    accessLog,
    logs,
    close: async () => void (await dataPlane.close()),
  };
}

/** The value of one Prometheus sample, e.g. `apigateway_Count{api_id="x",…}`; undefined when absent. */
export function metricValue(exposition: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of exposition.split('\n')) {
    if (!line.startsWith(name + '{') && !line.startsWith(name + ' ')) continue;
    const open = line.indexOf('{');
    const labelText = open === name.length ? line.slice(open + 1, line.indexOf('}')) : '';
    const have = Object.fromEntries([...labelText.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}
