import { createLogger } from './logger.js';

describe('the data plane logger (pino behind the Logger facade)', () => {
  const capture = () => {
    const lines: Record<string, unknown>[] = [];
    const raw: string[] = [];
    return { lines, raw, destination: { write: (chunk: string) => (raw.push(chunk), lines.push(JSON.parse(chunk) as Record<string, unknown>)) } };
  };

  it('writes one JSON object per line: ISO time, level name, component, message, fields', () => {
    const { lines, destination } = capture();
    createLogger('info', destination).log('warn', 'Redis unavailable', { error: 'ECONNREFUSED' });
    expect(lines).toEqual([{ time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), level: 'warn', component: 'data-plane', message: 'Redis unavailable', error: 'ECONNREFUSED' }]);
  });

  it('lets a part of the app name itself once, and drops lines below the configured level', () => {
    const { lines, raw, destination } = capture();
    const log = createLogger('info', destination);
    log.log('info', 'authorizer cache flushed', { component: 'authorizer' });
    log.log('debug', 'not written');
    expect(lines).toHaveLength(1);
    expect(lines[0].component).toBe('authorizer');
    expect(raw[0].match(/"component"/g)).toHaveLength(1);
  });
});
