import { schema, schemaProblems, validateConfig, type ConfigOf } from './config-schema.js';

const configSchema = schema.object({
  description: 'Test settings',
  properties: {
    secret: schema.string({ description: 'Shared secret', minLength: 8, writeOnly: true }),
    skew: schema.integer({ description: 'Allowed skew', minimum: 0, maximum: 900, default: 300 }),
    algorithm: schema.string({ description: 'Digest', enum: ['sha256', 'sha512'], default: 'sha256' }),
    headers: schema.array(schema.string({ description: 'A header name', pattern: '^[a-z-]+$' }), { description: 'Signed headers', uniqueItems: true }),
    labels: schema.record(schema.string({ description: 'A label value' }), { description: 'Free-form labels' }),
    strict: schema.boolean({ description: 'Strict mode' }),
    expression: schema.string({ description: 'A regular expression', format: 'regex' }),
  },
  required: ['secret'],
});

type Config = ConfigOf<typeof configSchema>;

describe('validateConfig', () => {
  it('applies defaults and types the result', () => {
    const result = validateConfig(configSchema, { secret: 'abcdefgh' });
    expect(result).toEqual({ ok: true, config: { secret: 'abcdefgh', skew: 300, algorithm: 'sha256' } });
    if (result.ok) {
      const config: Config = result.config;
      const algorithm: 'sha256' | 'sha512' = config.algorithm;
      const skew: number = config.skew;
      expect([algorithm, skew]).toEqual(['sha256', 300]);
    }
  });

  it('reports every issue with a JSON Pointer', () => {
    const result = validateConfig(configSchema, {
      secret: 'short',
      skew: 1.5,
      algorithm: 'md5',
      headers: ['X-Upper', 'x-a', 'x-a'],
      labels: { a: 1 },
      strict: 'yes',
      expression: '(',
      extra: true,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.path).sort()).toEqual(
      ['/algorithm', '/expression', '/extra', '/headers', '/headers/0', '/labels/a', '/secret', '/skew', '/strict'].sort(),
    );
  });

  it('requires required fields and rejects non-objects', () => {
    expect(validateConfig(configSchema, {})).toEqual({ ok: false, issues: [{ path: '/secret', message: 'is required' }] });
    expect(validateConfig(configSchema, [])).toEqual({ ok: false, issues: [{ path: '', message: 'must be an object, got array' }] });
  });

  it('keeps hostile keys as plain data', () => {
    const input = JSON.parse('{"secret":"abcdefgh","labels":{"__proto__":"x"}}') as unknown;
    const result = validateConfig(configSchema, input);
    expect(result.ok).toBe(true);
    if (result.ok) expect(Object.keys(result.config.labels ?? {})).toEqual(['__proto__']);
  });
});

describe('schemaProblems', () => {
  it('accepts a described schema', () => {
    expect(schemaProblems(configSchema)).toEqual([]);
  });

  it('finds undescribed fields, bad patterns, bad defaults and unknown required names', () => {
    const problems = schemaProblems({
      type: 'object',
      description: 'x',
      additionalProperties: false,
      properties: {
        a: { type: 'string', description: '' },
        b: { type: 'string', description: 'b', pattern: '(' },
        c: { type: 'integer', description: 'c', minimum: 1, default: 0 },
        d: { type: 'date', description: 'd' },
      },
      required: ['e'],
    });
    expect(problems).toEqual([
      '/a: every field needs a description',
      '/b: pattern does not compile',
      '/c: default must be at least 1',
      '/d: unsupported type "date"',
      '(root): required names unknown property e',
    ]);
  });
});
