/**
 * Config schemas: plain JSON Schema objects (draft 2020-12 keywords only, so any JSON Schema tool reads them),
 * built with typed helpers so that a plugin's `create(config)` sees the config's TypeScript type. The SDK ships
 * its own validator for the subset below; every field must carry a `description` (hosts show it to operators).
 */

interface FieldBase<T> {
  /** What the field means and how an operator picks a value. Required on every field. */
  readonly description: string;
  /** Applied when the field is absent; a defaulted field is always present in the validated config. */
  readonly default?: T;
  /** Secret values (keys, passwords): hosts redact them in logs and admin responses. */
  readonly writeOnly?: boolean;
}

/**
 * A string field. `format: 'regex'` requires a valid regular expression, `format: 'uri'` an absolute URL.
 * @example
 * schema.string({ description: 'Issuer URL', format: 'uri' });
 * schema.string({ description: 'Mode', enum: ['strict', 'lenient'], default: 'strict' });
 */
export interface StringField extends FieldBase<string> {
  readonly type: 'string';
  readonly enum?: readonly string[];
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly format?: 'regex' | 'uri';
}

/**
 * A number field (`integer` accepts whole numbers only).
 * @example
 * schema.integer({ description: 'Leeway in seconds', minimum: 0, maximum: 300, default: 30 });
 */
export interface NumberField extends FieldBase<number> {
  readonly type: 'number' | 'integer';
  readonly minimum?: number;
  readonly maximum?: number;
  readonly enum?: readonly number[];
}

/**
 * A boolean field.
 * @example
 * schema.boolean({ description: 'Accept expired tokens in staging', default: false });
 */
export interface BooleanField extends FieldBase<boolean> {
  readonly type: 'boolean';
}

/**
 * An array field whose items all follow `items`.
 * @example
 * schema.array(schema.string({ description: 'An audience' }), { description: 'Accepted audiences', minItems: 1, uniqueItems: true });
 */
export interface ArrayField<I extends FieldSchema = FieldSchema> extends FieldBase<unknown[]> {
  readonly type: 'array';
  readonly items: I;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly uniqueItems?: boolean;
}

/**
 * A map from free-form keys to values that follow `additionalProperties`.
 * @example
 * schema.record(schema.string({ description: 'A secret', writeOnly: true }), { description: 'Secrets by key id', maxProperties: 100 });
 */
export interface RecordField<V extends FieldSchema = FieldSchema> extends FieldBase<Record<string, unknown>> {
  readonly type: 'object';
  readonly additionalProperties: V;
  readonly maxProperties?: number;
}

/**
 * An object with named properties; unknown properties are rejected.
 * @example
 * schema.object({ description: 'Settings', properties: { url: schema.string({ description: 'Endpoint', format: 'uri' }) }, required: ['url'] });
 */
export interface ObjectField<P extends Record<string, FieldSchema> = Record<string, FieldSchema>, R extends keyof P & string = keyof P & string>
  extends FieldBase<Record<string, unknown>> {
  readonly type: 'object';
  readonly properties: P;
  readonly required?: readonly R[];
  readonly additionalProperties: false;
}

/**
 * Any field the SDK's validator understands.
 * @example
 * const fields: Record<string, FieldSchema> = { secret: schema.string({ description: 'Secret', minLength: 32 }) };
 */
export type FieldSchema = StringField | NumberField | BooleanField | ArrayField | RecordField | ObjectField;

/**
 * A plugin's top-level config schema: an object field.
 * @example
 * const configSchema: ConfigSchema = schema.object({ description: 'No settings', properties: {} });
 */
export type ConfigSchema = ObjectField;

type DefaultedKeys<P> = { [K in keyof P]: P[K] extends { default: unknown } ? K : never }[keyof P];

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/**
 * The TypeScript type of a validated value of schema `F` (defaults applied).
 *
 * @example
 * const configSchema = schema.object({ description: '…', properties: { secret: schema.string({ description: '…' }) }, required: ['secret'] });
 * type Config = ConfigOf<typeof configSchema>; // { secret: string }
 */
export type ConfigOf<F> = ConfigAt<F, [1, 1, 1, 1, 1, 1, 1, 1]>;

/** {@link ConfigOf} with a depth budget (schemas nest at most eight levels), so that generic uses stay finite. */
type ConfigAt<F, Depth extends unknown[]> = Depth extends [unknown, ...infer Rest]
  ? F extends { type: 'string'; enum: readonly (infer E)[] }
    ? E
    : F extends { type: 'string' }
      ? string
      : F extends { type: 'number' | 'integer'; enum: readonly (infer E)[] }
        ? E
        : F extends { type: 'number' | 'integer' }
          ? number
          : F extends { type: 'boolean' }
            ? boolean
            : F extends { type: 'array'; items: infer I }
              ? ConfigAt<I, Rest>[]
              : F extends { type: 'object'; properties: infer P; required?: readonly (infer R)[] }
                ? Simplify<
                    { [K in Extract<keyof P, R | DefaultedKeys<P>>]: ConfigAt<P[K], Rest> } & {
                      [K in Exclude<keyof P, R | DefaultedKeys<P>>]?: ConfigAt<P[K], Rest>;
                    }
                  >
                : F extends { type: 'object'; additionalProperties: infer V }
                  ? Record<string, ConfigAt<V, Rest>>
                  : never
  : unknown;

/**
 * Builders for config schemas. Each returns a plain JSON Schema object, typed precisely (keep the literal
 * types: enums and defaults flow into {@link ConfigOf}).
 *
 * @example
 * import { schema, type ConfigOf } from '@portico/plugin-sdk';
 *
 * export const configSchema = schema.object({
 *   description: 'HMAC authorizer settings',
 *   properties: {
 *     secret: schema.string({ description: 'Shared secret, at least 32 characters', minLength: 32, writeOnly: true }),
 *     maxSkewSeconds: schema.integer({ description: 'Allowed clock difference in seconds', minimum: 0, default: 300 }),
 *     algorithm: schema.string({ description: 'HMAC digest', enum: ['sha256', 'sha512'], default: 'sha256' }),
 *   },
 *   required: ['secret'],
 * });
 * export type Config = ConfigOf<typeof configSchema>; // { secret: string; maxSkewSeconds: number; algorithm: 'sha256' | 'sha512' }
 */
export const schema = {
  /** A string field. */
  string<const O extends Omit<StringField, 'type'>>(options: O): O & { readonly type: 'string' } {
    return { type: 'string', ...options };
  },
  /** A number field. */
  number<const O extends Omit<NumberField, 'type'>>(options: O): O & { readonly type: 'number' } {
    return { type: 'number', ...options };
  },
  /** A whole-number field. */
  integer<const O extends Omit<NumberField, 'type'>>(options: O): O & { readonly type: 'integer' } {
    return { type: 'integer', ...options };
  },
  /** A boolean field. */
  boolean<const O extends Omit<BooleanField, 'type'>>(options: O): O & { readonly type: 'boolean' } {
    return { type: 'boolean', ...options };
  },
  /** An array of `items`. */
  array<const I extends FieldSchema, const O extends Omit<ArrayField<I>, 'type' | 'items'>>(
    items: I,
    options: O,
  ): O & { readonly type: 'array'; readonly items: I } {
    return { type: 'array', items, ...options };
  },
  /** A map of free-form keys to `values`. */
  record<const V extends FieldSchema, const O extends Omit<RecordField<V>, 'type' | 'additionalProperties'>>(
    values: V,
    options: O,
  ): O & { readonly type: 'object'; readonly additionalProperties: V } {
    return { type: 'object', additionalProperties: values, ...options };
  },
  /** An object with named properties (unknown properties rejected). */
  object<const P extends Record<string, FieldSchema>, const R extends keyof P & string = never>(options: {
    readonly description: string;
    readonly properties: P;
    readonly required?: readonly R[];
  }): { readonly type: 'object'; readonly description: string; readonly properties: P; readonly required: readonly R[]; readonly additionalProperties: false } {
    return { type: 'object', description: options.description, properties: options.properties, required: options.required ?? [], additionalProperties: false };
  },
};

/**
 * One reason a config was rejected: where (a JSON Pointer, `''` for the root) and why.
 * @example
 * // { path: '/tokens/0', message: 'must be at least 16 characters' }
 * for (const issue of result.issues) console.log(`${issue.path}: ${issue.message}`);
 */
export interface ConfigIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * The outcome of {@link validateConfig}: the config with defaults applied, or every issue found.
 * @example
 * const result: ConfigValidation<Config> = validateConfig(configSchema, input);
 * if (result.ok) use(result.config); else report(result.issues);
 */
export type ConfigValidation<T> = { readonly ok: true; readonly config: T } | { readonly ok: false; readonly issues: readonly ConfigIssue[] };

const pointer = (path: string, key: string | number): string => `${path}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Compiled patterns, keyed by source, so that validation on every write does not recompile them. */
const patterns = new Map<string, RegExp | null>();
function compilePattern(source: string): RegExp | null {
  let compiled = patterns.get(source);
  if (compiled === undefined) {
    try {
      compiled = new RegExp(source, 'u');
    } catch {
      compiled = null;
    }
    if (patterns.size > 1000) patterns.clear();
    patterns.set(source, compiled);
  }
  return compiled;
}

function check(field: FieldSchema, value: unknown, path: string, issues: ConfigIssue[]): unknown {
  switch (field.type) {
    case 'string': {
      if (typeof value !== 'string') return void issues.push({ path, message: `must be a string, got ${typeName(value)}` });
      if (field.enum && !field.enum.includes(value)) issues.push({ path, message: `must be one of ${field.enum.map((e) => JSON.stringify(e)).join(', ')}` });
      const length = [...value].length;
      if (field.minLength !== undefined && length < field.minLength) issues.push({ path, message: `must be at least ${field.minLength} characters` });
      if (field.maxLength !== undefined && length > field.maxLength) issues.push({ path, message: `must be at most ${field.maxLength} characters` });
      if (field.pattern !== undefined && !compilePattern(field.pattern)?.test(value)) issues.push({ path, message: `must match ${field.pattern}` });
      if (field.format === 'regex' && compilePattern(value) === null) issues.push({ path, message: 'must be a valid regular expression' });
      if (field.format === 'uri' && !URL.canParse(value)) issues.push({ path, message: 'must be an absolute URL' });
      return value;
    }
    case 'number':
    case 'integer': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return void issues.push({ path, message: `must be a number, got ${typeName(value)}` });
      if (field.type === 'integer' && !Number.isInteger(value)) issues.push({ path, message: 'must be an integer' });
      if (field.minimum !== undefined && value < field.minimum) issues.push({ path, message: `must be at least ${field.minimum}` });
      if (field.maximum !== undefined && value > field.maximum) issues.push({ path, message: `must be at most ${field.maximum}` });
      if (field.enum && !field.enum.includes(value)) issues.push({ path, message: `must be one of ${field.enum.join(', ')}` });
      return value;
    }
    case 'boolean':
      if (typeof value !== 'boolean') return void issues.push({ path, message: `must be a boolean, got ${typeName(value)}` });
      return value;
    case 'array': {
      if (!Array.isArray(value)) return void issues.push({ path, message: `must be an array, got ${typeName(value)}` });
      if (field.minItems !== undefined && value.length < field.minItems) issues.push({ path, message: `must have at least ${field.minItems} items` });
      if (field.maxItems !== undefined && value.length > field.maxItems) issues.push({ path, message: `must have at most ${field.maxItems} items` });
      const items = value.map((item, index) => check(field.items, item, pointer(path, index), issues));
      if (field.uniqueItems && new Set(items.map((item) => JSON.stringify(item))).size !== items.length) {
        issues.push({ path, message: 'must not contain duplicate items' });
      }
      return items;
    }
    case 'object': {
      if (!isPlainObject(value)) return void issues.push({ path, message: `must be an object, got ${typeName(value)}` });
      // Null-prototype output: keys such as `__proto__` in operator input stay plain data.
      const out: Record<string, unknown> = Object.create(null);
      if ('properties' in field) {
        for (const key of Object.keys(value)) {
          if (!Object.hasOwn(field.properties, key)) issues.push({ path: pointer(path, key), message: 'is not a known setting' });
        }
        const required = new Set<string>(field.required ?? []);
        for (const [key, property] of Object.entries(field.properties)) {
          if (Object.hasOwn(value, key) && value[key] !== undefined) out[key] = check(property, value[key], pointer(path, key), issues);
          else if (property.default !== undefined) out[key] = structuredClone(property.default);
          else if (required.has(key)) issues.push({ path: pointer(path, key), message: 'is required' });
        }
      } else {
        const entries = Object.entries(value);
        if (field.maxProperties !== undefined && entries.length > field.maxProperties) {
          issues.push({ path, message: `must have at most ${field.maxProperties} entries` });
        }
        for (const [key, entry] of entries) out[key] = check(field.additionalProperties, entry, pointer(path, key), issues);
      }
      return { ...out };
    }
  }
}

/**
 * Validates a config against a schema and applies defaults. Never throws on bad input: problems come back as
 * issues with JSON Pointer paths, ready to show to an operator.
 *
 * @example
 * const result = validateConfig(configSchema, { secret: 'too-short' });
 * if (!result.ok) console.log(result.issues); // [{ path: '/secret', message: 'must be at least 32 characters' }]
 */
export function validateConfig<S extends ConfigSchema>(configSchema: S, input: unknown): ConfigValidation<ConfigOf<S>> {
  const issues: ConfigIssue[] = [];
  const config = check(configSchema, input === undefined ? {} : input, '', issues);
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, config: config as ConfigOf<S> };
}

/**
 * Checks a schema itself (not a value): every field described, known types and keywords, patterns that compile,
 * defaults that validate. Returns problems as text; an empty list means the schema is usable.
 *
 * @example
 * schemaProblems(schema.object({ description: 'x', properties: { a: { type: 'string', description: '' } } }));
 * // ['/a: every field needs a description']
 */
export function schemaProblems(configSchema: unknown): string[] {
  const problems: string[] = [];
  const visit = (field: unknown, path: string): void => {
    const where = path || '(root)';
    const before = problems.length;
    if (!isPlainObject(field)) return void problems.push(`${where}: a field schema must be an object`);
    if (typeof field.description !== 'string' || field.description.trim() === '') problems.push(`${where}: every field needs a description`);
    switch (field.type) {
      case 'string':
        if (typeof field.pattern === 'string' && compilePattern(field.pattern) === null) problems.push(`${where}: pattern does not compile`);
        break;
      case 'number':
      case 'integer':
      case 'boolean':
        break;
      case 'array':
        visit(field.items, `${path}/items`);
        break;
      case 'object':
        if (isPlainObject(field.properties)) {
          for (const [key, property] of Object.entries(field.properties)) visit(property, pointer(path, key));
          if (Array.isArray(field.required)) {
            for (const key of field.required) {
              if (typeof key !== 'string' || !Object.hasOwn(field.properties, key)) problems.push(`${where}: required names unknown property ${String(key)}`);
            }
          }
        } else if (isPlainObject(field.additionalProperties)) {
          visit(field.additionalProperties, `${path}/*`);
        } else {
          problems.push(`${where}: an object field needs properties or an additionalProperties schema`);
        }
        break;
      default:
        return void problems.push(`${where}: unsupported type ${JSON.stringify(field.type)}`);
    }
    if (field.default !== undefined && problems.length === before) {
      const issues: ConfigIssue[] = [];
      check(field as unknown as FieldSchema, field.default, path, issues);
      for (const issue of issues) problems.push(`${where}: default ${issue.message}`);
    }
  };
  if (!isPlainObject(configSchema) || configSchema.type !== 'object' || !isPlainObject(configSchema.properties)) {
    return ['the config schema must be an object schema with properties (use schema.object)'];
  }
  visit(configSchema, '');
  return problems;
}
